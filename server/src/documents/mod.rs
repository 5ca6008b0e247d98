//! A client's versioned documents: the safety plan, the formulation with its goals, and the
//! relapse-prevention plan. Each is one object, replaced whole; each write is one version more,
//! the version is the `ETag`, and `If-Match` keeps one writer from overwriting another unseen.
//! The features own their contents and rules; this module owns storing, versions and
//! preconditions, once for all of them.

pub(crate) mod model;
pub(crate) mod routes;
pub(crate) mod service;

pub use model::{Mention, PlanAuthor, Version, VersionInfo};
pub use service::Document;
