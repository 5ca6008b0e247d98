//! Mood check-ins with optional PHQ-9 and GAD-7 answers: the mood-and-relationship diary.
//! Phones write them offline with their own ids; a replay is answered, never duplicated.

pub mod dto;
pub(crate) mod model;
pub(crate) mod record;
pub(crate) mod routes;
pub(crate) mod service;

pub use service::refused_signal;
