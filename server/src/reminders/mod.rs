//! Reminders: the client's settings (practice prompts, daily check-in reminder, quiet hours).

pub mod routes;
pub mod settings;
