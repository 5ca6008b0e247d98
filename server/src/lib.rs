//! IPT Companion backend: the v1 API of the phone app and the therapist dashboard.
//!
//! One [`startup::Application`] serves both the binary and the tests.

pub mod audit;
pub mod auth;
pub mod checkins;
pub mod clients;
pub mod clock;
pub mod configuration;
pub mod dashboard;
pub mod db;
pub mod devices;
pub mod domain;
pub mod error;
pub mod exercises;
pub mod extract;
pub mod group_commit;
pub mod homework;
pub mod lease;
pub mod limits;
pub mod me;
pub mod observability;
pub mod ops;
pub mod pages;
pub mod pagination;
pub mod privacy;
pub mod push;
pub mod relationships;
pub mod reminders;
pub mod safety;
pub mod safety_plan;
pub mod seed;
pub mod startup;
pub mod state;
pub mod sync;
pub mod telemetry;
pub mod therapists;
