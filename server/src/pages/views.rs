//! Page templates (maud: HTML checked at compile time, every value escaped).

use super::charts;
use super::format::{Times, phase};
use crate::dashboard::dto::{DashboardFilter, DashboardRow};
use crate::dashboard::metrics::Level;
use crate::domain::{Phase, ProblemArea};
use chrono::{Days, NaiveDate};
use maud::{DOCTYPE, Markup, html};

pub(super) fn layout(title: &str, csrf: Option<&str>, body: Markup) -> Markup {
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
                        a href="/sign-ins" { "Sign-ins" }
                        " "
                        a href="/account/two-step" { "Two-step sign-in" }
                        " "
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
    login_with(
        csrf,
        failed.then_some("That e-mail and password do not match an account."),
    )
}

/// The sign-in form, with what went wrong with the last attempt, if anything.
pub fn login_with(csrf: &str, message: Option<&str>) -> Markup {
    layout(
        "Sign in",
        None,
        html! {
            form class="login" method="post" action="/login" {
                h1 { "Sign in" }
                @if let Some(message) = message {
                    p class="error" role="alert" { (message) }
                }
                input type="hidden" name="csrf" value=(csrf);
                label for="email" { "E-mail" }
                input id="email" name="email" type="email" autocomplete="username" required;
                label for="password" { "Password" }
                input id="password" name="password" type="password" autocomplete="current-password" required;
                button type="submit" { "Sign in" }
                p { a href="/password-reset" { "Forgot password?" } }
            }
        },
    )
}

/// A form that could not be read (not a form, malformed, too large): what happened and the
/// way back.
pub fn unreadable_form(message: &str, back: &str) -> Markup {
    layout(
        "The form could not be read",
        None,
        html! {
            h1 { "The form could not be read" }
            p class="error" role="alert" { (message) }
            p { a href=(back) { "Back" } }
        },
    )
}

fn level_class(l: Level) -> &'static str {
    match l {
        Level::Urgent => "urgent",
        Level::High => "high",
        Level::Medium => "medium",
        Level::None => "",
    }
}

/// A table that may be wider than the screen, in a container that scrolls sideways: the
/// container takes the keyboard focus (so it scrolls without a mouse) and is named for
/// screen readers.
pub(super) fn scroll_table(name: &str, table: Markup) -> Markup {
    html! {
        div class="table-wrap" tabindex="0" role="region" aria-label=(name) { (table) }
    }
}

/// A table's head: one column header each.
pub(super) fn column_heads(names: &[&str]) -> Markup {
    html! {
        thead { tr { @for name in names { th scope="col" { (name) } } } }
    }
}

/// The adherence table.
#[must_use]
pub fn dashboard(
    rows: &[DashboardRow],
    erased: &[entities::safety_alert::Model],
    filter: &DashboardFilter,
    csrf: &str,
    today: NaiveDate,
    times: Times,
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
                                ", raised " (times.at(a.created_at))
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
                            option value=(phase(p)) selected[filter.phase == Some(p)] { (phase(p)) }
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
            (scroll_table("Your clients", html! {
                table id="dashboard" {
                    caption { "Clients who need attention come first. Times are in " (times.zone_name()) "." }
                    (column_heads(&["Client", "Attention", "Phase", "Check-in days (7 / 28)", "Practice this week", "Homework", "Mood (28 days)", "PHQ-9", "Last active"]))
                    tbody {
                        @if rows.is_empty() {
                            tr { td colspan="9" class="muted" { "No clients match." } }
                        }
                        @for r in rows {
                            tr class=(level_class(r.attention.level)) data-client=(r.client_id) {
                                th scope="row" {
                                    a href={"/clients/" (r.client_id)} { (r.display_name) }
                                    @if !r.crisis_region_confirmed {
                                        br;
                                        span class="badge high" { "crisis region not confirmed" }
                                        br;
                                        span class="muted" { (r.crisis_region.as_deref().map_or_else(|| "none: international resources".to_owned(), |c| format!("derived: {c}"))) }
                                    }
                                }
                                td {
                                    @if r.attention.level != Level::None {
                                        span class={"badge " (level_class(r.attention.level))} { (level_class(r.attention.level)) }
                                        ul class="reasons" { @for reason in &r.attention.reasons { li { (reason) } } }
                                    } @else { span class="muted" { "on track" } }
                                }
                                td { (phase(r.phase)) br; span class="muted" { (r.weeks_remaining) " weeks left" } }
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
                                        @if p.index.late {
                                            br; span class="muted" { "index measure taken more than " (crate::dashboard::metrics::INDEX_LATE_DAYS) " days after the start" }
                                        }
                                        @if p.remission { br; span class="badge" { "remission" } }
                                        @else if p.response { br; span class="badge" { "response" } }
                                    } @else { span class="muted" { "—" } }
                                }
                                td { (times.maybe(r.last_active_at)) }
                            }
                        }
                    }
                }
            }))
        },
    )
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
pub(super) fn acknowledge_form(client_id: &str, alert_id: &str, csrf: &str) -> Markup {
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
