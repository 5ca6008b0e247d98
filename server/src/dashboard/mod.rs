//! The therapist's adherence dashboard: who practises, who is slipping, who needs attention now.

pub mod dto;
pub mod metrics;
mod queries;
pub mod routes;
pub mod service;
pub mod summary;
