//! Clients and their course of treatment; who may see which client.

mod access;
mod aggregate;
pub mod dto;
pub(crate) mod routes;
mod service;

pub(crate) use access::{authorize, authorize_client, authorize_therapist, require_therapist};
pub(crate) use aggregate::Client;
pub(crate) use service::{
    derive_missing_regions, load_client, locales_of, reload_client, request_language,
    set_own_settings, set_region,
};
