//! Offline sync: the per-client change counter and the changes feed.

mod cursor;
pub mod dto;
pub(crate) mod epoch;
pub(crate) mod routes;
mod seq;
pub(crate) mod service;

pub use seq::{lock_client, next_change_seq};
