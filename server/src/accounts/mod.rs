//! Accounts: a therapist signs up; anyone signed in asks who they are.

pub mod dto;
pub mod routes;
pub mod service;
