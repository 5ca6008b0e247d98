//! Page templates (maud: HTML checked at compile time, every value escaped).

use super::charts;
use crate::dashboard::dto::{ClientSummary, DashboardFilter, DashboardRow};
use crate::dashboard::metrics::Level;
use crate::domain::{Phase, ProblemArea};
use crate::safety_plan::PlanAuthor;
use crate::safety_plan::dto::{ContactBody, SafetyPlanResponse};
use chrono::{DateTime, Days, NaiveDate, Utc};
use maud::{DOCTYPE, Markup, html};

fn layout(title: &str, csrf: Option<&str>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · IPT Companion" }
                link rel="stylesheet" href="/assets/app.css";
            }
            body {
                header {
                    a class="brand" href="/dashboard" { "IPT Companion" }
                    @if let Some(csrf) = csrf {
                        form class="inline" method="post" action="/logout" {
                            input type="hidden" name="csrf" value=(csrf);
                            button class="secondary" type="submit" { "Sign out" }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// The sign-in form.
#[must_use]
pub fn login(csrf: &str, failed: bool) -> Markup {
    layout(
        "Sign in",
        None,
        html! {
            form class="login" method="post" action="/login" {
                h1 { "Sign in" }
                @if failed {
                    p class="error" role="alert" { "That e-mail and password do not match an account." }
                }
                input type="hidden" name="csrf" value=(csrf);
                label for="email" { "E-mail" }
                input id="email" name="email" type="email" autocomplete="username" required;
                label for="password" { "Password" }
                input id="password" name="password" type="password" autocomplete="current-password" required;
                button type="submit" { "Sign in" }
            }
        },
    )
}

fn phase_name(p: Phase) -> &'static str {
    match p {
        Phase::Initial => "initial",
        Phase::Middle => "middle",
        Phase::Termination => "termination",
        Phase::Ended => "ended",
    }
}

fn level_class(l: Level) -> &'static str {
    match l {
        Level::Urgent => "urgent",
        Level::High => "high",
        Level::Medium => "medium",
        Level::None => "",
    }
}

fn date_of(t: Option<DateTime<Utc>>) -> String {
    t.map_or_else(
        || "—".to_owned(),
        |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
    )
}

/// The adherence table.
#[must_use]
pub fn dashboard(
    rows: &[DashboardRow],
    erased: &[entities::safety_alert::Model],
    filter: &DashboardFilter,
    csrf: &str,
    today: NaiveDate,
) -> Markup {
    let from = today.checked_sub_days(Days::new(27)).unwrap_or(today);
    let phases = [
        Phase::Initial,
        Phase::Middle,
        Phase::Termination,
        Phase::Ended,
    ];
    let areas = [
        ProblemArea::Grief,
        ProblemArea::RoleDispute,
        ProblemArea::RoleTransition,
        ProblemArea::InterpersonalDeficits,
    ];
    layout(
        "Dashboard",
        Some(csrf),
        html! {
            h1 { "Your clients" }
            @if !erased.is_empty() {
                section class="alert-box" id="erased-alerts" aria-labelledby="erased-alerts-title" {
                    h2 id="erased-alerts-title" { "Open safety alerts of erased clients" }
                    p { "These clients erased their data while a safety alert was open. Only the alert is left: act on it from your own records, then acknowledge it." }
                    @for a in erased {
                        div class="alert" {
                            p {
                                "Alert " code { (a.id) } " for client " code { (a.client_id) }
                                ", raised " (a.created_at.format("%Y-%m-%d %H:%M UTC"))
                                ". PHQ-9 item 9 answer: " (a.item9.map_or_else(|| "unknown".to_owned(), |v| v.to_string())) " of 3."
                            }
                            (acknowledge_form(&a.client_id.to_string(), &a.id.to_string(), csrf))
                        }
                    }
                }
            }
            form class="filters" method="get" action="/dashboard" {
                label { "Phase"
                    select name="phase" {
                        option value="" { "All" }
                        @for p in phases {
                            option value=(phase_name(p)) selected[filter.phase == Some(p)] { (phase_name(p)) }
                        }
                    }
                }
                label { "Problem area"
                    select name="problem_area" {
                        option value="" { "All" }
                        @for a in areas {
                            option value=(a.as_str()) selected[filter.problem_area == Some(a)] { (a.as_str().replace('_', " ")) }
                        }
                    }
                }
                button type="submit" { "Filter" }
            }
            div class="table-wrap" {
                table id="dashboard" {
                    caption { "Clients who need attention come first." }
                    thead { tr {
                        th scope="col" { "Client" }
                        th scope="col" { "Attention" }
                        th scope="col" { "Phase" }
                        th scope="col" { "Check-in days (7 / 28)" }
                        th scope="col" { "Practice this week" }
                        th scope="col" { "Homework" }
                        th scope="col" { "Mood (28 days)" }
                        th scope="col" { "PHQ-9" }
                        th scope="col" { "Last active" }
                    } }
                    tbody {
                        @if rows.is_empty() {
                            tr { td colspan="9" class="muted" { "No clients match." } }
                        }
                        @for r in rows {
                            tr class=(level_class(r.attention.level)) data-client=(r.client_id) {
                                th scope="row" { a href={"/clients/" (r.client_id)} { (r.display_name) } }
                                td {
                                    @if r.attention.level != Level::None {
                                        span class={"badge " (level_class(r.attention.level))} { (level_class(r.attention.level)) }
                                        ul class="reasons" { @for reason in &r.attention.reasons { li { (reason) } } }
                                    } @else { span class="muted" { "on track" } }
                                }
                                td { (phase_name(r.phase)) br; span class="muted" { (r.weeks_remaining) " weeks left" } }
                                td { (r.checkin_days_7d) " / " (r.checkin_days_28d) }
                                td { (r.exercise_logs_7d) " of " (r.weekly_practice_target) }
                                td {
                                    (r.homework.completed) " of " (r.homework.assigned) " done"
                                    @if let Some(rate) = r.homework.completion_rate {
                                        br; span class="muted" { (format!("{:.0}", rate * 100.0)) " % of due" }
                                    }
                                }
                                td {
                                    (charts::sparkline(&r.mood_28d.iter().map(|m| (m.date, m.mean)).collect::<Vec<_>>(), from, today))
                                    br;
                                    span class="muted" {
                                        "latest " (r.latest_mood.map_or_else(|| "—".to_owned(), |m| m.to_string()))
                                        @if let Some(t) = r.mood_trend_28d { ", " (format!("{t:+.1}")) "/week" }
                                    }
                                }
                                td {
                                    @if let Some(p) = r.phq9 {
                                        (p.baseline) " → " (p.latest)
                                        @if p.remission { br; span class="badge" { "remission" } }
                                        @else if p.response { br; span class="badge" { "response" } }
                                    } @else { span class="muted" { "—" } }
                                }
                                td { (date_of(r.last_active_at)) }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// One client's page.
#[must_use]
pub fn client(summary: &ClientSummary, csrf: &str, today: NaiveDate) -> Markup {
    let r = &summary.row;
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
    let phq9: Vec<(NaiveDate, i32)> = summary
        .phq9_series
        .iter()
        .map(|p| (p.recorded_at.date_naive(), p.total))
        .collect();
    layout(
        &r.display_name,
        Some(csrf),
        html! {
            p { a href="/dashboard" { "← All clients" } }
            h1 { (r.display_name) }
            p class="muted" {
                (phase_name(r.phase)) " phase · " (r.weeks_remaining) " weeks left · sessions " (summary.start_date) " to " (summary.end_date)
            }
            @if !summary.open_alerts.is_empty() {
                section class="alert-box" id="alerts" aria-labelledby="alerts-title" {
                    h2 id="alerts-title" { "Safety alert" }
                    @for a in &summary.open_alerts {
                        @let context = summary.alert_checkins.iter().find(|c| c.alert_id == a.id);
                        div class="alert" {
                            p {
                                strong { "PHQ-9 item 9 (thoughts of self-harm): " (a.item9.map_or_else(|| "not answered".to_owned(), |v| format!("{v} of 3"))) }
                                " · total " (a.phq9_total.map_or_else(|| "not scored".to_owned(), |v| v.to_string()))
                                @if a.source == crate::safety::dto::Source::RefusedSubmission { " · from a check-in the app could not save" }
                            }
                            p { "Recorded " (local_time(a.recorded_at.unwrap_or(a.created_at), a.timezone.as_deref())) " (client's time) · " (a.recorded_at.unwrap_or(a.created_at).format("%Y-%m-%d %H:%M UTC")) }
                            @if let Some(c) = context {
                                @if let Some(person) = &c.person { p { "About: " (person) } }
                                @if let Some(note) = &c.note { p { "Note: " (note) } }
                            }
                            p class="muted" {
                                (match (a.notified_at, a.escalated_at) {
                                    (_, Some(at)) => format!("Escalated to on-call at {}.", at.format("%Y-%m-%d %H:%M UTC")),
                                    (Some(at), None) => format!("You were notified at {}.", at.format("%Y-%m-%d %H:%M UTC")),
                                    (None, None) => "No notification has been accepted yet (or no channel is configured).".to_owned(),
                                })
                            }
                            (acknowledge_form(&r.client_id.to_string(), &a.id.to_string(), csrf))
                        }
                    }
                }
            }
            @if let Some(p) = &summary.latest_phq9 {
                p class="muted" id="latest-phq9" {
                    "Latest PHQ-9 (" (p.recorded_at.format("%Y-%m-%d")) "): "
                    (p.total.map_or_else(|| "not scored (more than two items skipped)".to_owned(), |t| t.to_string()))
                    @if p.prorated { " (prorated over skipped items)" }
                    " · item 9: " (p.item9.map_or_else(|| "not answered".to_owned(), |v| format!("{v} of 3")))
                }
            }
            div class="charts" {
                figure id="mood-chart" {
                    figcaption { "Daily mood (0–10) by session week" }
                    (charts::mood_chart(&mood, &summary.session_dates, from, to))
                }
                figure id="phq9-chart" {
                    figcaption { "PHQ-9 over the severity bands" }
                    (charts::phq9_chart(&phq9, from, to))
                }
            }
            (safety_plan(summary.safety_plan.as_ref()))
            h2 { "Homework" }
            div class="table-wrap" { table {
                thead { tr { th scope="col" { "Title" } th scope="col" { "Due" } th scope="col" { "Status" } th scope="col" { "Helpfulness" } } }
                tbody {
                    @if summary.homework.is_empty() { tr { td colspan="4" class="muted" { "None assigned." } } }
                    @for h in &summary.homework {
                        tr {
                            td { (h.title) }
                            td { (date_of(h.due_at)) }
                            td {
                                (format!("{:?}", h.status).to_lowercase())
                                @if let Some(on_time) = h.completed_on_time { " (" (if on_time { "on time" } else { "late" }) ")" }
                            }
                            td { (h.helpfulness.map_or_else(|| "—".to_owned(), |v| v.to_string())) }
                        }
                    }
                }
            } }
            h2 { "Exercise practice" }
            div class="table-wrap" { table {
                thead { tr { th scope="col" { "Exercise" } th scope="col" { "When" } th scope="col" { "Difficulty" } th scope="col" { "Outcome" } } }
                tbody {
                    @if summary.exercise_logs.is_empty() { tr { td colspan="4" class="muted" { "No practice logged yet." } } }
                    @for l in &summary.exercise_logs {
                        tr {
                            td { (l.exercise_key.replace('_', " ")) }
                            td { (date_of(Some(l.practiced_at))) }
                            td { (l.difficulty.map_or_else(|| "—".to_owned(), |v| v.to_string())) }
                            td { (l.outcome.map_or_else(|| "—".to_owned(), |v| v.to_string())) }
                        }
                    }
                }
            } }
            h2 { "Reminders" }
            p class="muted" { (r.reminders.sent_7d) " sent and " (r.reminders.opened_7d) " opened in the last 7 days." }
            div class="table-wrap" { table {
                thead { tr { th scope="col" { "Kind" } th scope="col" { "Due" } th scope="col" { "Status" } } }
                tbody {
                    @if summary.notifications.is_empty() { tr { td colspan="3" class="muted" { "None yet." } } }
                    @for n in &summary.notifications {
                        tr {
                            td { (format!("{:?}", n.kind)) }
                            td { (date_of(Some(n.scheduled_for))) }
                            td { (format!("{:?}", n.status).to_lowercase()) }
                        }
                    }
                }
            } }
        },
    )
}

/// The client's safety plan, its seven parts under the headings of the Stanley–Brown form.
fn safety_plan(plan: Option<&SafetyPlanResponse>) -> Markup {
    let lines = |title: &str, items: &[String]| {
        html! {
            h3 { (title) }
            @if items.is_empty() { p class="muted" { "Nothing written yet." } }
            @else { ul { @for item in items { li { (item) } } } }
        }
    };
    let contacts = |title: &str, items: &[ContactBody]| {
        html! {
            h3 { (title) }
            @if items.is_empty() { p class="muted" { "Nothing written yet." } }
            @else {
                ul { @for c in items {
                    li { (c.name) @if let Some(phone) = &c.phone { " · " span class="phone" { (phone) } } }
                } }
            }
        }
    };
    html! {
        section id="safety-plan" aria-labelledby="safety-plan-title" {
            h2 id="safety-plan-title" { "Safety plan" }
            @match plan {
                None => p class="muted" { "No safety plan yet. Write it together in session; the client can then see it in the app." },
                Some(plan) => {
                    p class="muted" {
                        "Version " (plan.version) ", last changed " (date_of(Some(plan.updated_at))) " by "
                        (match plan.updated_by { PlanAuthor::Therapist => "the therapist", PlanAuthor::Client => "the client" }) "."
                    }
                    (lines("1. Warning signs", &plan.warning_signs))
                    (lines("2. Internal coping strategies", &plan.coping_strategies))
                    (lines("3. People and places for distraction", &plan.distractions))
                    (contacts("4. People to ask for help", &plan.people_to_ask))
                    (contacts("5. Professionals and crisis lines", &plan.professionals))
                    (lines("6. Making the environment safe", &plan.environment_safety))
                    (lines("7. Reasons for living", &plan.reasons_for_living))
                }
            }
        }
    }
}

/// A page for a client that does not exist or is not the therapist's.
#[must_use]
pub fn not_found(csrf: &str) -> Markup {
    layout(
        "Not found",
        Some(csrf),
        html! { h1 { "Not found" } p { a href="/dashboard" { "Back to your clients" } } },
    )
}

/// The acknowledge form: what was done is required, a note is required for "other".
fn acknowledge_form(client_id: &str, alert_id: &str, csrf: &str) -> Markup {
    let id = format!("ack-{alert_id}");
    html! {
        form method="post" action={"/clients/" (client_id) "/alerts/" (alert_id) "/acknowledge"} {
            input type="hidden" name="csrf" value=(csrf);
            label for={(id) "-action"} { "What did you do?" }
            select id={(id) "-action"} name="action" required {
                option value="" { "Choose…" }
                option value="contacted_client" { "Contacted the client" }
                option value="safety_plan_reviewed" { "Reviewed the safety plan with the client" }
                option value="emergency_services" { "Called emergency services" }
                option value="reviewed_no_action_needed" { "Reviewed: no action needed" }
                option value="other" { "Other (say what in the note)" }
            }
            label for={(id) "-note"} { "Note (required for other)" }
            textarea id={(id) "-note"} name="note" maxlength="2000" rows="2" {}
            button type="submit" { "Acknowledge alert" }
        }
    }
}

/// An instant in the client's zone (UTC when the zone is unknown).
fn local_time(at: chrono::DateTime<chrono::Utc>, zone: Option<&str>) -> String {
    match zone.and_then(|z| z.parse::<chrono_tz::Tz>().ok()) {
        Some(tz) => at
            .with_timezone(&tz)
            .format("%Y-%m-%d %H:%M %Z")
            .to_string(),
        None => at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}
