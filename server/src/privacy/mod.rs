//! A client's rights over its data: export everything (JSON or FHIR R4) and erasure.

mod fhir;
pub mod routes;
mod service;

pub use service::{Export, erase_client, export_client};
