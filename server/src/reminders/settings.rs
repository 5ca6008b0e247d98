//! Reminder settings: parsed, checked, stored (one row per client, part of the sync feed).

use super::dto::{CheckinReminderBody, PracticePromptBody, QuietHoursBody, ReminderSettingsBody};
use crate::domain::{IsoWeekday, LocalTimeOfDay, QuietHours};
use crate::error::FieldErrors;
use chrono::{DateTime, Utc};
use entities::{ClientId, reminder_settings};
use sea_orm::DbErr;
use std::collections::{BTreeMap, BTreeSet};

/// At most this many practice prompts (a prompt may cover several weekdays).
const MAX_PROMPTS: usize = 20;

/// One practice prompt: a local time on some weekdays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PracticePrompt {
    /// When the prompt comes, in the client's zone.
    pub local_time: LocalTimeOfDay,
    /// The weekdays it comes on; at least one.
    pub weekdays: BTreeSet<IsoWeekday>,
}

/// Checked reminder settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderSettings {
    /// At most 20 prompts, no two at the same time on the same weekday.
    pub practice_prompts: Vec<PracticePrompt>,
    /// Local time of the daily check-in reminder; none = off.
    pub checkin_reminder: Option<LocalTimeOfDay>,
    /// Hours in which no reminder is sent; none = no quiet hours.
    pub quiet_hours: Option<QuietHours>,
}

fn t(raw: &str) -> LocalTimeOfDay {
    LocalTimeOfDay::parse(raw).unwrap_or_else(|_| unreachable!("a valid constant"))
}

impl ReminderSettings {
    /// What a new client starts with: an early-evening practice prompt on weekdays, a daily
    /// check-in reminder in the evening, and quiet hours overnight.
    #[must_use]
    pub fn defaults() -> Self {
        Self {
            practice_prompts: vec![PracticePrompt {
                local_time: t("18:00"),
                weekdays: (1..=5).filter_map(|d| IsoWeekday::parse(d).ok()).collect(),
            }],
            checkin_reminder: Some(t("20:00")),
            quiet_hours: QuietHours::new(t("22:00"), t("08:00")).ok(),
        }
    }

    /// Checks a body: valid times and weekdays, no prompt twice at the same time on a day.
    ///
    /// # Errors
    /// Every problem, keyed by field path.
    pub fn parse(body: &ReminderSettingsBody) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut add =
            |path: String, message: &str| errors.entry(path).or_default().push(message.to_owned());
        if body.practice_prompts.len() > MAX_PROMPTS {
            add("practice_prompts".into(), "must have at most 20 prompts");
        }
        let mut prompts = Vec::new();
        let mut taken: BTreeMap<(LocalTimeOfDay, IsoWeekday), usize> = BTreeMap::new();
        for (i, prompt) in body.practice_prompts.iter().enumerate() {
            let time = LocalTimeOfDay::parse(&prompt.local_time)
                .map_err(|m| add(format!("practice_prompts[{i}].local_time"), m))
                .ok();
            if prompt.weekdays.is_empty() {
                add(
                    format!("practice_prompts[{i}].weekdays"),
                    "must name at least one weekday",
                );
            }
            let mut days = BTreeSet::new();
            for (j, raw) in prompt.weekdays.iter().enumerate() {
                match IsoWeekday::parse(*raw) {
                    Ok(day) if !days.insert(day) => add(
                        format!("practice_prompts[{i}].weekdays[{j}]"),
                        "is listed twice",
                    ),
                    Ok(_) => {}
                    Err(m) => add(format!("practice_prompts[{i}].weekdays[{j}]"), m),
                }
            }
            if let Some(time) = time {
                for day in &days {
                    if let Some(first) = taken.insert((time, *day), i) {
                        add(
                            format!("practice_prompts[{i}]"),
                            &format!(
                                "overlaps practice_prompts[{first}] (same time on the same weekday)"
                            ),
                        );
                        break;
                    }
                }
                prompts.push(PracticePrompt {
                    local_time: time,
                    weekdays: days,
                });
            }
        }
        let checkin = body.checkin_reminder.as_ref().and_then(|c| {
            LocalTimeOfDay::parse(&c.local_time)
                .map_err(|m| add("checkin_reminder.local_time".into(), m))
                .ok()
        });
        let quiet = body.quiet_hours.as_ref().and_then(|q| {
            let start = LocalTimeOfDay::parse(&q.start)
                .map_err(|m| add("quiet_hours.start".into(), m))
                .ok();
            let end = LocalTimeOfDay::parse(&q.end)
                .map_err(|m| add("quiet_hours.end".into(), m))
                .ok();
            let (start, end) = start.zip(end)?;
            QuietHours::new(start, end)
                .map_err(|m| add("quiet_hours.end".into(), m))
                .ok()
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            practice_prompts: prompts,
            checkin_reminder: checkin,
            quiet_hours: quiet,
        })
    }

    /// The API form.
    #[must_use]
    pub fn body(&self) -> ReminderSettingsBody {
        ReminderSettingsBody {
            practice_prompts: self
                .practice_prompts
                .iter()
                .map(|p| PracticePromptBody {
                    local_time: p.local_time.to_string(),
                    weekdays: p.weekdays.iter().map(|d| i64::from(d.get())).collect(),
                })
                .collect(),
            checkin_reminder: self.checkin_reminder.map(|t| CheckinReminderBody {
                local_time: t.to_string(),
            }),
            quiet_hours: self.quiet_hours.map(|q| QuietHoursBody {
                start: q.start.to_string(),
                end: q.end.to_string(),
            }),
        }
    }

    /// Reads a stored row. It was checked when written, so a row that no longer passes is
    /// reported (and logged) as an error, never replaced by the defaults: the client would be
    /// sent reminders it did not ask for.
    ///
    /// # Errors
    /// `DbErr::Type` when the stored prompts or times do not pass [`Self::parse`].
    pub fn from_row(row: &reminder_settings::Model) -> Result<Self, DbErr> {
        let bad = |what: String| {
            tracing::error!(client_id = %row.client_id, what, "stored reminder settings do not parse");
            DbErr::Type(format!(
                "reminder settings of client {}: {what}",
                row.client_id
            ))
        };
        let body = ReminderSettingsBody {
            practice_prompts: serde_json::from_str(&row.practice_prompts)
                // serde's message can quote the stored text: name the field and the kind only.
                .map_err(|e| bad(format!("practice_prompts: {:?}", e.classify())))?,
            checkin_reminder: row.checkin_time.map(|t| CheckinReminderBody {
                local_time: t.to_string(),
            }),
            quiet_hours: row
                .quiet_start
                .zip(row.quiet_end)
                .map(|(start, end)| QuietHoursBody {
                    start: start.to_string(),
                    end: end.to_string(),
                }),
        };
        Self::parse(&body).map_err(|errors| bad(format!("{:?}", errors.keys().collect::<Vec<_>>())))
    }

    pub(crate) fn to_row(
        &self,
        client: ClientId,
        now: DateTime<Utc>,
        seq: i64,
    ) -> reminder_settings::Model {
        reminder_settings::Model {
            client_id: client,
            practice_prompts: serde_json::to_string(&self.body().practice_prompts)
                .unwrap_or_else(|_| "[]".into()),
            checkin_time: self.checkin_reminder,
            quiet_start: self.quiet_hours.map(|q| q.start),
            quiet_end: self.quiet_hours.map(|q| q.end),
            updated_at: now,
            change_seq: seq,
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn body(json: serde_json::Value) -> ReminderSettingsBody {
        serde_json::from_value(json).expect("a body")
    }

    #[test]
    fn the_defaults_survive_their_own_body() {
        let defaults = ReminderSettings::defaults();
        assert_eq!(ReminderSettings::parse(&defaults.body()), Ok(defaults));
    }

    #[test]
    fn two_prompts_at_the_same_time_on_a_shared_weekday_overlap() {
        let errors = ReminderSettings::parse(&body(serde_json::json!({"practice_prompts": [
            {"local_time": "18:00", "weekdays": [1, 2]},
            {"local_time": "18:00", "weekdays": [2, 3]}
        ]})))
        .expect_err("overlap");
        assert!(errors.contains_key("practice_prompts[1]"), "{errors:?}");
    }

    #[test]
    fn the_same_time_on_different_weekdays_is_fine() {
        assert!(
            ReminderSettings::parse(&body(serde_json::json!({"practice_prompts": [
                {"local_time": "18:00", "weekdays": [1]},
                {"local_time": "18:00", "weekdays": [2]}
            ]})))
            .is_ok()
        );
    }

    #[test]
    fn bad_times_and_weekdays_are_reported_by_path() {
        let errors = ReminderSettings::parse(&body(serde_json::json!({
            "practice_prompts": [{"local_time": "25:00", "weekdays": [0, 3, 3]}, {"local_time": "09:00", "weekdays": []}],
            "checkin_reminder": {"local_time": "noon"},
            "quiet_hours": {"start": "22:00", "end": "22:00"}
        })))
        .expect_err("invalid");
        for path in [
            "practice_prompts[0].local_time",
            "practice_prompts[0].weekdays[0]",
            "practice_prompts[0].weekdays[2]",
            "practice_prompts[1].weekdays",
            "checkin_reminder.local_time",
            "quiet_hours.end",
        ] {
            assert!(errors.contains_key(path), "{path}: {errors:?}");
        }
    }
}
