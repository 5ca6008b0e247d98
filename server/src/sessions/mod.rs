//! The session log of a client's course: which sessions were held, cancelled, missed or moved.
//! IPT counts sessions held, not weeks; `docs/treatment.md` defines every computation.

pub mod dto;
pub(crate) mod model;
pub(crate) mod record;
pub(crate) mod routes;
pub(crate) mod service;
