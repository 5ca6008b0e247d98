//! The interpersonal inventory: the important people in the client's life. Written by the
//! client or its therapist (it is built together in the first sessions).

pub mod dto;
pub(crate) mod model;
pub(crate) mod record;
pub(crate) mod routes;
pub(crate) mod service;
