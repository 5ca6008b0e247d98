//! Offline sync: the per-client change counter and the changes feed.

pub mod dto;
pub mod routes;
mod seq;
pub mod service;

pub use seq::{lock_client, next_change_seq};
