//! Courses of treatment. A client starts with an acute course (weekly, 8–24 sessions, three
//! phases); after it ends, the therapist may start a maintenance course (sessions every few
//! weeks, their number chosen) or, after a relapse, another acute course. A client keeps every
//! course with its own session log; the one with the highest number is current, and the
//! treatment, the session log and the reminders follow it.

pub mod dto;
pub(crate) mod model;
pub(crate) mod record;
pub(crate) mod routes;
pub(crate) mod service;
