//! Building the dashboard: the fixed handful of queries of `queries.rs` for all of a
//! therapist's clients (never a query per client), then the metrics of `metrics.rs` in memory.

use super::dto::{DashboardFilter, DashboardRow};
use super::queries;
pub(crate) use queries::Scope;

use super::dto::{DailyMood, ReminderCounts};
use super::metrics::{
    self, AttentionFacts, HomeworkCounts, HomeworkSummary, IndexSource, MoodPoint, Phq9Index,
    Phq9Point,
};
use crate::aggregate::Client;
use crate::audit::ObjectType;
use crate::domain::local_to_utc;
use crate::domain::relapse;
use crate::domain::{CourseKind, Phase, SessionStatus};
use chrono::{DateTime, Duration, NaiveTime, Utc};
use entities::{ClientId, TherapistId};
use queries::Facts;
use sea_orm::{ConnectionTrait, DbErr};
use std::collections::HashMap;

fn group<T>(rows: Vec<(ClientId, T)>) -> HashMap<ClientId, Vec<T>> {
    let mut out: HashMap<ClientId, Vec<T>> = HashMap::new();
    for (id, value) in rows {
        out.entry(id).or_default().push(value);
    }
    out
}

/// Every input of the dashboard rows in `scope`, read with a fixed number of queries.
pub struct Inputs {
    pub clients: Vec<Client>,
    /// Each client at its latest acute course, where outcomes are measured from (the same as
    /// the current course unless the client is in maintenance or a later course).
    acute: HashMap<ClientId, Client>,
    /// The check-ins therapists chose as baselines.
    baselines: HashMap<uuid::Uuid, Phq9Point>,
    facts: HashMap<ClientId, Facts>,
    moods: HashMap<ClientId, Vec<MoodPoint>>,
    /// The PHQ-9 totals of each client since the start of its treatment, oldest first.
    /// The check-in of each PHQ-9 point, by client and time (the index names its check-in).
    phq9_ids: HashMap<(ClientId, DateTime<Utc>), uuid::Uuid>,
    phq9: HashMap<ClientId, Vec<Phq9Point>>,
    homework: HashMap<ClientId, HomeworkCounts>,
    /// The GAD-7 totals of each client since the start of its treatment's intake window.
    gad7: HashMap<ClientId, Vec<metrics::Gad7Point>>,
    /// What each client's initial-phase checklist is read from (inventory, formulation).
    initial_phase: HashMap<ClientId, crate::clients::model::InitialPhaseFacts>,
    /// When each client's newest relapse review was recorded (it ends a likely relapse).
    last_reviews: HashMap<ClientId, DateTime<Utc>>,
}

/// Reads the dashboard's inputs: a fixed handful of queries whatever the number of clients (one
/// more per 500 clients). Histories are reduced in the database (counts, the newest) except the
/// PHQ-9 totals since the start, which the 6- and 12-month outcomes need: one a week at most in
/// treatment, so that what crosses to the server stays small.
///
/// # Errors
/// Database errors.
pub async fn load<C: ConnectionTrait>(
    db: &C,
    scope: Scope,
    now: DateTime<Utc>,
) -> Result<Inputs, DbErr> {
    // A client whose stored course does not pass its rules is left out (`Client::try_from`
    // logs its id) rather than shown with a made-up course, or failing everyone's dashboard.
    let rows = queries::clients(db, scope).await?;
    let ids: Vec<_> = rows.iter().map(|r| r.id).collect();
    let mut courses = crate::aggregate::courses_of(db, &ids).await?;
    let course_ids: Vec<uuid::Uuid> = courses.values().flatten().map(|c| c.id).collect();
    let marks = crate::aggregate::marks_of(db, &course_ids).await?;
    let at = |row: &entities::client::Model, course: entities::course::Model| {
        let of_course = marks.get(&course.id).cloned().unwrap_or_default();
        Client::try_from((row.clone(), course, of_course)).ok()
    };
    // A client whose stored course does not parse is logged (by `Client::try_from`) and left
    // out, like a client whose zone does not parse (see `queries::clients`).
    let mut clients = Vec::with_capacity(rows.len());
    let mut acute = HashMap::new();
    for row in rows {
        let Some(mut of_client) = courses.remove(&row.id) else {
            continue;
        };
        let Some(current) = of_client.pop() else {
            continue;
        };
        let latest_acute = of_client
            .into_iter()
            .rev()
            .find(|c| c.kind == entities::course::CourseKind::Acute);
        if let Some(course) =
            latest_acute.filter(|_| current.kind != entities::course::CourseKind::Acute)
            && let Some(client) = at(&row, course)
        {
            acute.insert(row.id, client);
        }
        if let Some(client) = at(&row, current) {
            clients.push(client);
        }
    }
    let facts = queries::facts(db, scope, now).await?;
    let ids: Vec<ClientId> = clients.iter().map(Client::id).collect();
    // 29 days of check-ins cover the last 28 local dates in any zone.
    let moods = queries::moods_since(db, &ids, now - Duration::days(29)).await?;
    // The start of treatment is a local date.
    let bounds: Vec<(ClientId, DateTime<Utc>)> = clients
        .iter()
        .map(|c| {
            let c = acute.get(&c.id()).unwrap_or(c);
            let start = c.treatment().start_date.and_time(NaiveTime::MIN);
            (c.id(), local_to_utc(c.timezone().tz(), start))
        })
        .collect();
    // One read from the earliest start; each client's own start is applied in `row`.
    // The intake measure may precede the start by up to two weeks.
    let since = bounds.iter().map(|(_, at)| *at).min().unwrap_or(now)
        - Duration::days(metrics::INTAKE_DAYS + 1);
    let phq9 = queries::phq9_since(db, &ids, since).await?;
    let homework = queries::homework_counts(db, &ids, now).await?;
    let gad7 = group(queries::gad7_since(db, &ids, since).await?);
    let initial_phase = crate::clients::initial_phase_facts(db, &ids).await?;
    let chosen: Vec<uuid::Uuid> = clients
        .iter()
        .filter_map(|c| c.row().baseline_checkin_id)
        .collect();
    let baselines = queries::chosen_baselines(db, &chosen).await?;
    let last_reviews = crate::relapse_watch::service::last_reviews(db, &ids)
        .await?
        .into_iter()
        .map(|(client, (_, at))| (client, at))
        .collect();
    Ok(Inputs {
        gad7,
        initial_phase,
        last_reviews,
        baselines,
        clients,
        acute,
        facts,
        moods: group(moods),
        phq9_ids: phq9
            .iter()
            .map(|(client, (point, id))| ((*client, point.recorded_at), id.uuid()))
            .collect(),
        phq9: group(phq9.into_iter().map(|(c, (p, _))| (c, p)).collect()),
        homework,
    })
}

impl Inputs {
    /// The row of one client.
    #[must_use]
    pub fn row(&self, client: &Client, now: DateTime<Utc>) -> DashboardRow {
        let tz = client.timezone().tz();
        let today = client.today(now);
        let treatment = client.treatment();
        // Outcomes are measured from the intake of the latest acute course.
        let acute = self.acute.get(&client.id()).unwrap_or(client);
        let first_session_at = acute.sessions(now).first().map(|s| s.scheduled_for);
        // Relapse is watched once the latest acute course is over, with or without a
        // maintenance course after it.
        let watching = acute.treatment().kind == CourseKind::Acute && acute.treatment().is_over(today);
        let acute_end = acute.treatment().end_date();
        let sessions = client.sessions(now);
        // The initial phase's checklist counts from session 4 of an acute course under way.
        let initial_phase_missing = if treatment.kind == CourseKind::Acute
            && !treatment.is_over(today)
            && treatment.session_number(today) >= 4
        {
            let facts = self.initial_phase.get(&client.id()).copied().unwrap_or_default();
            crate::clients::dto::InitialPhase::of(client, facts).missing()
        } else {
            Vec::new()
        };
        let client = client.row();
        let phase = treatment.phase(today);
        let moods = self.moods.get(&client.id).map_or(&[][..], Vec::as_slice);
        let daily = metrics::daily_mean_mood(moods, tz, today, 28);
        let mood_trend_28d = metrics::mood_trend_per_week(&daily);
        let facts = self.facts.get(&client.id);
        // The totals since the start, and the newest in case it is older than that.
        let mut phq9_points: Vec<Phq9Point> =
            self.phq9.get(&client.id).cloned().unwrap_or_default();
        if let Some(latest) = facts.and_then(|f| f.phq9_latest)
            && !phq9_points.contains(&latest)
        {
            phq9_points.push(latest);
        }
        phq9_points.sort_by_key(|p| p.recorded_at);
        let start_date = acute.treatment().start_date;
        let index = match client.baseline_checkin_id {
            Some(chosen) => self
                .baselines
                .get(&chosen)
                .map(|p| (*p, chosen, IndexSource::TherapistChoice)),
            None => metrics::index_measure(&phq9_points, tz, start_date, first_session_at)
                .and_then(|(p, source)| {
                    let id = self.phq9_ids.get(&(client.id, p.recorded_at))?;
                    Some((p, *id, source))
                }),
        };
        let about = index.map(|(p, id, source)| Phq9Index::of(p, id, source, tz, start_date));
        let index = index.map(|(p, ..)| p);
        let possible_relapse = watching
            .then(|| relapse::possible_relapse(&phq9_points, tz, acute_end))
            .flatten()
            .map(|p| p.total);
        let relapse_likely = watching
            .then(|| {
                let since = self.last_reviews.get(&client.id).copied();
                relapse::relapse_likely(&phq9_points, tz, acute_end, since)
            })
            .flatten()
            .map(|(a, b)| {
                let day = |p: Phq9Point| p.recorded_at.with_timezone(&tz).date_naive();
                ((day(a), a.total), (day(b), b.total))
            });
        let phq9 = index
            .zip(about)
            .and_then(|(i, about)| metrics::phq9_summary_from(&phq9_points, i, about, now));
        let phq9_previous = phq9_points
            .len()
            .checked_sub(2)
            .and_then(|i| phq9_points.get(i))
            .map(|p| p.total);
        let early_non_response_weeks =
            index.and_then(|i| metrics::early_non_response(&phq9_points, i));
        let homework = HomeworkSummary::from_counts(
            self.homework.get(&client.id).copied().unwrap_or_default(),
        );
        let exercise_logs_7d = usize::try_from(facts.map_or(0, |f| f.logs_7d)).unwrap_or(0);
        let open_alerts = facts.map_or(0, |f| f.open_alerts);
        let days_since_checkin = facts
            .and_then(|f| f.last_checkin_at)
            .map(|t| Ord::max((today - t.with_timezone(&tz).date_naive()).num_days(), 0));
        let attention = metrics::attention(&AttentionFacts {
            open_alerts: usize::try_from(open_alerts).unwrap_or(0),
            item9_unanswered_on: facts
                .and_then(|f| f.item9_unanswered_at)
                .map(|t| t.with_timezone(&tz).date_naive()),
            phq9,
            phq9_previous,
            early_non_response_weeks,
            possible_relapse,
            relapse_likely,
            mood_trend_28d,
            days_since_checkin,
            exercise_logs_7d,
            weekly_target: usize::try_from(client.weekly_practice_target).unwrap_or(0),
            homework: Some(homework),
            in_treatment: phase != Phase::Ended && today >= treatment.start_date,
            initial_phase_missing,
            sessions_unconfirmed: sessions
                .iter()
                .filter(|s| {
                    s.status == SessionStatus::Held
                        && !s.confirmed
                        && s.scheduled_for < now - Duration::days(metrics::UNCONFIRMED_DAYS)
                })
                .count(),
            danger_unsure_on: facts
                .and_then(|f| f.danger_unsure_at)
                .filter(|at| *at > now - Duration::days(metrics::DANGER_UNSURE_DAYS))
                .map(|at| at.with_timezone(&tz).date_naive()),
        });
        DashboardRow {
            client_id: client.id.uuid(),
            display_name: client.display_name.clone(),
            phase,
            weeks_remaining: treatment.weeks_remaining(today),
            homework,
            checkin_days_7d: metrics::checkin_days(moods, tz, today, 7),
            checkin_days_28d: daily.len(),
            exercise_logs_7d,
            weekly_practice_target: client.weekly_practice_target,
            latest_mood: facts.and_then(|f| f.latest_mood),
            mood_trend_28d,
            mood_28d: daily
                .iter()
                .map(|(date, mean)| DailyMood {
                    date: *date,
                    mean: (mean * 100.0).round() / 100.0,
                })
                .collect(),
            phq9,
            gad7: self.gad7.get(&client.id).and_then(|points| {
                let start = start_date
                    .checked_sub_days(chrono::Days::new(metrics::INTAKE_DAYS.unsigned_abs()))
                    .unwrap_or(start_date);
                metrics::gad7_trend(points, local_to_utc(tz, start.and_time(NaiveTime::MIN)))
            }),
            risk_flag: open_alerts > 0,
            open_alerts,
            last_active_at: facts.and_then(|f| f.last_active_at),
            reminders: ReminderCounts {
                sent_7d: facts.map_or(0, |f| f.sent_7d),
                opened_7d: facts.map_or(0, |f| f.opened_7d),
            },
            attention,
            crisis_region: client.region.clone(),
            crisis_region_confirmed: client.region.is_some()
                && client.region_source == Some(entities::client::RegionSource::Set),
        }
    }
}

/// The dashboard of `therapist`: rows sorted so that whoever needs attention comes first —
/// open safety alerts, then worsening, then low adherence and inactivity; within a level the
/// longest inactive first, then by name.
///
/// # Errors
/// Database errors.
pub async fn dashboard<C: ConnectionTrait>(
    db: &C,
    therapist: TherapistId,
    now: DateTime<Utc>,
    filter: &DashboardFilter,
) -> Result<Vec<DashboardRow>, DbErr> {
    let inputs = load(db, Scope::Therapist(therapist), now).await?;
    let mut rows: Vec<DashboardRow> = inputs
        .clients
        .iter()
        .filter(|c| {
            filter
                .problem_area
                .is_none_or(|p| c.row().problem_areas.contains(p))
        })
        .map(|c| inputs.row(c, now))
        .filter(|r| filter.phase.is_none_or(|p| r.phase == p))
        .collect();
    rows.sort_by(|a, b| {
        b.attention
            .level
            .cmp(&a.attention.level)
            .then_with(|| a.last_active_at.cmp(&b.last_active_at))
            .then_with(|| a.display_name.cmp(&b.display_name))
    });
    Ok(rows)
}

/// The audit events of showing these rows: one read per client.
pub fn reads(rows: &[DashboardRow]) -> impl Iterator<Item = crate::audit::Event> + '_ {
    rows.iter().map(|r| {
        crate::audit::Event::of(
            crate::audit::Action::Read,
            ObjectType::Dashboard,
            None,
            Some(ClientId::from(r.client_id)),
        )
    })
}
