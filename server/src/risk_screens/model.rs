//! The risk-screen feature's domain types: the ASQ's answers with their scoring, a screen as
//! parsed and as stored, and the signal of a refused screen.

use crate::safety::model::OpenedAlert;
use chrono::{DateTime, Utc};
use entities::CheckinId;
use entities::risk_screen::RiskScreenId;
use entities::risk_screen::{self, Instrument, ScreenOutcome};
use entities::safety_alert::{AlertKind, Urgency};

/// The ASQ's answers, checked: question 5 is answered exactly when any of 1–4 is yes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AsqAnswers {
    pub(super) first_four: [bool; 4],
    pub(super) q5: Option<bool>,
}

impl AsqAnswers {
    /// Checks the ASQ's rule for question 5.
    ///
    /// # Errors
    /// Question 5 missing after a yes to any of 1–4, or answered after four noes.
    pub fn parse(
        q1: bool,
        q2: bool,
        q3: bool,
        q4: bool,
        q5: Option<bool>,
    ) -> Result<Self, &'static str> {
        let first_four = [q1, q2, q3, q4];
        let any_yes = first_four.contains(&true);
        match (any_yes, q5) {
            (true, None) => Err("must be answered when any of questions 1–4 is yes"),
            (false, Some(_)) => Err("must be null when questions 1–4 are all no"),
            _ => Ok(Self { first_four, q5 }),
        }
    }

    /// The outcome by the ASQ's scoring: any yes to 1–4 is positive; a yes to 5 makes it acute.
    #[must_use]
    pub fn outcome(self) -> ScreenOutcome {
        match (self.first_four.contains(&true), self.q5) {
            (false, _) => ScreenOutcome::Negative,
            (true, Some(true)) => ScreenOutcome::AcutePositive,
            (true, _) => ScreenOutcome::NonAcutePositive,
        }
    }

    /// The alert the outcome opens: none for a negative screen (which never closes one either).
    #[must_use]
    pub fn alert(self) -> Option<(AlertKind, Urgency)> {
        match self.outcome() {
            ScreenOutcome::Negative => None,
            ScreenOutcome::NonAcutePositive => Some((AlertKind::AsqPositive, Urgency::Normal)),
            ScreenOutcome::AcutePositive => Some((AlertKind::AcuteRisk, Urgency::Urgent)),
        }
    }
}

/// A screen as the client answered it (already parsed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRiskScreen {
    pub id: RiskScreenId,
    pub recorded_at: DateTime<Utc>,
    pub checkin: Option<CheckinId>,
    pub answers: AsqAnswers,
}

impl NewRiskScreen {
    pub(super) fn matches(&self, row: &risk_screen::Model) -> bool {
        let [q1, q2, q3, q4] = self.answers.first_four;
        row.recorded_at == self.recorded_at
            && row.checkin_id == self.checkin
            && row.instrument == Instrument::Asq
            && (row.q1, row.q2, row.q3, row.q4, row.q5) == (q1, q2, q3, q4, self.answers.q5)
    }
}

/// A stored screen and the alert it opened, if it was positive.
#[derive(Debug, Clone)]
pub struct StoredScreen {
    pub row: risk_screen::Model,
    pub alert: Option<OpenedAlert>,
}

/// The signal of a refused screen body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedScreen {
    pub alert: Option<(AlertKind, Urgency)>,
    /// The submitted id, or a hash of a body without a usable one.
    pub dedupe_key: uuid::Uuid,
}
