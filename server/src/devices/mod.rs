//! Devices: a client's phones registered for push notifications.

pub mod dto;
pub(crate) mod model;
pub(crate) mod record;
pub(crate) mod routes;
pub(crate) mod service;

pub use service::forget_session;
