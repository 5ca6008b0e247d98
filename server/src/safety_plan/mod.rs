//! The Stanley–Brown safety plan: warning signs, internal coping strategies, people and places
//! for distraction, people to ask for help, professionals and crisis lines, making the
//! environment safe, and reasons for living. The therapist and the client write it together
//! in session, so either may read and write it; each write is a new version, and `If-Match`
//! keeps one from overwriting the other unseen.

pub mod dto;
pub(crate) mod plan;
pub(crate) mod record;
pub(crate) mod routes;
pub(crate) mod service;

pub(crate) use crate::documents::PlanAuthor;
pub(crate) use dto::SafetyPlanResponse;
pub(crate) use service::changed_since;
pub use service::{PlanVersion, load, usable};
