//! The built-in IPT communication-skill exercises and the logs of practising them.

pub mod dto;
mod library;
pub(crate) mod model;
pub(crate) mod record;
pub(crate) mod routes;
pub(crate) mod service;

pub use library::{EXERCISES, find};
