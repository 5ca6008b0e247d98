//! Homework: assignments a therapist gives at a session, due before the next one.

pub mod dto;
pub(crate) mod model;
pub(crate) mod record;
pub(crate) mod routes;
pub(crate) mod service;

pub use dto::HomeworkStatus;
