//! Homework: assignments a therapist gives at a session, due before the next one.

pub mod routes;
mod service;

pub use service::{HomeworkFields, HomeworkStatus, assign, cancel, complete, list, update};
