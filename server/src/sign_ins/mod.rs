//! A therapist's sign-ins: the list of where the account is signed in (the API and the web
//! pages), and revoking one of them.

pub mod dto;
pub(crate) mod model;
pub(crate) mod routes;
pub(crate) mod service;
