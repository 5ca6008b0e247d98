//! Clients and their course of treatment; who may see which client.

mod access;
mod aggregate;
pub mod dto;
pub mod routes;
mod service;

pub use access::{
    ClientAccess, authorize, authorize_client, authorize_therapist, require_therapist,
};
pub use aggregate::Client;
pub use service::{
    NewClient, client_today, client_treatment, create_client, list_clients, new_invite,
    update_treatment,
};
