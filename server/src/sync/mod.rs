//! Offline sync: the per-client change counter and the changes feed.

pub mod feed;
mod seq;

pub use seq::{lock_client, next_change_seq};
