//! Accounts: a therapist signs up; anyone signed in asks who they are.

pub mod dto;
pub(crate) mod model;
pub(crate) mod routes;
pub(crate) mod service;
