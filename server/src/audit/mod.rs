//! The audit trail: every read of a client's records by someone other than the client, every
//! write, export, erasure, sign-in, failed sign-in and authorization failure leaves exactly one
//! row — written in the same transaction as the write it records, and naming ids only, never
//! what a record says.

pub mod dto;
pub(crate) mod model;
pub(crate) mod routes;
pub(crate) mod service;

pub use model::{Actor, Event};
pub use service::{Action, ObjectType, ReadLog, record, record_each};
