//! The client aggregate: a client's stored row with its current course of treatment and that
//! course's session log, read and checked once. Below the features, so that the client, course,
//! session and reminder features can all build on it without importing each other.

mod client;
mod load;

pub(crate) use client::Client;
pub(crate) use load::{courses_of, latest_acute, load_client, load_clients, marks_of};
