//! The secrets behind every sign-in: the server's token key, random and derived tokens (stored
//! only as SHA-256 hashes), and password hashing (argon2id). A leaf with no crate imports, so
//! that sign-in, second factors and account links can all use it without importing each
//! other.

pub(crate) mod keys;
pub(crate) mod password;
pub mod tokens;

pub use keys::{TokenKey, load_token_key};
pub use password::hash_password;
