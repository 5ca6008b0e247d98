//! The therapist's adherence dashboard: who practises, who is slipping, who needs attention now.

pub mod metrics;
pub mod routes;
pub mod service;
pub mod summary;
