//! The audit trail: every read of a client's records by someone other than the client, every
//! write, export, erasure, sign-in, failed sign-in and authorization failure leaves exactly one
//! row — written in the same transaction as the write it records, and naming ids only, never
//! what a record says.

pub mod dto;
pub mod routes;
pub mod service;

pub use service::{
    Action, Actor, Event, ObjectType, Outcome, ReadLog, ReadWriter, record, record_each,
};
