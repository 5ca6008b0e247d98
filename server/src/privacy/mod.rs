//! A client's rights over its data: export everything (JSON or FHIR R4) and erasure, down to
//! the bytes in the database files (`at_rest`).

pub mod at_rest;
pub(crate) mod dto;
mod fhir;
pub(crate) mod routes;
mod service;
