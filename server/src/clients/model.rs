//! The clients feature's domain types: a client as a therapist creates it, and a change of its
//! treatment.

use crate::domain::{DisplayName, LocalTimeOfDay, Timezone, Treatment};
use uuid::Uuid;

/// A client as a therapist creates it.
#[derive(Debug, Clone)]
pub struct NewClient {
    pub display_name: DisplayName,
    pub timezone: Timezone,
    pub treatment: Treatment,
    /// Local time of day of the weekly session.
    pub session_time: LocalTimeOfDay,
    /// ISO 3166-1 alpha-2 region (crisis resources); `None`: derived from the zone.
    pub region: Option<String>,
    /// Whether the questionnaire before each session asks for the GAD-7 too.
    pub gad7_enabled: bool,
}

/// A course as a therapist sets it, with what else the treatment request says.
#[derive(Debug, Clone)]
pub struct TreatmentChange {
    /// Dates, length and focus.
    pub treatment: Treatment,
    /// The session time.
    pub session_time: LocalTimeOfDay,
    /// The GAD-7 asked for or not; `None`: unchanged.
    pub gad7_enabled: Option<bool>,
    /// The chosen baseline; `None`: unchanged; `Some(None)`: the intake rule.
    pub baseline_checkin_id: Option<Option<Uuid>>,
}

/// What the initial phase's derived items are read from, besides the client and its course.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InitialPhaseFacts {
    /// At least one person is in the interpersonal inventory.
    pub inventory: bool,
    /// A formulation was written (IPT shares it with the client, who reads it).
    pub formulation: bool,
}
