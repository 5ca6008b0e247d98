//! Clients and their course of treatment; who may see which client.

mod access;
pub mod dto;
pub(crate) mod model;
pub(crate) mod record;
pub(crate) mod routes;
mod service;

pub(crate) use access::{
    ClientAccess, authorize, authorize_client, authorize_therapist, require_therapist,
};
pub(crate) use service::{
    derive_missing_regions, exists, initial_phase_facts, reload_client, request_language,
    set_own_settings, set_region,
};
