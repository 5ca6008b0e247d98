//! The safety loop: a PHQ-9 item-9 answer above 0 opens an alert for the client's therapist
//! (also when the check-in itself is refused), which notifies them at once through every
//! configured channel (e-mail, a Standard Webhooks webhook, push to their phone), escalates to
//! on-call when nobody acknowledges it in time, and outlives the client's erasure until it is
//! acknowledged. The client sees crisis resources that say what will really happen, and can
//! fetch them at any time, signed out. `docs/safety.md` describes it minute by minute.

pub(crate) mod crisis;
pub(crate) mod devices;
pub mod dto;
pub(crate) mod model;
pub mod notify;
pub(crate) mod record;
pub(crate) mod routes;
pub(crate) mod service;
pub(crate) mod webhook;

/// What a handler needs to answer a safety signal: the crisis resources by region and the
/// channels an alert notifies through. App data of its own, not part of `AppState`.
pub struct SafetyNet {
    /// Crisis resources by region.
    pub crisis: std::sync::Arc<crisis::CrisisCatalog>,
    /// The channels a safety alert notifies through.
    pub channels: model::Channels,
}
