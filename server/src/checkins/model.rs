//! The check-in feature's domain types: a check-in as parsed and as stored, what a listing
//! asks for, the signal of a refused check-in, and moods by person.

use crate::domain::{Gad7Answers, Phq9Alert, Phq9Answers, Score0To10};
use crate::safety::model::OpenedAlert;
use chrono::{DateTime, Utc};
use entities::{CheckinId, RelationshipId, checkin};

/// A check-in as the client wrote it (already parsed).
#[derive(Debug, Clone)]
pub struct NewCheckin {
    pub id: CheckinId,
    pub recorded_at: DateTime<Utc>,
    pub mood: Score0To10,
    pub note: Option<String>,
    pub relationship_id: Option<RelationshipId>,
    pub phq9: Option<Phq9Answers>,
    pub gad7: Option<Gad7Answers>,
}

impl NewCheckin {
    /// Whether a stored row holds exactly this check-in (a replay of the same write).
    pub(super) fn matches(&self, row: &checkin::Model) -> bool {
        row.recorded_at == self.recorded_at
            && row.mood == i32::from(self.mood.get())
            && row.note == self.note
            && row.relationship_id == self.relationship_id
            && row.phq9 == self.phq9.map(Phq9Answers::to_stored)
            && row.gad7 == self.gad7.map(Gad7Answers::to_stored)
    }
}

/// A stored check-in and the alert it opened, if it carries a safety signal.
#[derive(Debug, Clone)]
pub struct StoredCheckin {
    pub row: checkin::Model,
    pub alert: Option<OpenedAlert>,
}

/// Which check-ins to list.
#[derive(Debug, Clone, Default)]
pub struct CheckinFilter {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// The last (recorded_at, id) of the previous page.
    pub after: Option<(DateTime<Utc>, CheckinId)>,
}

/// The safety signal of a check-in the server refused (a field error or an id conflict).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedSignal {
    /// The alert the answers open (none: resources only).
    pub alert: Option<Phq9Alert>,
    pub phq9_total: Option<i32>,
    pub recorded_at: Option<DateTime<Utc>>,
    /// The submitted id, or a hash of a body without one: one alert per submission.
    pub dedupe_key: uuid::Uuid,
}

/// The moods of the check-ins that name one person (or, with no person, of those that name
/// nobody).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct MoodWithPerson {
    /// The inventory person named; `None` for the check-ins that name nobody.
    pub person: Option<RelationshipId>,
    /// The mean mood of those check-ins.
    pub mean: f64,
    /// How many there are.
    pub checkins: u64,
}

/// One client's check-in, waiting for its turn in a group commit.
#[derive(Debug, Clone)]
pub struct CheckinWrite {
    pub client: entities::ClientId,
    pub now: DateTime<Utc>,
    pub new: NewCheckin,
    pub actor: crate::audit::Actor,
}
