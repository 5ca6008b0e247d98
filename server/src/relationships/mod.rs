//! The interpersonal inventory: the important people in the client's life. Written by the
//! client or its therapist (it is built together in the first sessions).

pub mod dto;
pub mod routes;
pub mod service;

pub use service::{
    RelationshipFields, create_relationship, delete_relationship, list_relationships,
    update_relationship,
};
