//! Psychoeducation: short readings for the client, each belonging to a phase of treatment
//! (depression as an illness and the sick role first, relapse warning signs at the end), and
//! which of them the client has opened.

pub mod dto;
pub mod library;
pub(crate) mod record;
pub(crate) mod routes;
pub(crate) mod service;
