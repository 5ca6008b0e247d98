//! Storage rows of IPT Companion as sea-orm entities, and the typed ids they use.
//!
//! These are storage, not API: request and response bodies live in the server crate as their
//! own structs, so a new column never leaks into a response and a body never assigns a column.

pub mod account_token;
pub mod address_request;
pub mod alert_delivery;
pub mod alert_delivery_attempt;
pub mod audit_entry;
pub mod auth_session;
pub mod auth_token;
pub mod checkin;
pub mod client;
pub mod client_document;
pub mod client_document_version;
pub mod course;
pub mod device;
pub mod exercise_log;
pub mod goal_rating;
pub mod homework;
pub mod ids;
pub mod invite;
pub mod mfa_challenge;
pub mod mfa_recovery_code;
pub mod outbox;
pub mod problem_area;
pub mod reading_open;
pub mod relapse_episode;
pub mod relapse_review;
pub mod relationship;
pub mod reminder_settings;
pub mod risk_screen;
pub mod safety_alert;
pub mod session_mark;
pub mod sign_in_account;
pub mod sign_in_failure;
pub mod therapist;
pub mod therapist_device;
pub mod therapist_totp;
pub mod token_key;
pub mod values;

pub use ids::*;
pub use problem_area::ProblemArea;
pub use values::{LocalTimeOfDay, ProblemAreaSet, Timezone};
