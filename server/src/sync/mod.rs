//! Offline sync: the per-client change counter and the changes feed.

pub mod dto;
pub(crate) mod routes;
mod seq;
pub(crate) mod service;

pub use seq::{lock_client, next_change_seq};
