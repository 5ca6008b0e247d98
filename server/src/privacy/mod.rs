//! A client's rights over its data: export everything (JSON or FHIR R4) and erasure (whose
//! bytes `crate::at_rest` then removes from the database files).

pub(crate) mod routes;
mod service;
