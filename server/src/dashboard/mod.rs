//! The therapist's adherence dashboard: who practises, who is slipping, who needs attention now.

pub(crate) mod course_summary;
pub mod dto;
pub mod metrics;
mod queries;
pub(crate) mod routes;
pub(crate) mod service;
pub mod summary;
