//! Turning settings and treatment into concrete occurrences: pure functions, so every rule —
//! time zones, daylight-saving gaps and folds, quiet hours, the countdown — is unit-tested.

use super::kind::ReminderKind;
use super::settings::ReminderSettings;
use crate::domain::{CourseKind, LocalTimeOfDay, QuietHours, Treatment, local_to_utc};
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveDateTime, Timelike, Utc};
use chrono_tz::Tz;
use entities::ClientId;
use uuid::Uuid;

/// When the countdown reminders come, local time.
pub const COUNTDOWN_TIME: LocalTimeOfDay = LocalTimeOfDay::hm(9, 0);
/// When a homework reminder comes on the day before it is due, local time.
pub const HOMEWORK_REMINDER_TIME: LocalTimeOfDay = LocalTimeOfDay::hm(18, 0);
/// When maintenance check-in prompts come, local time.
pub const MAINTENANCE_TIME: LocalTimeOfDay = LocalTimeOfDay::hm(18, 0);
/// When the questionnaire before a session is asked for, local time, the day before.
pub const QUESTIONNAIRE_TIME: LocalTimeOfDay = LocalTimeOfDay::hm(18, 0);

/// Everything the plan of one client depends on.
#[derive(Debug, Clone)]
pub struct PlanInput {
    pub client_id: ClientId,
    pub tz: Tz,
    pub settings: ReminderSettings,
    pub treatment: Treatment,
    pub session_time: LocalTimeOfDay,
    /// Open homework: id and due instant.
    pub homework: Vec<(Uuid, DateTime<Utc>)>,
    /// Monthly check-in prompts after the end of treatment.
    pub maintenance_months: u32,
    /// The last session day of the latest acute course (the current one's, or the one before
    /// a maintenance course): the monthly prompts count from it. None without an acute course.
    pub acute_end: Option<NaiveDate>,
}

/// One push to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub kind: ReminderKind,
    /// The nominal local date and time (before quiet hours).
    pub local_date: NaiveDate,
    pub local_time: LocalTimeOfDay,
    pub ref_id: Option<Uuid>,
    /// The instant it is due.
    pub scheduled_for: DateTime<Utc>,
    /// Unique per occurrence.
    pub key: String,
}

/// Where quiet hours move a nominal local time: to their end, the same day or the next.
#[must_use]
pub fn after_quiet_hours(
    quiet: Option<QuietHours>,
    date: NaiveDate,
    time: LocalTimeOfDay,
) -> NaiveDateTime {
    match quiet {
        Some(q) if q.contains(time) => {
            // Wrapping quiet hours (22:00–07:00) reached before midnight end the next day.
            let next_day = q.start > q.end && time >= q.start;
            let date = if next_day {
                date.checked_add_days(Days::new(1)).unwrap_or(date)
            } else {
                date
            };
            date.and_time(q.end.time())
        }
        _ => date.and_time(time.time()),
    }
}

/// Every occurrence of the client due in `[from, until)`.
#[must_use]
pub fn plan(input: &PlanInput, from: DateTime<Utc>, until: DateTime<Utc>) -> Vec<Occurrence> {
    let first = from
        .with_timezone(&input.tz)
        .date_naive()
        .pred_opt()
        .unwrap_or(NaiveDate::MIN);
    let last = until
        .with_timezone(&input.tz)
        .date_naive()
        .succ_opt()
        .unwrap_or(NaiveDate::MAX);
    let mut nominal: Vec<(ReminderKind, NaiveDate, LocalTimeOfDay, Option<Uuid>)> = Vec::new();

    // Practice prompts and the daily check-in reminder run until the last session's day;
    // after it, the monthly maintenance prompts take over.
    let end = input.treatment.end_date();
    for date in first.iter_days().take_while(|d| *d <= last.min(end)) {
        let weekday = u8::try_from(date.weekday().number_from_monday()).unwrap_or(1);
        for prompt in &input.settings.practice_prompts {
            if prompt.weekdays.iter().any(|d| d.get() == weekday) {
                nominal.push((ReminderKind::PracticePrompt, date, prompt.local_time, None));
            }
        }
        if let Some(time) = input.settings.checkin_reminder {
            nominal.push((ReminderKind::CheckinReminder, date, time, None));
        }
    }

    // The day before each session that counts, at its time: a moved session's reminder moves
    // with it, and a cancelled one's goes.
    let treatment = &input.treatment;
    for (number, date) in treatment.schedule() {
        let time = treatment
            .marks
            .iter()
            .find(|m| m.number == number)
            .and_then(|m| m.moved_to)
            .map_or(input.session_time, |(at, _)| {
                let local = at.with_timezone(&input.tz);
                LocalTimeOfDay::hm(local.hour(), local.minute())
            });
        if let Some(day_before) = date.pred_opt() {
            nominal.push((ReminderKind::SessionReminder, day_before, time, None));
            nominal.push((
                ReminderKind::QuestionnaireDue,
                day_before,
                QUESTIONNAIRE_TIME,
                None,
            ));
        }
    }
    // The countdown prepares the end of an acute course; after it, monthly prompts to check
    // in, which point to the relapse-prevention plan and feed the relapse watch, for
    // `maintenance_months` after the acute course's end, through a maintenance course too.
    if treatment.kind == CourseKind::Acute {
        for date in countdown_dates(treatment) {
            nominal.push((ReminderKind::TreatmentCountdown, date, COUNTDOWN_TIME, None));
        }
    }
    if let Some(acute_end) = input.acute_end {
        for month in 1..=input.maintenance_months {
            if let Some(date) = acute_end.checked_add_months(Months::new(month)) {
                nominal.push((ReminderKind::Maintenance, date, MAINTENANCE_TIME, None));
            }
        }
    }
    for (id, due) in &input.homework {
        let due_date = due.with_timezone(&input.tz).date_naive();
        if let Some(day_before) = due_date.pred_opt() {
            nominal.push((
                ReminderKind::HomeworkDue,
                day_before,
                HOMEWORK_REMINDER_TIME,
                Some(*id),
            ));
        }
    }

    let mut out: Vec<Occurrence> = nominal
        .into_iter()
        .filter(|(_, date, _, _)| (first..=last).contains(date))
        .filter_map(|(kind, local_date, local_time, ref_id)| {
            let local = after_quiet_hours(input.settings.quiet_hours, local_date, local_time);
            let scheduled_for = local_to_utc(input.tz, local);
            if kind == ReminderKind::HomeworkDue
                && ref_id
                    .and_then(|id| input.homework.iter().find(|(h, _)| *h == id))
                    .is_some_and(|(_, due)| scheduled_for >= *due)
            {
                // Quiet hours pushed it past the due time: too late to help.
                return None;
            }
            (from <= scheduled_for && scheduled_for < until).then(|| Occurrence {
                key: occurrence_key(input.client_id, kind, local_date, local_time, ref_id),
                kind,
                local_date,
                local_time,
                ref_id,
                scheduled_for,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.scheduled_for
            .cmp(&b.scheduled_for)
            .then_with(|| a.key.cmp(&b.key))
    });
    out.dedup_by(|a, b| a.key == b.key);
    out
}

/// The days of the countdown: the days of the sessions after which 4, 3, 2 and 1 sessions
/// remain, and the last session's day. Unlogged, these are 28, 21, 14, 7 and 0 days before the
/// end, as in v1.
#[must_use]
pub fn countdown_dates(treatment: &Treatment) -> Vec<NaiveDate> {
    let schedule = treatment.schedule();
    let planned = usize::from(treatment.planned_sessions.get());
    [4, 3, 2, 1, 0]
        .into_iter()
        .filter_map(|left| planned.checked_sub(left).filter(|n| *n >= 1))
        .filter_map(|n| schedule.get(n - 1).map(|(_, date)| *date))
        .collect()
}

/// The unique key of an occurrence.
#[must_use]
pub fn occurrence_key(
    client: ClientId,
    kind: ReminderKind,
    date: NaiveDate,
    time: LocalTimeOfDay,
    ref_id: Option<Uuid>,
) -> String {
    let reference = ref_id.map_or_else(|| "-".to_owned(), |r| r.to_string());
    format!("{client}|{}|{date}T{time}|{reference}", kind.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{IsoWeekday, PlannedSessions};
    use crate::reminders::settings::PracticePrompt;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("an instant")
    }
    fn local(s: &str) -> NaiveDateTime {
        s.parse().expect("a local date-time")
    }
    fn tz(name: &str) -> Tz {
        name.parse().expect("a zone")
    }
    fn t(s: &str) -> LocalTimeOfDay {
        LocalTimeOfDay::parse(s).expect("a time")
    }

    #[test]
    fn new_york_spring_gap_moves_forward_by_an_hour() {
        // 8 March 2026, 02:00 EST becomes 03:00 EDT: 02:30 does not exist.
        assert_eq!(
            local_to_utc(tz("America/New_York"), local("2026-03-08T02:30:00")),
            at("2026-03-08T07:30:00Z")
        );
        assert_eq!(
            local_to_utc(tz("America/New_York"), local("2026-03-08T03:30:00")),
            at("2026-03-08T07:30:00Z")
        );
    }

    #[test]
    fn new_york_fall_fold_fires_at_the_earlier_instant() {
        // 1 November 2026: 01:30 happens twice; the first is EDT (UTC−4).
        assert_eq!(
            local_to_utc(tz("America/New_York"), local("2026-11-01T01:30:00")),
            at("2026-11-01T05:30:00Z")
        );
    }

    #[test]
    fn berlin_gap_and_fold() {
        // 29 March 2026 02:00 CET → 03:00 CEST; 25 October 2026 03:00 CEST → 02:00 CET.
        assert_eq!(
            local_to_utc(tz("Europe/Berlin"), local("2026-03-29T02:15:00")),
            at("2026-03-29T01:15:00Z")
        );
        assert_eq!(
            local_to_utc(tz("Europe/Berlin"), local("2026-10-25T02:15:00")),
            at("2026-10-25T00:15:00Z")
        );
    }

    #[test]
    fn lord_howe_shifts_by_thirty_minutes() {
        // 4 October 2026 02:00 (+10:30) → 02:30 (+11:00): 02:15 does not exist.
        assert_eq!(
            local_to_utc(tz("Australia/Lord_Howe"), local("2026-10-04T02:15:00")),
            at("2026-10-03T15:45:00Z")
        );
        // 5 April 2026 02:00 (+11:00) → 01:30 (+10:30): 01:45 happens twice.
        assert_eq!(
            local_to_utc(tz("Australia/Lord_Howe"), local("2026-04-05T01:45:00")),
            at("2026-04-04T14:45:00Z")
        );
    }

    #[test]
    fn kathmandu_is_five_hours_forty_five_ahead_all_year() {
        assert_eq!(
            local_to_utc(tz("Asia/Kathmandu"), local("2026-01-15T08:00:00")),
            at("2026-01-15T02:15:00Z")
        );
        assert_eq!(
            local_to_utc(tz("Asia/Kathmandu"), local("2026-07-15T08:00:00")),
            at("2026-07-15T02:15:00Z")
        );
    }

    #[test]
    fn quiet_hours_move_a_reminder_to_their_end_across_midnight() {
        let quiet = QuietHours::new(t("22:00"), t("07:00")).ok();
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).expect("date");
        assert_eq!(
            after_quiet_hours(quiet, day, t("23:30")),
            local("2026-03-02T07:00:00")
        );
        assert_eq!(
            after_quiet_hours(quiet, day, t("05:00")),
            local("2026-03-01T07:00:00")
        );
        assert_eq!(
            after_quiet_hours(quiet, day, t("07:00")),
            local("2026-03-01T07:00:00")
        );
        assert_eq!(
            after_quiet_hours(quiet, day, t("21:59")),
            local("2026-03-01T21:59:00")
        );
        let lunch = QuietHours::new(t("12:00"), t("13:30")).ok();
        assert_eq!(
            after_quiet_hours(lunch, day, t("12:15")),
            local("2026-03-01T13:30:00")
        );
    }

    fn input(zone: &str, start: &str, sessions: i64) -> PlanInput {
        PlanInput {
            client_id: ClientId::new(),
            tz: tz(zone),
            settings: ReminderSettings {
                practice_prompts: vec![],
                checkin_reminder: None,
                quiet_hours: None,
            },
            treatment: Treatment::acute(
                start.parse().expect("date"),
                PlannedSessions::parse(sessions).expect("valid"),
            ),
            session_time: t("10:00"),
            homework: vec![],
            maintenance_months: 0,
            acute_end: None,
        }
        .with_own_end()
    }

    impl PlanInput {
        /// An acute course's own end as the acute end, as the planner gives it.
        fn with_own_end(mut self) -> Self {
            self.acute_end = Some(self.treatment.end_date());
            self
        }
    }

    fn dates(input: &PlanInput, kind: ReminderKind) -> Vec<String> {
        plan(
            input,
            at("2025-01-01T00:00:00Z"),
            at("2028-01-01T00:00:00Z"),
        )
        .into_iter()
        .filter(|o| o.kind == kind)
        .map(|o| o.local_date.to_string())
        .collect()
    }

    #[test]
    fn countdown_dates_for_eight_twelve_and_sixteen_sessions() {
        // Ends: 8 → 23 Feb, 12 → 23 Mar, 16 → 20 Apr 2026 (start Monday 5 January).
        assert_eq!(
            dates(
                &input("Europe/Berlin", "2026-01-05", 8),
                ReminderKind::TreatmentCountdown
            ),
            [
                "2026-01-26",
                "2026-02-02",
                "2026-02-09",
                "2026-02-16",
                "2026-02-23"
            ]
        );
        assert_eq!(
            dates(
                &input("Europe/Berlin", "2026-01-05", 12),
                ReminderKind::TreatmentCountdown
            ),
            [
                "2026-02-23",
                "2026-03-02",
                "2026-03-09",
                "2026-03-16",
                "2026-03-23"
            ]
        );
        assert_eq!(
            dates(
                &input("Europe/Berlin", "2026-01-05", 16),
                ReminderKind::TreatmentCountdown
            ),
            [
                "2026-03-23",
                "2026-03-30",
                "2026-04-06",
                "2026-04-13",
                "2026-04-20"
            ]
        );
    }

    #[test]
    fn weeks_remaining_is_four_on_the_first_countdown_day() {
        let i = input("Europe/Berlin", "2026-01-05", 12);
        let days = countdown_dates(&i.treatment);
        let weeks: Vec<i64> = days
            .iter()
            .map(|d| i.treatment.weeks_remaining(*d))
            .collect();
        assert_eq!(weeks, [4, 3, 2, 1, 0]);
    }

    #[test]
    fn the_countdown_follows_sessions_not_weeks() {
        use crate::domain::{SessionMark, SessionStatus};
        let mut i = input("Europe/Berlin", "2026-01-05", 12);
        let unlogged = countdown_dates(&i.treatment);
        i.treatment.marks = vec![SessionMark {
            number: 10,
            status: SessionStatus::Cancelled,
            held_at: None,
            moved_to: None,
        }];
        // Session 8 still leaves 4; session 10 no longer counts, so 3 are left after 11, …
        let logged: Vec<String> = countdown_dates(&i.treatment)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            logged,
            [
                "2026-02-23",
                "2026-03-02",
                "2026-03-16",
                "2026-03-23",
                "2026-03-30"
            ]
        );
        assert_eq!(unlogged[0].to_string(), "2026-02-23");
    }

    #[test]
    fn a_session_reminder_comes_the_day_before_each_session_at_its_time() {
        let i = input("America/New_York", "2026-01-05", 8);
        let plan = plan(&i, at("2025-01-01T00:00:00Z"), at("2028-01-01T00:00:00Z"));
        let sessions: Vec<_> = plan
            .iter()
            .filter(|o| o.kind == ReminderKind::SessionReminder)
            .collect();
        assert_eq!(sessions.len(), 8);
        assert_eq!(sessions[0].local_date.to_string(), "2026-01-04");
        assert_eq!(sessions[0].scheduled_for, at("2026-01-04T15:00:00Z"));
        // Across the March change the local time stays 10:00 (now UTC−4).
        assert_eq!(sessions[7].local_date.to_string(), "2026-02-22");
    }

    #[test]
    fn practice_prompts_follow_weekdays_and_local_time_across_dst() {
        let mut i = input("Europe/Berlin", "2026-03-02", 12);
        i.settings.practice_prompts = vec![PracticePrompt {
            local_time: t("08:00"),
            weekdays: [IsoWeekday::parse(7).expect("sunday")]
                .into_iter()
                .collect(),
        }];
        let plan = plan(&i, at("2026-03-21T00:00:00Z"), at("2026-04-01T00:00:00Z"));
        let sundays: Vec<_> = plan
            .iter()
            .filter(|o| o.kind == ReminderKind::PracticePrompt)
            .map(|o| o.scheduled_for)
            .collect();
        // 22 March at 08:00 CET (07:00Z), 29 March at 08:00 CEST (06:00Z): the local time holds.
        assert_eq!(
            sundays,
            [at("2026-03-22T07:00:00Z"), at("2026-03-29T06:00:00Z")]
        );
    }

    #[test]
    fn a_prompt_in_the_spring_gap_fires_once_after_it_and_in_the_fold_once_before() {
        let mut i = input("America/New_York", "2026-02-02", 24);
        i.settings.checkin_reminder = Some(t("02:30"));
        let spring = plan(&i, at("2026-03-08T00:00:00Z"), at("2026-03-09T00:00:00Z"));
        let checkins = |plan: &[Occurrence]| {
            plan.iter()
                .filter(|o| o.kind == ReminderKind::CheckinReminder)
                .map(|o| o.scheduled_for)
                .collect::<Vec<_>>()
        };
        assert_eq!(checkins(&spring), [at("2026-03-08T07:30:00Z")]);
        i.treatment.start_date = "2026-09-07".parse().expect("date");
        i.settings.checkin_reminder = Some(t("01:30"));
        let fall = plan(&i, at("2026-11-01T00:00:00Z"), at("2026-11-02T00:00:00Z"));
        assert_eq!(checkins(&fall), [at("2026-11-01T05:30:00Z")]);
    }

    #[test]
    fn homework_is_reminded_the_evening_before_it_is_due() {
        let mut i = input("Asia/Kathmandu", "2026-01-05", 12);
        let hw = Uuid::new_v4();
        i.homework = vec![(hw, at("2026-02-10T06:00:00Z"))]; // 11:45 local on 10 Feb
        let plan = plan(&i, at("2026-02-01T00:00:00Z"), at("2026-02-20T00:00:00Z"));
        let due: Vec<_> = plan
            .iter()
            .filter(|o| o.kind == ReminderKind::HomeworkDue)
            .collect();
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].ref_id, Some(hw));
        assert_eq!(due[0].scheduled_for, at("2026-02-09T12:15:00Z")); // 18:00 local
    }

    #[test]
    fn daily_prompts_stop_after_the_last_session_and_maintenance_takes_over() {
        let mut i = input("Europe/Berlin", "2026-01-05", 8);
        i.settings.checkin_reminder = Some(t("20:00"));
        let last = dates(&i, ReminderKind::CheckinReminder).pop();
        assert_eq!(last.as_deref(), Some("2026-02-23"));
    }

    #[test]
    fn maintenance_prompts_come_monthly_after_the_end() {
        let mut i = input("Europe/Berlin", "2026-01-05", 12);
        i.maintenance_months = 3;
        assert_eq!(
            dates(&i, ReminderKind::Maintenance),
            ["2026-04-23", "2026-05-23", "2026-06-23"]
        );
    }

    #[test]
    fn the_plan_only_holds_occurrences_in_the_window_and_each_key_once() {
        let mut i = input("Europe/Berlin", "2026-01-05", 12);
        i.settings.checkin_reminder = Some(t("20:00"));
        let plan = plan(&i, at("2026-02-01T19:30:00Z"), at("2026-02-03T19:00:00Z"));
        let keys: std::collections::HashSet<_> = plan.iter().map(|o| &o.key).collect();
        assert_eq!(keys.len(), plan.len());
        let checkins: Vec<_> = plan
            .iter()
            .filter(|o| o.kind == ReminderKind::CheckinReminder)
            .map(|o| o.scheduled_for)
            .collect();
        assert_eq!(checkins, [at("2026-02-02T19:00:00Z")]);
    }

    #[test]
    fn the_questionnaire_comes_the_evening_before_each_session() {
        let i = input("Europe/Berlin", "2026-01-05", 8);
        let days = dates(&i, ReminderKind::QuestionnaireDue);
        assert_eq!(days.len(), 8);
        assert_eq!(days[0], "2026-01-04");
        assert_eq!(days[7], "2026-02-22");
    }

    #[test]
    fn a_maintenance_course_has_sessions_and_the_acute_courses_monthly_prompts_but_no_countdown() {
        let mut i = input("UTC", "2026-04-06", 8);
        i.treatment.kind = CourseKind::Maintenance;
        i.treatment.planned_sessions =
            PlannedSessions::for_course(CourseKind::Maintenance, 3).expect("valid");
        i.treatment.interval_weeks = 4;
        i.maintenance_months = 3;
        // The acute course before it ended on 23 March.
        i.acute_end = Some("2026-03-23".parse().expect("a date"));
        assert_eq!(
            dates(&i, ReminderKind::SessionReminder),
            ["2026-04-05", "2026-05-03", "2026-05-31"]
        );
        assert!(dates(&i, ReminderKind::TreatmentCountdown).is_empty());
        assert_eq!(
            dates(&i, ReminderKind::Maintenance),
            ["2026-04-23", "2026-05-23", "2026-06-23"]
        );
        // Without an acute course before it, there is no end to count from.
        i.acute_end = None;
        assert!(dates(&i, ReminderKind::Maintenance).is_empty());
    }
}
