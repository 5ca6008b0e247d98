//! Black-box tests over HTTP against the real application.

mod accounts;
mod clients;
mod errors;
mod operations;
