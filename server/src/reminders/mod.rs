//! Reminders: the client's settings, the planner that turns them into an outbox of concrete
//! occurrences, and the dispatcher that sends those through FCM.

pub mod dispatch;
pub mod dto;
pub mod kind;
pub mod lapse;
pub(crate) mod plan;
pub mod planner;
pub(crate) mod record;
pub(crate) mod routes;
pub mod service;
pub mod settings;
pub mod worker;
