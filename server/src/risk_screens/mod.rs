//! The ASQ (Ask Suicide-Screening Questions, NIMH; public domain) follow-up screen: after a
//! safety signal the app asks it, and the server stores and scores the answers (it ships no
//! question wording). A positive screen opens a safety alert; an acute positive one is urgent:
//! the therapist and on-call are told at once.

pub mod dto;
pub(crate) mod model;
pub(crate) mod record;
pub(crate) mod routes;
pub mod service;
