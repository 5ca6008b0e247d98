//! A client as the rules see it: the stored row, with its course of treatment read and checked
//! once. Every date of the client is in its own zone.

use crate::domain::{
    PlannedSessions, Session, SessionMark, SessionStatus, Timezone, Treatment, sessions,
};
use chrono::{DateTime, NaiveDate, Utc};
use entities::{ClientId, client};
use sea_orm::DbErr;

/// A client and its course of treatment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    row: client::Model,
    treatment: Treatment,
}

impl TryFrom<(client::Model, Vec<SessionMark>)> for Client {
    type Error = DbErr;

    /// The client from its row and its session log. Fails (and logs the client's id) when the
    /// stored course does not pass the rules it was written under: a silent default would
    /// show the client a wrong treatment.
    fn try_from((row, marks): (client::Model, Vec<SessionMark>)) -> Result<Self, DbErr> {
        let planned_sessions = PlannedSessions::parse(i64::from(row.planned_sessions))
            .map_err(|reason| {
                tracing::error!(client_id = %row.id, reason, "stored planned_sessions does not parse");
                DbErr::Type(format!("client {}: planned_sessions {reason}", row.id))
            })?;
        let treatment = Treatment {
            start_date: row.treatment_start_date,
            planned_sessions,
            problem_areas: row.problem_areas.areas().to_vec(),
            marks,
        };
        Ok(Self { row, treatment })
    }
}

impl Client {
    /// The stored row.
    #[must_use]
    pub fn row(&self) -> &client::Model {
        &self.row
    }

    /// The client's id.
    #[must_use]
    pub fn id(&self) -> ClientId {
        self.row.id
    }

    /// The client's zone.
    #[must_use]
    pub fn timezone(&self) -> Timezone {
        self.row.timezone
    }

    /// The course of treatment.
    #[must_use]
    pub fn treatment(&self) -> &Treatment {
        &self.treatment
    }

    /// Today's date in the client's zone.
    #[must_use]
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.row.timezone.tz()).date_naive()
    }

    /// The dates of the sessions that take their place in the course, first to last.
    #[must_use]
    pub fn session_dates(&self) -> Vec<NaiveDate> {
        self.treatment
            .schedule()
            .into_iter()
            .map(|(_, date)| date)
            .collect()
    }

    /// Every session of the course at `now` (see `docs/treatment.md`).
    #[must_use]
    pub fn sessions(&self, now: DateTime<Utc>) -> Vec<Session> {
        sessions(
            self.treatment.start_date,
            u16::from(self.treatment.planned_sessions.get()),
            &self.treatment.marks,
            self.row.timezone.tz(),
            self.row.session_time,
            now,
        )
    }

    /// Sessions held by `now`, marked or presumed.
    #[must_use]
    pub fn sessions_held(&self, now: DateTime<Utc>) -> u16 {
        let held = self
            .sessions(now)
            .iter()
            .filter(|s| s.status == SessionStatus::Held)
            .count();
        u16::try_from(held).unwrap_or(u16::MAX)
    }

    /// When the next session is, if one is still to come.
    #[must_use]
    pub fn next_session_at(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.sessions(now)
            .iter()
            .filter(|s| s.status == SessionStatus::Planned && s.scheduled_for > now)
            .map(|s| s.scheduled_for)
            .min()
    }

    /// The same client with `marks` as its session log (after a mark was written).
    #[must_use]
    pub fn with_marks(mut self, marks: Vec<SessionMark>) -> Self {
        self.treatment.marks = marks;
        self
    }
}
