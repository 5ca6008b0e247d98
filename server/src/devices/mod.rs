//! Devices: a client's phones registered for push notifications.

pub mod dto;
pub mod routes;
pub(crate) mod service;

pub use service::{
    Platform, Registered, forget_session_devices, list_devices, register_device, remove_device,
};
