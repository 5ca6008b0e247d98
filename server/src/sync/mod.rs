//! Offline sync: the per-client change counter and the changes feed.

mod cursor;
pub mod dto;
pub(crate) mod epoch;
pub(crate) mod routes;
pub(crate) mod service;
