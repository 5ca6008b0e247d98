//! How the pages write times and names: every instant in the therapist's zone, and every
//! stored key (a reminder kind, an exercise, a status) as words a clinician reads, never as
//! the snake_case key the API uses.

use crate::domain::{Phase, SessionStatus, Timezone};
use crate::homework::dto::HomeworkStatus;
use crate::i18n::Lang;
use crate::reminders::dto::NotificationStatus;
use crate::reminders::kind::ReminderKind;
use chrono::{DateTime, NaiveDate, Utc};

/// The therapist's zone, in which the pages write every instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Times(Timezone);

impl Times {
    /// Times in `zone`.
    #[must_use]
    pub fn new(zone: Timezone) -> Self {
        Self(zone)
    }

    /// The zone's IANA name.
    #[must_use]
    pub fn zone_name(self) -> &'static str {
        self.0.name()
    }

    /// `2026-03-10 10:00 CET`: the zone's abbreviation (or offset) says which zone it is.
    #[must_use]
    pub fn at(self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.0.tz())
            .format("%Y-%m-%d %H:%M %Z")
            .to_string()
    }

    /// [`Self::at`], or a dash for nothing.
    #[must_use]
    pub fn maybe(self, at: Option<DateTime<Utc>>) -> String {
        at.map_or_else(|| "—".to_owned(), |at| self.at(at))
    }

    /// The date of `at` in the therapist's zone.
    #[must_use]
    pub fn date(self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.0.tz()).date_naive()
    }
}

/// An instant in the client's zone, for what the client did "at 3 a.m. their time".
#[must_use]
pub fn client_time(at: DateTime<Utc>, zone: Option<Timezone>) -> String {
    zone.map_or_else(
        || at.format("%Y-%m-%d %H:%M UTC").to_string(),
        |zone| Times::new(zone).at(at),
    )
}

/// A reminder kind as the therapist reads it.
#[must_use]
pub fn reminder_kind(kind: ReminderKind) -> &'static str {
    match kind {
        ReminderKind::PracticePrompt => "Exercise practice prompt",
        ReminderKind::CheckinReminder => "Daily check-in reminder",
        ReminderKind::HomeworkDue => "Homework due tomorrow",
        ReminderKind::SessionReminder => "Session tomorrow",
        ReminderKind::TreatmentCountdown => "End-of-treatment countdown",
        ReminderKind::Maintenance => "Maintenance check-in",
        ReminderKind::StayConnected => "Sign-in about to lapse: open the app",
        ReminderKind::QuestionnaireDue => "Questionnaire before the session",
    }
}

/// Where a reminder's delivery stands, in words.
#[must_use]
pub fn notification_status(status: NotificationStatus) -> &'static str {
    match status {
        NotificationStatus::Pending => "waiting to be sent",
        NotificationStatus::Sent => "sent",
        NotificationStatus::Failed => "failed",
        NotificationStatus::Skipped => "not sent (no phone registered, or push off)",
        NotificationStatus::Missed => "not sent in time",
    }
}

/// An exercise's title (the dashboard is in English); an unknown key (an exercise since
/// retired) as plain words.
#[must_use]
pub fn exercise(key: &str) -> String {
    crate::exercises::find(key).map_or_else(|| words(key), |e| e.title(&Lang::english()))
}

/// The label of one of an exercise's prompts (retired ones keep theirs); an unknown key as
/// plain words.
#[must_use]
pub fn prompt(exercise_key: &str, prompt_key: &str) -> String {
    crate::exercises::find(exercise_key)
        .and_then(|e| Some((e, e.prompts.iter().find(|p| p.key == prompt_key)?)))
        .map_or_else(|| words(prompt_key), |(e, p)| e.label(p, &Lang::english()))
}

/// Where homework stands, in words.
#[must_use]
pub fn homework_status(status: HomeworkStatus) -> &'static str {
    match status {
        HomeworkStatus::Assigned => "assigned",
        HomeworkStatus::Completed => "completed",
        HomeworkStatus::Cancelled => "withdrawn",
    }
}

/// A session's status, in words.
#[must_use]
pub fn session_status(status: SessionStatus, confirmed: bool) -> &'static str {
    match (status, confirmed) {
        (SessionStatus::Held, true) => "held",
        (SessionStatus::Held, false) => "held (presumed: not marked)",
        (SessionStatus::Planned, _) => "planned",
        (SessionStatus::Cancelled, _) => "cancelled",
        (SessionStatus::NoShow, _) => "missed (no-show)",
    }
}

/// A phase of treatment, in words.
#[must_use]
pub fn phase(p: Phase) -> &'static str {
    match p {
        Phase::Initial => "initial",
        Phase::Middle => "middle",
        Phase::Termination => "termination",
        Phase::Ended => "ended",
    }
}

/// `role_dispute` → `role dispute`: the last resort for a key without a label.
fn words(key: &str) -> String {
    key.replace('_', " ")
}

/// An IPT problem area in words.
#[must_use]
pub fn problem_area(area: crate::domain::ProblemArea) -> &'static str {
    use crate::domain::ProblemArea;
    match area {
        ProblemArea::Grief => "Grief",
        ProblemArea::RoleDispute => "Role dispute",
        ProblemArea::RoleTransition => "Role transition",
        ProblemArea::InterpersonalDeficits => "Interpersonal deficits",
    }
}

/// A role dispute's stage in words.
#[must_use]
pub fn dispute_stage(stage: crate::formulation::model::DisputeStage) -> &'static str {
    use crate::formulation::model::DisputeStage;
    match stage {
        DisputeStage::Renegotiation => "renegotiation",
        DisputeStage::Impasse => "impasse",
        DisputeStage::Dissolution => "dissolution",
    }
}

/// A course's kind in words.
#[must_use]
pub fn course_kind(kind: crate::domain::CourseKind) -> &'static str {
    match kind {
        crate::domain::CourseKind::Acute => "Acute (weekly)",
        crate::domain::CourseKind::Maintenance => "Maintenance",
    }
}

/// Why a course ended, in words.
#[must_use]
pub fn end_reason(reason: entities::course::EndReason) -> &'static str {
    use entities::course::EndReason as R;
    match reason {
        R::Completed => "completed",
        R::ClientWithdrew => "the client withdrew",
        R::DroppedOut => "dropped out",
        R::Transferred => "transferred",
        R::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str) -> Timezone {
        Timezone::parse(name).expect("a zone")
    }

    #[test]
    fn an_instant_is_written_in_the_therapists_zone_with_its_abbreviation() {
        let at: DateTime<Utc> = "2026-03-10T09:00:00Z".parse().expect("an instant");
        assert_eq!(
            Times::new(zone("Europe/Berlin")).at(at),
            "2026-03-10 10:00 CET"
        );
        assert_eq!(Times::new(zone("UTC")).at(at), "2026-03-10 09:00 UTC");
        assert_eq!(
            Times::new(zone("Pacific/Auckland")).date(at),
            "2026-03-10".parse::<NaiveDate>().expect("a date")
        );
        assert_eq!(Times::new(zone("UTC")).maybe(None), "—");
    }

    #[test]
    fn no_label_shows_a_snake_case_key() {
        for kind in ReminderKind::ALL {
            assert!(!reminder_kind(kind).contains('_'), "{kind:?}");
        }
        for e in crate::exercises::EXERCISES {
            assert!(!exercise(e.key).contains('_'), "{}", e.key);
            for p in e.prompts {
                assert!(!prompt(e.key, p.key).contains('_'), "{}.{}", e.key, p.key);
            }
        }
        assert_eq!(exercise("an_old_exercise"), "an old exercise");
    }
}
