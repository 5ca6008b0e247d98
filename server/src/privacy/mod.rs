//! A client's rights over its data: export everything (JSON or FHIR R4) and erasure.

pub(crate) mod dto;
mod fhir;
pub(crate) mod routes;
mod service;
