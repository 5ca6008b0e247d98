//! A client as the rules see it: the stored row, with its course of treatment read and checked
//! once. Every date of the client is in its own zone.

use crate::domain::{PlannedSessions, Timezone, Treatment};
use chrono::{DateTime, Days, NaiveDate, Utc};
use entities::{ClientId, client};
use sea_orm::DbErr;

/// A client and its course of treatment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    row: client::Model,
    treatment: Treatment,
}

impl TryFrom<client::Model> for Client {
    type Error = DbErr;

    /// Fails (and logs the client's id) when the stored course does not pass the rules it was
    /// written under: a silent default would show the client a wrong treatment.
    fn try_from(row: client::Model) -> Result<Self, DbErr> {
        let planned_sessions = PlannedSessions::parse(i64::from(row.planned_sessions))
            .map_err(|reason| {
                tracing::error!(client_id = %row.id, reason, "stored planned_sessions does not parse");
                DbErr::Type(format!("client {}: planned_sessions {reason}", row.id))
            })?;
        let treatment = Treatment {
            start_date: row.treatment_start_date,
            planned_sessions,
            problem_areas: row.problem_areas.areas().to_vec(),
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

    /// The dates of the planned weekly sessions, first to last.
    #[must_use]
    pub fn session_dates(&self) -> Vec<NaiveDate> {
        (0..u64::from(self.treatment.planned_sessions.get()))
            .filter_map(|k| self.treatment.start_date.checked_add_days(Days::new(7 * k)))
            .collect()
    }
}
