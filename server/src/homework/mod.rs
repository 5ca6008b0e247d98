//! Homework: assignments a therapist gives at a session, due before the next one.

pub mod dto;
pub mod routes;
pub mod service;

pub use dto::HomeworkStatus;
