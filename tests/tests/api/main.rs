//! Black-box tests over HTTP against the real application.

mod accounts;
mod checkins;
mod clients;
mod conflicts;
mod courses;
mod dashboard;
mod devices;
mod errors;
mod formulation;
mod inventory;
mod limits;
mod matrix;
mod operations;
mod pages;
mod phone_sign_in;
mod privacy;
mod push;
mod readings;
mod records;
mod reminders;
mod safety;
mod safety_plan;
mod schema;
mod seed;
mod sessions;
mod sync;
