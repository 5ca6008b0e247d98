//! The kinds of reminder and their per-kind rules (grace window, lock-screen text).

use crate::documents::Mention;
use crate::i18n::Lang;
use entities::outbox::OutboxKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
/// What a reminder push is about; each kind has its own grace window and lock-screen text.
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// A prompt to practise an exercise, on the weekdays and at the times the settings name.
    PracticePrompt,
    /// The daily check-in reminder, at the time the settings name.
    CheckinReminder,
    /// Homework due the next day: at 18:00 local time the day before.
    HomeworkDue,
    /// The day before each weekly session, at the session time.
    SessionReminder,
    /// When 4, 3, 2 and 1 weeks of treatment remain, and on the last session's day.
    TreatmentCountdown,
    /// A check-in prompt in the months after treatment ended.
    Maintenance,
    /// The day before each session, at 18:00: the PHQ-9 (and the GAD-7 when the therapist
    /// asks for it) measures the session.
    QuestionnaireDue,
    /// Days before a phone's sign-in lapses unused: one push to that phone only, asking to
    /// open the app (which refreshes the sign-in). Not planned from the settings: the worker
    /// finds lapsing sign-ins (see `reminders::lapse`).
    StayConnected,
}

impl From<OutboxKind> for ReminderKind {
    fn from(k: OutboxKind) -> Self {
        match k {
            OutboxKind::PracticePrompt => Self::PracticePrompt,
            OutboxKind::CheckinReminder => Self::CheckinReminder,
            OutboxKind::HomeworkDue => Self::HomeworkDue,
            OutboxKind::SessionReminder => Self::SessionReminder,
            OutboxKind::TreatmentCountdown => Self::TreatmentCountdown,
            OutboxKind::Maintenance => Self::Maintenance,
            OutboxKind::QuestionnaireDue => Self::QuestionnaireDue,
            OutboxKind::StayConnected => Self::StayConnected,
        }
    }
}

impl From<ReminderKind> for OutboxKind {
    fn from(k: ReminderKind) -> Self {
        match k {
            ReminderKind::PracticePrompt => Self::PracticePrompt,
            ReminderKind::CheckinReminder => Self::CheckinReminder,
            ReminderKind::HomeworkDue => Self::HomeworkDue,
            ReminderKind::SessionReminder => Self::SessionReminder,
            ReminderKind::TreatmentCountdown => Self::TreatmentCountdown,
            ReminderKind::Maintenance => Self::Maintenance,
            ReminderKind::QuestionnaireDue => Self::QuestionnaireDue,
            ReminderKind::StayConnected => Self::StayConnected,
        }
    }
}

impl ReminderKind {
    /// Every kind.
    pub const ALL: [Self; 8] = [
        Self::PracticePrompt,
        Self::CheckinReminder,
        Self::HomeworkDue,
        Self::SessionReminder,
        Self::TreatmentCountdown,
        Self::Maintenance,
        Self::QuestionnaireDue,
        Self::StayConnected,
    ];

    /// The snake_case name, as in the API and the grace-window configuration.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PracticePrompt => "practice_prompt",
            Self::CheckinReminder => "checkin_reminder",
            Self::HomeworkDue => "homework_due",
            Self::SessionReminder => "session_reminder",
            Self::TreatmentCountdown => "treatment_countdown",
            Self::Maintenance => "maintenance",
            Self::QuestionnaireDue => "questionnaire_due",
            Self::StayConnected => "stay_connected",
        }
    }

    /// The kind of a snake_case name; none for an unknown name.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }

    /// How late a reminder may still go out: after that it is `missed` (a practice prompt three
    /// hours late is noise; a countdown a few hours late still helps).
    #[must_use]
    pub fn default_grace(self) -> chrono::Duration {
        match self {
            Self::PracticePrompt | Self::CheckinReminder => chrono::Duration::hours(2),
            Self::HomeworkDue | Self::SessionReminder | Self::QuestionnaireDue => {
                chrono::Duration::hours(6)
            }
            Self::TreatmentCountdown | Self::Maintenance => chrono::Duration::hours(24),
            // Sent days before the lapse: still useful a day late.
            Self::StayConnected => chrono::Duration::hours(24),
        }
    }

    /// Where the app opens when the push is tapped; `ref_id` is the homework's for
    /// `homework_due`. The routes are the app's, documented in `docs/push.md`.
    #[must_use]
    pub fn route(self, ref_id: Option<uuid::Uuid>) -> String {
        match (self, ref_id) {
            (Self::PracticePrompt, _) => "/exercises".into(),
            (Self::CheckinReminder, _) => "/checkins/new".into(),
            (Self::HomeworkDue, Some(id)) => format!("/homework/{id}"),
            (Self::HomeworkDue, None) => "/homework".into(),
            (Self::SessionReminder | Self::TreatmentCountdown, _) => "/treatment".into(),
            (Self::QuestionnaireDue, _) => "/checkins/new?questionnaire=1".into(),
            (Self::Maintenance, _) => "/relapse-plan".into(),
            // Opening the app at all refreshes the sign-in.
            (Self::StayConnected, _) => "/".into(),
        }
    }

    /// How the phones present it: practice and check-ins on the `reminders` channel, what
    /// concerns the course on `treatment`; none is urgent.
    #[must_use]
    pub fn presentation(self) -> crate::push::Presentation {
        let channel = match self {
            Self::PracticePrompt
            | Self::CheckinReminder
            | Self::Maintenance
            | Self::StayConnected => "reminders",
            Self::HomeworkDue
            | Self::SessionReminder
            | Self::TreatmentCountdown
            | Self::QuestionnaireDue => "treatment",
        };
        crate::push::Presentation {
            channel,
            urgent: false,
        }
    }

    /// The key of its lock-screen text in `server/locales/*/push.ftl`: discreet, nothing
    /// clinical, no names, in every language.
    #[must_use]
    pub fn text_key(self) -> String {
        format!("push-{}", self.as_str().replace('_', "-"))
    }
}

/// Per-kind grace windows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraceWindows(BTreeMap<ReminderKind, chrono::Duration>);

impl Default for GraceWindows {
    fn default() -> Self {
        Self(
            ReminderKind::ALL
                .into_iter()
                .map(|k| (k, k.default_grace()))
                .collect(),
        )
    }
}

impl GraceWindows {
    /// Parses `kind=minutes,…` (e.g. `practice_prompt=120,treatment_countdown=1440`); kinds not
    /// named keep their default.
    ///
    /// # Errors
    /// An unknown kind or a bad number.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let mut windows = Self::default();
        for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (kind, minutes) = part
                .split_once('=')
                .ok_or_else(|| format!("expected kind=minutes, got {part}"))?;
            let kind = ReminderKind::parse(kind.trim())
                .ok_or_else(|| format!("unknown reminder kind {kind}"))?;
            let minutes: i64 = minutes
                .trim()
                .parse()
                .map_err(|_| format!("bad minutes in {part}"))?;
            if minutes <= 0 {
                return Err(format!(
                    "the grace window of {} must be positive",
                    kind.as_str()
                ));
            }
            windows.0.insert(kind, chrono::Duration::minutes(minutes));
        }
        Ok(windows)
    }

    /// The grace window of `kind`.
    #[must_use]
    pub fn of(&self, kind: ReminderKind) -> chrono::Duration {
        self.0
            .get(&kind)
            .copied()
            .unwrap_or_else(|| kind.default_grace())
    }
}

/// Per-kind push texts (title and body), configurable per deployment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushTexts {
    /// Title of every reminder push, in every language; absent: `Reminder` in the phone's
    /// language.
    #[serde(default)]
    pub title: Option<String>,
    /// Body text by kind, in every language; a kind not named gets its lock-screen text in the
    /// phone's language.
    #[serde(default)]
    pub bodies: BTreeMap<ReminderKind, String>,
}

impl PushTexts {
    /// Reads `{"title": "…", "bodies": {"practice_prompt": "…", …}}`, or the defaults.
    ///
    /// # Errors
    /// The file cannot be read or has another shape.
    pub fn load(path: Option<&std::path::Path>) -> anyhow::Result<Self> {
        use anyhow::Context;
        let Some(path) = path else {
            return Ok(Self::default());
        };
        let raw = std::fs::read(path)
            .with_context(|| format!("reading push texts from {}", path.display()))?;
        serde_json::from_slice(&raw)
            .with_context(|| format!("parsing push texts in {}", path.display()))
    }

    /// The title of a push to a phone in `lang`: the deployment's, else the shipped one.
    #[must_use]
    pub fn title(&self, lang: &Lang) -> String {
        self.title
            .clone()
            .unwrap_or_else(|| lang.text("push-title"))
    }

    /// The body of a push of `kind` to a phone in `lang`: the deployment's, else the shipped
    /// one, which points to the client's relapse-prevention plan (the maintenance prompt) only
    /// as `plan` allows.
    #[must_use]
    pub fn body(&self, kind: ReminderKind, lang: &Lang, plan: Mention) -> String {
        self.bodies
            .get(&kind)
            .cloned()
            .unwrap_or_else(|| plan.text(lang, &kind.text_key()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_survives_its_name() {
        for kind in ReminderKind::ALL {
            assert_eq!(ReminderKind::parse(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn grace_windows_override_only_the_kinds_named() {
        let windows = GraceWindows::parse("practice_prompt=30, maintenance=2880").expect("valid");
        assert_eq!(
            windows.of(ReminderKind::PracticePrompt),
            chrono::Duration::minutes(30)
        );
        assert_eq!(
            windows.of(ReminderKind::Maintenance),
            chrono::Duration::days(2)
        );
        assert_eq!(
            windows.of(ReminderKind::SessionReminder),
            chrono::Duration::hours(6)
        );
        assert!(GraceWindows::parse("nap=5").is_err());
        assert!(GraceWindows::parse("practice_prompt=-5").is_err());
    }

    #[test]
    fn default_texts_say_nothing_clinical() {
        let texts = PushTexts::default();
        for kind in ReminderKind::ALL {
            let body = texts
                .body(kind, &Lang::english(), Mention::Absent)
                .to_lowercase();
            for word in [
                "therap",
                "depress",
                "phq",
                "mood",
                "homework",
                "ipt",
                "psych",
                "treatment",
                "session",
            ] {
                assert!(!body.contains(word), "{word} in {body}");
            }
        }
    }

    #[test]
    fn every_kind_has_a_text_in_every_shipped_language() {
        let texts = PushTexts::default();
        for lang in crate::i18n::shipped() {
            for kind in ReminderKind::ALL {
                let body = texts.body(kind, lang, Mention::Absent);
                assert!(
                    !body.is_empty() && !body.starts_with("push-"),
                    "{kind:?} in {lang:?}"
                );
            }
        }
        let german = Lang::negotiate(["de-DE"]);
        assert_eq!(texts.title(&german), "Erinnerung");
        assert_eq!(
            texts.body(ReminderKind::SessionReminder, &german, Mention::Absent),
            "Sie haben morgen einen Termin."
        );
    }

    #[test]
    fn the_maintenance_prompt_points_to_the_plan_only_when_the_client_has_one() {
        let texts = PushTexts::default();
        let english = Lang::english();
        let with = texts.body(ReminderKind::Maintenance, &english, Mention::Present);
        let without = texts.body(ReminderKind::Maintenance, &english, Mention::Absent);
        assert!(
            with.contains("look over your plan for staying well"),
            "{with}"
        );
        assert!(!without.contains("look over your plan"), "{without}");
        assert!(
            without.contains("make a plan for staying well together"),
            "{without}"
        );
        for lang in crate::i18n::shipped() {
            let with = texts.body(ReminderKind::Maintenance, lang, Mention::Present);
            let without = texts.body(ReminderKind::Maintenance, lang, Mention::Absent);
            assert_ne!(with, without, "{lang:?}");
            assert!(!with.contains('{') && !without.contains('{'), "{lang:?}");
            if *lang != english {
                assert_ne!(
                    without,
                    texts.body(ReminderKind::Maintenance, &english, Mention::Absent),
                    "{lang:?} has its own text"
                );
            }
            for text in [&with, &without] {
                assert!(!text.to_lowercase().contains("therap"), "{lang:?}: {text}");
            }
        }
    }
}
