//! The page of one client: where the course stands, the session log, the charts, the
//! inventory with mood by person, the client's own words, the safety plan, homework, practice
//! and reminders. Every instant in the therapist's zone; every key as words; every empty
//! section says so in words.

use super::charts::{self, Person};
use super::format::{self, Times};
use super::reads::{ClientPage, ClientWork, PersonMood, SessionLine};
use super::views::{acknowledge_form, column_heads, layout, scroll_table};
use crate::dashboard::dto::ClientSummary;
use crate::domain::{SessionStatus, Timezone};
use crate::relapse_plan::dto::RelapsePlanResponse;
use crate::safety_plan::PlanAuthor;
use crate::safety_plan::dto::{ContactBody, SafetyPlanResponse};
use chrono::{DateTime, Days, NaiveDate, Utc};
use maud::{Markup, html};

/// One client's page at `now`.
#[must_use]
pub fn client(page: &ClientPage, csrf: &str, times: Times, now: DateTime<Utc>) -> Markup {
    let summary = &page.summary;
    let work = &page.work;
    let r = &summary.row;
    let today = page.client.today(now);
    let from = summary
        .start_date
        .checked_sub_days(Days::new(14))
        .unwrap_or(summary.start_date);
    let to = today.max(summary.start_date);
    let mood: Vec<(NaiveDate, f64)> = summary
        .mood_daily
        .iter()
        .map(|m| (m.date, m.mean))
        .collect();
    layout(
        &r.display_name,
        Some(csrf),
        html! {
            p { a href="/dashboard" { "← All clients" } }
            h1 { (r.display_name) }
            p class="muted" {
                (format::phase(r.phase)) " phase · " (r.weeks_remaining) " weeks left · sessions " (summary.start_date) " to " (summary.end_date)
            }
            (app_link(work, times))
            (super::region::section(&r.client_id.to_string(), page.client.row().region.as_deref(), page.client.row().region_source.map(Into::into), csrf))
            p class="muted" { "Times are in " (times.zone_name()) "; dates on the charts are the client's." }
            (alerts(summary, csrf, times))
            @if let Some(p) = &summary.latest_phq9 {
                p class="muted" id="latest-phq9" {
                    "Latest PHQ-9 (" (times.date(p.recorded_at)) "): "
                    (p.total.map_or_else(|| "not scored (more than two items skipped)".to_owned(), |t| t.to_string()))
                    @if p.prorated { " (prorated over skipped items)" }
                    " · item 9: " (p.item9.map_or_else(|| "not answered".to_owned(), |v| format!("{v} of 3")))
                }
            }
            @if !summary.item9_history.is_empty() {
                details id="item9-history" {
                    summary { "PHQ-9 item 9 (thoughts of self-harm), every answer" }
                    table {
                        (column_heads(&["Recorded", "Item 9"]))
                        tbody {
                            @for e in &summary.item9_history {
                                tr {
                                    td { (times.date(e.recorded_at)) }
                                    td { (e.item9.map_or_else(|| "not answered".to_owned(), |v| format!("{v} of 3"))) }
                                }
                            }
                        }
                    }
                }
            }
            div class="charts" {
                figure id="mood-chart" {
                    figcaption { "Daily mood (0–10) by session week" }
                    (charts::mood_chart(&mood, &summary.session_dates, from, to))
                    @if mood.is_empty() { p class="muted" { "No check-ins yet." } }
                }
                figure id="phq9-chart" {
                    figcaption { "PHQ-9 (depression) over the severity bands" }
                    (charts::phq9_chart(&work.phq9, from, to))
                    @if work.phq9.is_empty() { p class="muted" { "No PHQ-9 answered yet." } }
                }
                figure id="gad7-chart" {
                    figcaption { "GAD-7 (anxiety) over the severity bands" }
                    (charts::gad7_chart(&work.gad7, from, to))
                    @if work.gad7.is_empty() { p class="muted" { "No GAD-7 answered yet." } }
                }
            }
            (sessions(&r.client_id.to_string(), &work.sessions, csrf, times, now))
            (formulation(&r.client_id.to_string(), work, csrf, times, now))
            (courses(work))
            (inventory(work))
            (own_words(summary, work, times))
            (safety_plan(summary.safety_plan.as_ref(), times))
            (relapse_plan(work.relapse_plan.as_ref(), times))
            (homework(summary, times))
            (practice(summary, times))
            (reminders(summary, times))
        },
    )
}

/// Whether the client's app is signed in and can get reminders.
fn app_link(work: &ClientWork, times: Times) -> Markup {
    let app = &work.app;
    let phones = |n: u64| {
        if n == 1 {
            "1 phone".to_owned()
        } else {
            format!("{n} phones")
        }
    };
    html! {
        p id="app-link" {
            @if app.sign_ins > 0 {
                strong { "App linked: " }
                "signed in on " (phones(app.sign_ins)) "; "
                @if app.devices > 0 {
                    (phones(app.devices)) " registered for reminders, last seen " (times.maybe(app.last_seen_at)) "."
                } @else {
                    "no phone registered for reminders, so none reach the client."
                }
            } @else {
                strong { "App not linked: " }
                "no phone is signed in. Give the client a new invite code to sign in with; until then no reminder reaches them."
            }
        }
    }
}

fn alerts(summary: &ClientSummary, csrf: &str, times: Times) -> Markup {
    let client_id = summary.row.client_id.to_string();
    // One box per episode: its alerts, then one acknowledgement for all of them.
    let mut episodes: Vec<(uuid::Uuid, Vec<&crate::safety::dto::AlertResponse>)> = Vec::new();
    for a in &summary.open_alerts {
        match episodes.iter_mut().find(|(e, _)| *e == a.episode_id) {
            Some((_, alerts)) => alerts.push(a),
            None => episodes.push((a.episode_id, vec![a])),
        }
    }
    html! {
        @if !summary.open_alerts.is_empty() {
            section class="alert-box" id="alerts" aria-labelledby="alerts-title" {
                h2 id="alerts-title" { "Safety alert" }
                @for (_, alerts) in &episodes {
                    @let first = alerts[0];
                    @let urgent = alerts.iter().any(|a| a.urgency == "urgent");
                    div class="alert" {
                        @if urgent { p { strong { "Urgent: on-call was told at once." } } }
                        @if alerts.len() > 1 { p { (alerts.len()) " signals in this episode, oldest first." } }
                        @for a in alerts {
                            (alert_line(summary, a, times))
                        }
                        @if let Some(screen) = alerts.iter().rev().find_map(|a| a.risk_screen.as_ref()) {
                            (screen_line(screen))
                        }
                        p class="muted" {
                            (match (alerts.iter().find_map(|a| a.notified_at), first.escalated_at) {
                                (_, Some(at)) => format!("Escalated to on-call at {}.", times.at(at)),
                                (Some(at), None) => format!("You were notified at {}.", times.at(at)),
                                (None, None) => "No notification has been accepted yet (or no channel is configured).".to_owned(),
                            })
                        }
                        (acknowledge_form(&client_id, &first.id.to_string(), csrf))
                    }
                }
            }
        }
    }
}

/// What one signal of an episode was, with its context.
fn alert_line(
    summary: &ClientSummary,
    a: &crate::safety::dto::AlertResponse,
    times: Times,
) -> Markup {
    let context = summary.alert_checkins.iter().find(|c| c.alert_id == a.id);
    let recorded = a.recorded_at.unwrap_or(a.created_at);
    let zone = a.timezone.as_deref().and_then(|z| Timezone::parse(z).ok());
    let total = a
        .phq9_total
        .map_or_else(|| "not scored".to_owned(), |v| v.to_string());
    html! {
        p {
            @match a.kind.as_str() {
                "severe_item9_unanswered" => {
                    strong { "PHQ-9 total " (total) " with item 9 (thoughts of self-harm) not answered" }
                }
                "asq_positive" => { strong { "Positive ASQ follow-up screen (not acute)" } }
                "acute_risk" => { strong { "Acute positive ASQ follow-up screen: thoughts of suicide right now" } }
                "relationship_danger" => {
                    // Who it is about is for the therapist's eyes here, never in a notification.
                    strong { "Danger at home: " }
                    "before an exercise, the client said that speaking up "
                    @if let Some(person) = &a.relationship { "to " strong { (person.label) } " " }
                    "could put them in danger"
                }
                _ => {
                    strong { "PHQ-9 item 9 (thoughts of self-harm): " (a.item9.map_or_else(|| "not answered".to_owned(), |v| format!("{v} of 3"))) }
                    " · total " (total)
                }
            }
            @if a.source == crate::safety::dto::Source::RefusedSubmission { " · from an answer the app could not save" }
        }
        p { "Recorded " (format::client_time(recorded, zone)) " (client's time) · " (times.at(recorded)) " (yours)" }
        @if let Some(c) = context {
            @if let Some(person) = &c.person { p { "About: " (person) } }
            @if let Some(note) = &c.note { p { "Note: " (note) } }
        }
    }
}

/// The newest ASQ screen of an episode: each answer and the outcome.
fn screen_line(screen: &crate::safety::dto::AlertRiskScreen) -> Markup {
    let yes_no = |v: bool| if v { "yes" } else { "no" };
    let a = screen.answers;
    let outcome = match screen.outcome.as_str() {
        "acute_positive" => "acute positive",
        "non_acute_positive" => "non-acute positive",
        _ => "negative",
    };
    html! {
        p class="screen" {
            strong { "ASQ screen: " (outcome) }
            " (questions 1–4: " (yes_no(a.q1)) ", " (yes_no(a.q2)) ", " (yes_no(a.q3)) ", " (yes_no(a.q4))
            "; question 5: " (a.q5.map_or("not asked", yes_no)) ")"
        }
    }
}

/// The session log, with a form per session to mark it.
fn sessions(
    client_id: &str,
    lines: &[SessionLine],
    csrf: &str,
    times: Times,
    now: DateTime<Utc>,
) -> Markup {
    html! {
        section id="sessions" aria-labelledby="sessions-title" {
            h2 id="sessions-title" { "Sessions" }
            p class="muted" {
                "A session nobody marked counts as held once its time has passed. A cancelled or missed session adds one at the end of the course."
            }
            (scroll_table("Session log", html! {
                table {
                    (column_heads(&["Session", "Scheduled", "Status", "Phase", "PHQ-9 before it", "Mark as"]))
                    tbody {
                        @if lines.is_empty() { tr { td colspan="6" class="muted" { "No sessions planned." } } }
                        @for line in lines {
                            @let s = &line.session;
                            tr data-session=(s.number) {
                                th scope="row" { (s.number) }
                                td { (times.at(s.scheduled_for)) }
                                td {
                                    (format::session_status(s.status, s.confirmed))
                                    @if let Some(held) = s.held_at.filter(|h| *h != s.scheduled_for) {
                                        br; span class="muted" { "held " (times.at(held)) }
                                    }
                                }
                                td { (format::phase(line.phase)) }
                                td {
                                    @match line.measure {
                                        Some((at, Some(total))) => { (total) br; span class="muted" { (times.at(at)) } },
                                        Some((at, None)) => { "not scored" br; span class="muted" { (times.at(at)) } },
                                        None if s.scheduled_for > now => span class="muted" { "—" },
                                        None => span class="muted" { "none in the 3 days before" },
                                    }
                                }
                                td { (mark_form(client_id, s.number, s.status, s.confirmed, s.scheduled_for > now, csrf)) }
                            }
                        }
                    }
                }
            }))
        }
    }
}

/// The formulation, its goals with their progress, and a form to rate the goals at a held
/// session (which marks that session held).
fn formulation(
    client_id: &str,
    work: &ClientWork,
    csrf: &str,
    times: Times,
    now: DateTime<Utc>,
) -> Markup {
    let held: Vec<u16> = work
        .sessions
        .iter()
        .filter(|l| l.session.scheduled_for <= now && l.session.status == SessionStatus::Held)
        .map(|l| l.session.number)
        .collect();
    html! {
        section id="formulation" aria-labelledby="formulation-title" {
            h2 id="formulation-title" { "Formulation and goals" }
            @match &work.formulation {
                None => p class="muted" { "No formulation yet. Write it with the client once the inventory is done (PUT /api/v1/clients/{id}/formulation); the client sees it in the app." },
                Some(f) => {
                    p class="muted" { "Version " (f.version) ", last changed " (times.at(f.updated_at)) "." }
                    p {
                        strong { "Problem areas: " }
                        (f.problem_areas.iter().map(|a| format::problem_area(*a)).collect::<Vec<_>>().join(", "))
                    }
                    @if let Some(d) = &f.role_dispute { p { "Role dispute, stage: " (format::dispute_stage(d.stage)) } }
                    @if let Some(t) = &f.role_transition { p { "Role transition: from " (t.old_role) " to " (t.new_role) } }
                    @if let Some(g) = &f.grief { p { "Grief for: " (g.person) } }
                    @if f.summary.is_empty() { p class="muted" { "No summary written yet." } }
                    @else { p class="summary" { (f.summary) } }
                    @if f.goals.is_empty() {
                        p class="muted" { "No goals yet." }
                    } @else {
                        @let lines: Vec<charts::GoalLine<'_>> = f.goals.iter().map(|g| charts::GoalLine {
                            text: &g.text,
                            ratings: g.ratings.iter().filter(|r| r.course_id == work.courses.last().map_or(r.course_id, |c| c.id)).map(|r| (r.session_number, r.rating)).collect(),
                        }).collect();
                        figure id="goals-chart" {
                            figcaption { "Goal progress (0–10) by session of the current course" }
                            (charts::goals_chart(&lines))
                        }
                        ul class="legend" {
                            @for (i, g) in f.goals.iter().enumerate() {
                                li {
                                    span class={"legend-line legend-" (i % 4)} aria-hidden="true" {}
                                    (format::problem_area(g.problem_area)) ": " (g.text) " — "
                                    @match g.ratings.last() {
                                        Some(r) => { "latest " (r.rating) " (session " (r.session_number) ")" },
                                        None => span class="muted" { "not rated yet" },
                                    }
                                }
                            }
                        }
                        @if held.is_empty() {
                            p class="muted" { "Goals are rated at held sessions; none has been held yet." }
                        } @else {
                            form class="rate" method="post" action={"/clients/" (client_id) "/goals/rate"} {
                                input type="hidden" name="csrf" value=(csrf);
                                p {
                                    label for="rate-session" { "Session " }
                                    select id="rate-session" name="session" {
                                        @for (i, n) in held.iter().rev().enumerate() {
                                            option value=(n) selected[i == 0] { (n) }
                                        }
                                    }
                                }
                                p {
                                    @for (i, g) in f.goals.iter().enumerate() {
                                        label for={"rate-" (i)} { (g.text) " (0–10) " }
                                        input id={"rate-" (i)} type="number" min="0" max="10" step="1" name={"goal-" (g.id)};
                                    }
                                }
                                button type="submit" { "Save ratings (marks the session held)" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Every course of the client.
fn courses(work: &ClientWork) -> Markup {
    html! {
        section id="courses" aria-labelledby="courses-title" {
            h2 id="courses-title" { "Courses" }
            (scroll_table("Courses of treatment", html! {
                table {
                    (column_heads(&["Course", "Kind", "Sessions", "From", "To", "Held", "State"]))
                    tbody {
                        @for c in &work.courses {
                            tr {
                                th scope="row" { (c.number) }
                                td { (format::course_kind(c.kind)) }
                                td {
                                    (c.planned_sessions)
                                    @if c.interval_weeks > 1 { ", every " (c.interval_weeks) " weeks" }
                                }
                                td { (c.start_date) }
                                td { (c.end_date) }
                                td { (c.sessions_held) }
                                td { @if c.current && !c.over { "current" } @else if c.current { "ended (current)" } @else { "ended" } }
                            }
                        }
                    }
                }
            }))
            @for review in &work.reviews {
                (course_review(review))
            }
        }
    }
}

/// The review of a course that is over (`GET …/courses/{id}/summary`).
fn course_review(r: &crate::dashboard::course_summary::CourseSummary) -> Markup {
    let measure = |m: Option<crate::dashboard::course_summary::Measured>| {
        m.map_or_else(|| "none".to_owned(), |m| m.total.to_string())
    };
    let yes_no = |b: Option<bool>| match b {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not measured",
    };
    let id = format!("review-{}", r.number);
    html! {
        section class="course-review" id=(id) aria-labelledby=(format!("{id}-title")) {
            h3 id=(format!("{id}-title")) { "Review of course " (r.number) " (" (r.start_date) " to " (r.end_date) ")" }
            p {
                "Sessions held " (r.sessions.held) ", cancelled " (r.sessions.cancelled) ", missed " (r.sessions.missed)
                @if let Some(reason) = r.end_reason { " · ended: " (format::end_reason(reason)) }
            }
            (scroll_table(&format!("Measures of course {}", r.number), html! {
                table {
                    (column_heads(&["Measure", "Start", "End", "Change", "Response", "Remission"]))
                    tbody {
                        tr {
                            th scope="row" { "PHQ-9" }
                            td { (measure(r.phq9.index)) }
                            td { (measure(r.phq9.end)) }
                            td { (r.phq9.change.map_or_else(|| "–".to_owned(), |c| format!("{c:+}"))) }
                            td { (yes_no(r.phq9.response)) }
                            td { (yes_no(r.phq9.remission)) }
                        }
                        @if let Some(g) = &r.gad7 {
                            tr {
                                th scope="row" { "GAD-7" }
                                td { (measure(g.index)) }
                                td { (measure(g.end)) }
                                td { (g.change.map_or_else(|| "–".to_owned(), |c| format!("{c:+}"))) }
                                td { "–" }
                                td { "–" }
                            }
                        }
                    }
                }
            }))
            @if !r.goals.is_empty() {
                ul {
                    @for g in &r.goals {
                        li {
                            (g.text) ": "
                            @match (g.first, g.last) {
                                (Some(first), Some(last)) => { (first.rating) " at session " (first.session_number) " → " (last.rating) " at session " (last.session_number) }
                                _ => { "not rated in this course" }
                            }
                        }
                    }
                }
            }
            p class="muted" {
                (r.readings_opened) " readings opened · " (r.exercise_logs) " practices · homework "
                (r.homework.completed) " of " (r.homework.assigned) " done"
            }
        }
    }
}

/// One part of a plan: its heading and its items, or that nothing is written yet.
fn plan_part(title: &str, items: &[String]) -> Markup {
    html! {
        h3 { (title) }
        @if items.is_empty() { p class="muted" { "Nothing written yet." } }
        @else { ul { @for item in items { li { (item) } } } }
    }
}

/// A part of a plan that lists people, with their phone numbers.
fn contacts(title: &str, items: &[ContactBody]) -> Markup {
    html! {
        h3 { (title) }
        @if items.is_empty() { p class="muted" { "Nothing written yet." } }
        @else {
            ul { @for c in items {
                li { (c.name) @if let Some(phone) = &c.phone { " · " span class="phone" { (phone) } } }
            } }
        }
    }
}

/// Which version of a plan is shown, and who changed it last, when.
fn plan_version(version: i32, at: DateTime<Utc>, by: PlanAuthor, times: Times) -> Markup {
    let by = match by {
        PlanAuthor::Therapist => "the therapist",
        PlanAuthor::Client => "the client",
    };
    html! {
        p class="muted" { "Version " (version) ", last changed " (times.at(at)) " by " (by) "." }
    }
}

/// The relapse-prevention plan.
fn relapse_plan(plan: Option<&RelapsePlanResponse>, times: Times) -> Markup {
    html! {
        section id="relapse-plan" aria-labelledby="relapse-plan-title" {
            h2 id="relapse-plan-title" { "Relapse-prevention plan" }
            @match plan {
                None => p class="muted" { "No relapse-prevention plan yet. Write it with the client in the last sessions; the client keeps it in the app." },
                Some(plan) => {
                    (plan_version(plan.version, plan.updated_at, plan.updated_by, times))
                    (plan_part("Warning signs", &plan.warning_signs))
                    (plan_part("What helped", &plan.what_helped))
                    (contacts("People to contact", &plan.people_to_contact))
                    (plan_part("When to seek help again", &plan.when_to_seek_help))
                }
            }
        }
    }
}

/// Buttons that mark one session. A session still to come can only be cancelled; a mark it
/// already has is not offered again.
fn mark_form(
    client_id: &str,
    number: u16,
    status: SessionStatus,
    confirmed: bool,
    upcoming: bool,
    csrf: &str,
) -> Markup {
    let choices: &[(SessionStatus, &str, &str)] = if upcoming {
        &[(SessionStatus::Cancelled, "cancelled", "Cancelled")]
    } else {
        &[
            (SessionStatus::Held, "held", "Held"),
            (SessionStatus::Cancelled, "cancelled", "Cancelled"),
            (SessionStatus::NoShow, "no_show", "Missed"),
        ]
    };
    html! {
        form class="mark" method="post" action={"/clients/" (client_id) "/sessions/" (number) "/mark"} {
            input type="hidden" name="csrf" value=(csrf);
            @for (choice, value, label) in choices {
                @if !(confirmed && status == *choice) {
                    button class="secondary" type="submit" name="status" value=(value) {
                        (label) span class="visually-hidden" { " (session " (number) ")" }
                    }
                }
            }
        }
    }
}

/// The interpersonal inventory: the closeness circles, and the mean mood of the check-ins
/// that name each person.
fn inventory(work: &ClientWork) -> Markup {
    let people: Vec<Person<'_>> = work
        .inventory
        .iter()
        .map(|p| Person {
            label: &p.label,
            closeness: p.closeness,
        })
        .collect();
    html! {
        section id="inventory" aria-labelledby="inventory-title" {
            h2 id="inventory-title" { "Interpersonal inventory and mood by person" }
            @if work.inventory.is_empty() {
                p class="muted" { "No one is in the interpersonal inventory yet." }
            } @else {
                div class="inventory" {
                    figure id="closeness-circles" {
                        figcaption { "Closeness circles (1 = closest)" }
                        (charts::closeness_circles(&people))
                    }
                    div {
                        p class="muted" {
                            "IPT reads mood and relationships together: the mean mood (0–10) of the check-ins that name each person."
                            @match work.mood_overall {
                                Some((mean, n)) => { " All " (n) " check-ins: " (format!("{mean:.1}")) "." },
                                None => { " No check-ins yet." },
                            }
                        }
                        (scroll_table("Mood by person", mood_table(&work.mood_by_person, work.mood_overall)))
                    }
                }
            }
        }
    }
}

fn mood_table(rows: &[PersonMood], overall: Option<(f64, u64)>) -> Markup {
    html! {
        table id="mood-by-person" {
            (column_heads(&["Person", "Circle", "Check-ins naming them", "Mean mood", "Compared with all"]))
            tbody {
                @for p in rows {
                    tr {
                        th scope="row" { (p.label) }
                        td { (p.closeness) }
                        @match p.mood {
                            Some((mean, n)) => {
                                td { (n) }
                                td { (format!("{mean:.1}")) }
                                td { (overall.map_or_else(String::new, |(all, _)| format!("{:+.1}", mean - all))) }
                            },
                            None => {
                                td { "0" }
                                td colspan="2" class="muted" { "No check-in names them yet." }
                            },
                        }
                    }
                }
            }
        }
    }
}

/// What the client wrote: check-in notes, exercise answers, homework reflections.
fn own_words(summary: &ClientSummary, work: &ClientWork, times: Times) -> Markup {
    let answered: Vec<_> = summary
        .exercise_logs
        .iter()
        .filter(|l| {
            l.note.as_deref().is_some_and(|n| !n.trim().is_empty())
                || l.responses.as_ref().is_some_and(|r| !r.is_empty())
        })
        .collect();
    let reflections: Vec<_> = summary
        .homework
        .iter()
        .filter(|h| {
            h.reflection
                .as_deref()
                .is_some_and(|r| !r.trim().is_empty())
        })
        .collect();
    html! {
        section id="own-words" aria-labelledby="own-words-title" {
            h2 id="own-words-title" { "In the client's words" }
            h3 { "Check-in notes" }
            @if work.notes.is_empty() {
                p class="muted" id="no-notes" { "No check-in has a note yet." }
            } @else {
                (scroll_table("Check-in notes", html! {
                    table id="checkin-notes" {
                        (column_heads(&["When", "Mood", "With", "Note"]))
                        tbody {
                            @for n in &work.notes {
                                tr {
                                    td class="nowrap" { (times.at(n.recorded_at)) }
                                    td { (n.mood) }
                                    td { @if let Some(p) = &n.person { (p) } @else { span class="muted" { "—" } } }
                                    td class="words" { (n.text) }
                                }
                            }
                        }
                    }
                }))
            }
            h3 { "Exercise answers" }
            @if answered.is_empty() {
                p class="muted" id="no-answers" { "No exercise answers yet." }
            } @else {
                @for l in &answered {
                    article class="answer" {
                        h4 { (format::exercise(&l.exercise_key)) span class="muted" { " · " (times.at(l.practiced_at)) } }
                        dl {
                            @if let Some(responses) = &l.responses {
                                @for (key, answer) in responses {
                                    dt { (format::prompt(&l.exercise_key, key)) }
                                    dd class="words" { (answer) }
                                }
                            }
                            @if let Some(note) = l.note.as_deref().filter(|n| !n.trim().is_empty()) {
                                dt { "Note" }
                                dd class="words" { (note) }
                            }
                        }
                    }
                }
            }
            h3 { "Homework reflections" }
            @if reflections.is_empty() {
                p class="muted" id="no-reflections" { "No homework reflection yet." }
            } @else {
                @for h in &reflections {
                    article class="answer" {
                        h4 { (h.title) span class="muted" { " · completed " (times.maybe(h.completed_at)) } }
                        @if let Some(v) = h.helpfulness { p class="muted" { "Helpfulness: " (v) " of 10" } }
                        p class="words" { (h.reflection.as_deref().unwrap_or_default()) }
                    }
                }
            }
        }
    }
}

/// The client's safety plan, its seven parts under the headings of the Stanley–Brown form.
fn safety_plan(plan: Option<&SafetyPlanResponse>, times: Times) -> Markup {
    html! {
        section id="safety-plan" aria-labelledby="safety-plan-title" {
            h2 id="safety-plan-title" { "Safety plan" }
            @match plan {
                None => p class="muted" { "No safety plan yet. Write it together in session; the client can then see it in the app." },
                Some(plan) => {
                    (plan_version(plan.version, plan.updated_at, plan.updated_by, times))
                    (plan_part("1. Warning signs", &plan.warning_signs))
                    (plan_part("2. Internal coping strategies", &plan.coping_strategies))
                    (plan_part("3. People and places for distraction", &plan.distractions))
                    (contacts("4. People to ask for help", &plan.people_to_ask))
                    (contacts("5. Professionals and crisis lines", &plan.professionals))
                    (plan_part("6. Making the environment safe", &plan.environment_safety))
                    (plan_part("7. Reasons for living", &plan.reasons_for_living))
                }
            }
        }
    }
}

fn homework(summary: &ClientSummary, times: Times) -> Markup {
    html! {
        h2 { "Homework" }
        (scroll_table("Homework", html! {
            table {
                (column_heads(&["Title", "Exercise", "Due", "Status", "Helpfulness"]))
                tbody {
                    @if summary.homework.is_empty() { tr { td colspan="5" class="muted" { "No homework assigned yet." } } }
                    @for h in &summary.homework {
                        tr {
                            td { (h.title) }
                            td { (h.exercise_key.as_deref().map_or_else(|| "—".to_owned(), format::exercise)) }
                            td { (times.maybe(h.due_at)) }
                            td {
                                (format::homework_status(h.status))
                                @if let Some(on_time) = h.completed_on_time { " (" (if on_time { "on time" } else { "late" }) ")" }
                            }
                            td { (h.helpfulness.map_or_else(|| "—".to_owned(), |v| format!("{v} of 10"))) }
                        }
                    }
                }
            }
        }))
    }
}

fn practice(summary: &ClientSummary, times: Times) -> Markup {
    html! {
        h2 { "Exercise practice" }
        (scroll_table("Exercise practice", html! {
            table id="practice" {
                (column_heads(&["Exercise", "When", "Difficulty", "Outcome"]))
                tbody {
                    @if summary.exercise_logs.is_empty() { tr { td colspan="4" class="muted" { "No practice logged yet." } } }
                    @for l in &summary.exercise_logs {
                        tr {
                            td { (format::exercise(&l.exercise_key)) }
                            td { (times.at(l.practiced_at)) }
                            td { (l.difficulty.map_or_else(|| "—".to_owned(), |v| format!("{v} of 10"))) }
                            td { (l.outcome.map_or_else(|| "—".to_owned(), |v| format!("{v} of 10"))) }
                        }
                    }
                }
            }
        }))
    }
}

fn reminders(summary: &ClientSummary, times: Times) -> Markup {
    let r = &summary.row;
    html! {
        h2 { "Reminders" }
        p class="muted" { (r.reminders.sent_7d) " sent and " (r.reminders.opened_7d) " opened in the last 7 days." }
        (scroll_table("Reminders", html! {
            table id="reminders" {
                (column_heads(&["Kind", "Due", "Status"]))
                tbody {
                    @if summary.notifications.is_empty() { tr { td colspan="3" class="muted" { "No reminder has been due yet." } } }
                    @for n in &summary.notifications {
                        tr {
                            td { (format::reminder_kind(n.kind)) }
                            td { (times.at(n.scheduled_for)) }
                            td { (format::notification_status(n.status)) }
                        }
                    }
                }
            }
        }))
    }
}
