//! Building the dashboard: a fixed handful of indexed queries for all of a therapist's clients
//! (never a query per client), then the metrics of `metrics.rs` in memory.

use super::metrics::{
    self, Attention, AttentionFacts, HomeworkCounts, HomeworkSummary, Level, MoodPoint, Phq9Point,
    Phq9Summary,
};
use crate::clients::{client_today, client_treatment};
use crate::domain::local_to_utc;
use crate::domain::{Phase, ProblemArea, Timezone};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use entities::{ClientId, TherapistId, checkin, client};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityName, EntityTrait, QueryFilter,
    QueryOrder, QueryResult, QuerySelect, Statement, Value,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// Whose clients a dashboard covers.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    Therapist(TherapistId),
    Client(ClientId),
}

impl Scope {
    fn client_ids(self) -> SelectStatement {
        let mut q = Query::select();
        q.column(client::Column::Id)
            .from(client::Entity.table_ref());
        match self {
            Self::Therapist(t) => q.and_where(Expr::col(client::Column::TherapistId).eq(t)),
            Self::Client(c) => q.and_where(Expr::col(client::Column::Id).eq(c)),
        };
        q
    }
}

/// Dashboard filters.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams, validator::Validate)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DashboardFilter {
    /// Only clients in this phase.
    pub phase: Option<Phase>,
    /// Only clients working on this problem area.
    pub problem_area: Option<ProblemArea>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DailyMood {
    pub date: NaiveDate,
    /// Mean mood of the day's check-ins.
    pub mean: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReminderCounts {
    /// Pushes delivered in the last 7 days.
    pub sent_7d: i64,
    /// Of those, opened (as the app reports).
    pub opened_7d: i64,
}

/// One client's adherence, as `docs/adherence.md` defines each field.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DashboardRow {
    pub client_id: Uuid,
    pub display_name: String,
    pub phase: Phase,
    pub weeks_remaining: i64,
    pub homework: HomeworkSummary,
    /// Distinct local dates with a check-in among the last 7 (today included).
    pub checkin_days_7d: usize,
    /// Likewise among the last 28.
    pub checkin_days_28d: usize,
    /// Exercise logs practised in the last 7 × 24 hours.
    pub exercise_logs_7d: usize,
    /// The therapist's weekly practice target.
    pub weekly_practice_target: i32,
    /// Mood of the newest check-in.
    pub latest_mood: Option<i32>,
    /// Least-squares slope of the daily mean mood over the last 28 days, points per week.
    pub mood_trend_28d: Option<f64>,
    /// Daily mean mood over the last 28 days (the sparkline).
    pub mood_28d: Vec<DailyMood>,
    pub phq9: Option<Phq9Summary>,
    /// An unacknowledged safety alert is open.
    pub risk_flag: bool,
    pub open_alerts: i64,
    /// The latest check-in, practice or homework completion.
    pub last_active_at: Option<DateTime<Utc>>,
    pub reminders: ReminderCounts,
    /// How urgently to look, and why.
    pub attention: Attention,
}

/// Runs SQL written with PostgreSQL's `$n` placeholders on either backend (SQLite takes the
/// same numbers as `?n`).
async fn query<C: ConnectionTrait>(
    db: &C,
    sql: &str,
    values: impl IntoIterator<Item = Value>,
) -> Result<Vec<QueryResult>, DbErr> {
    let backend = db.get_database_backend();
    let sql = if backend == DbBackend::Sqlite {
        sql.replace('$', "?")
    } else {
        sql.to_owned()
    };
    db.query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await
}

fn time(row: &QueryResult, column: &str) -> Option<DateTime<Utc>> {
    // Aggregates lose the column type on SQLite, where times are RFC 3339 text.
    row.try_get::<Option<DateTime<Utc>>>("", column)
        .ok()
        .flatten()
        .or_else(|| {
            row.try_get::<Option<String>>("", column)
                .ok()
                .flatten()
                .and_then(|s| {
                    DateTime::parse_from_rfc3339(&s)
                        .ok()
                        .map(|t| t.with_timezone(&Utc))
                })
        })
}

struct Facts {
    last_checkin_at: Option<DateTime<Utc>>,
    latest_mood: Option<i32>,
    last_active_at: Option<DateTime<Utc>>,
    logs_7d: i64,
    open_alerts: i64,
    sent_7d: i64,
    opened_7d: i64,
    phq9_latest: Option<Phq9Point>,
}

async fn facts<C: ConnectionTrait>(
    db: &C,
    scope: Scope,
    now: DateTime<Utc>,
) -> Result<HashMap<ClientId, Facts>, DbErr> {
    // One statement; each correlated subquery is an index seek per client (MAX/LIMIT 1 on
    // (client_id, time) indexes), so the cost grows with the therapist's clients, not with rows.
    let (filter, id): (&str, Value) = match scope {
        Scope::Therapist(t) => ("c.therapist_id = $1", t.uuid().into()),
        Scope::Client(c) => ("c.id = $1", c.uuid().into()),
    };
    let sql = format!(
        "SELECT c.id AS id,
           (SELECT MAX(ch.recorded_at) FROM checkins ch WHERE ch.client_id = c.id) AS last_checkin_at,
           (SELECT ch.mood FROM checkins ch WHERE ch.client_id = c.id
              ORDER BY ch.recorded_at DESC, ch.id DESC LIMIT 1) AS latest_mood,
           (SELECT MAX(e.practiced_at) FROM exercise_logs e WHERE e.client_id = c.id) AS last_practice_at,
           (SELECT COUNT(*) FROM exercise_logs e WHERE e.client_id = c.id AND e.practiced_at > $2) AS logs_7d,
           (SELECT MAX(h.completed_at) FROM homework h WHERE h.client_id = c.id) AS last_homework_at,
           (SELECT COUNT(*) FROM safety_alerts a WHERE a.client_id = c.id AND a.acknowledged_at IS NULL) AS open_alerts,
           (SELECT COUNT(*) FROM reminders r WHERE r.client_id = c.id AND r.sent_at > $2) AS sent_7d,
           (SELECT COUNT(*) FROM reminders r WHERE r.client_id = c.id AND r.opened_at > $2) AS opened_7d,
           (SELECT MAX(ch.recorded_at) FROM checkins ch
              WHERE ch.client_id = c.id AND ch.phq9_total IS NOT NULL) AS phq9_latest_at,
           (SELECT ch.phq9_total FROM checkins ch WHERE ch.client_id = c.id AND ch.phq9_total IS NOT NULL
              ORDER BY ch.recorded_at DESC, ch.id DESC LIMIT 1) AS phq9_latest
         FROM clients c WHERE {filter}"
    );
    let week_ago = now - Duration::days(7);
    let rows = query(db, &sql, [id, week_ago.into()]).await?;
    let mut out = HashMap::new();
    for row in rows {
        let id: Uuid = row.try_get("", "id")?;
        let last_checkin_at = time(&row, "last_checkin_at");
        let last_active_at = [
            last_checkin_at,
            time(&row, "last_practice_at"),
            time(&row, "last_homework_at"),
        ]
        .into_iter()
        .flatten()
        .max();
        out.insert(
            ClientId::from(id),
            Facts {
                last_checkin_at,
                latest_mood: row.try_get::<Option<i32>>("", "latest_mood")?,
                last_active_at,
                logs_7d: row.try_get("", "logs_7d")?,
                open_alerts: row.try_get("", "open_alerts")?,
                sent_7d: row.try_get("", "sent_7d")?,
                opened_7d: row.try_get("", "opened_7d")?,
                phq9_latest: time(&row, "phq9_latest_at")
                    .zip(row.try_get::<Option<i32>>("", "phq9_latest")?)
                    .map(|(recorded_at, total)| Phq9Point { recorded_at, total }),
            },
        );
    }
    Ok(out)
}

fn group<T>(rows: Vec<(ClientId, T)>) -> HashMap<ClientId, Vec<T>> {
    let mut out: HashMap<ClientId, Vec<T>> = HashMap::new();
    for (id, value) in rows {
        out.entry(id).or_default().push(value);
    }
    out
}

/// Every input of the dashboard rows in `scope`, read with a fixed number of queries.
pub struct Inputs {
    pub clients: Vec<client::Model>,
    facts: HashMap<ClientId, Facts>,
    moods: HashMap<ClientId, Vec<MoodPoint>>,
    /// The PHQ-9 baseline of each client (the first since the start of treatment).
    baselines: HashMap<ClientId, Phq9Point>,
    homework: HashMap<ClientId, HomeworkCounts>,
}

/// Reads the dashboard's inputs: five queries whatever the number of clients (one more per 500
/// clients). Histories are reduced in the database — counts, the newest and the first PHQ-9 —
/// so that what crosses to the server stays small however long a client has been in care.
///
/// # Errors
/// Database errors.
pub async fn load<C: ConnectionTrait>(
    db: &C,
    scope: Scope,
    now: DateTime<Utc>,
) -> Result<Inputs, DbErr> {
    let clients = client::Entity::find()
        .filter(Expr::col(client::Column::Id).in_subquery(scope.client_ids()))
        .order_by_asc(client::Column::Id)
        .all(db)
        .await?;
    let facts = facts(db, scope, now).await?;
    // 29 days of check-ins cover the last 28 local dates in any zone. The clients are named,
    // not given as a subquery: PostgreSQL then estimates from these clients' own statistics,
    // and one client with a flood of recent check-ins elsewhere in the table does not turn
    // every dashboard into a scan of all recent check-ins.
    let mut moods = Vec::new();
    for chunk in clients.chunks(500) {
        moods.extend(
            checkin::Entity::find()
                .select_only()
                .columns([
                    checkin::Column::ClientId,
                    checkin::Column::RecordedAt,
                    checkin::Column::Mood,
                ])
                .filter(checkin::Column::ClientId.is_in(chunk.iter().map(|c| c.id)))
                .filter(checkin::Column::RecordedAt.gte(now - Duration::days(29)))
                .into_tuple::<(ClientId, DateTime<Utc>, i32)>()
                .all(db)
                .await?,
        );
    }
    let baselines = phq9_baselines(db, &clients).await?;
    let homework = homework_counts(db, &clients, now).await?;
    Ok(Inputs {
        clients,
        facts,
        moods: group(
            moods
                .into_iter()
                .map(|(c, recorded_at, mood)| (c, MoodPoint { recorded_at, mood }))
                .collect(),
        ),
        baselines,
        homework,
    })
}

/// The first PHQ-9 of each client on or after the local start date of treatment: one indexed
/// seek per client, with each client's own bound passed in a `VALUES` list.
async fn phq9_baselines<C: ConnectionTrait>(
    db: &C,
    clients: &[client::Model],
) -> Result<HashMap<ClientId, Phq9Point>, DbErr> {
    let mut out = HashMap::new();
    // 500 clients (1,000 parameters) per statement, far below SQLite's limit.
    for chunk in clients.chunks(500) {
        let mut values = Vec::with_capacity(chunk.len() * 2);
        let mut tuples = Vec::with_capacity(chunk.len());
        for (i, c) in chunk.iter().enumerate() {
            let tz = Timezone::parse(&c.timezone).map_or(chrono_tz::UTC, Timezone::tz);
            let start = client_treatment(c).start_date;
            let since = local_to_utc(tz, start.and_time(chrono::NaiveTime::MIN));
            tuples.push(format!("(${}, ${})", 2 * i + 1, 2 * i + 2));
            values.push(Value::from(c.id.uuid()));
            values.push(Value::from(since));
        }
        let sql = format!(
            "WITH b(client_id, since) AS (VALUES {})
             SELECT b.client_id AS client_id, ch.recorded_at AS recorded_at, ch.phq9_total AS total
             FROM b JOIN checkins ch ON ch.id = (
               SELECT x.id FROM checkins x
               WHERE x.client_id = b.client_id AND x.phq9_total IS NOT NULL AND x.recorded_at >= b.since
               ORDER BY x.recorded_at, x.id LIMIT 1)",
            tuples.join(", ")
        );
        let rows = query(db, &sql, values).await?;
        for row in rows {
            let id: Uuid = row.try_get("", "client_id")?;
            if let Some(recorded_at) = time(&row, "recorded_at") {
                out.insert(
                    ClientId::from(id),
                    Phq9Point {
                        recorded_at,
                        total: row.try_get("", "total")?,
                    },
                );
            }
        }
    }
    Ok(out)
}

/// Homework counts per client, counted by the database (the definitions of
/// [`HomeworkCounts`] and `docs/adherence.md`). The clients are named so that each is an
/// index seek; joined through the therapist, PostgreSQL chose to scan all homework.
async fn homework_counts<C: ConnectionTrait>(
    db: &C,
    clients: &[client::Model],
    now: DateTime<Utc>,
) -> Result<HashMap<ClientId, HomeworkCounts>, DbErr> {
    let count = |row: &QueryResult, column: &str| -> Result<usize, DbErr> {
        let n: Option<i64> = row.try_get("", column)?;
        Ok(usize::try_from(n.unwrap_or(0)).unwrap_or(0))
    };
    let mut out = HashMap::new();
    for chunk in clients.chunks(500) {
        let ids: Vec<String> = (2..chunk.len() + 2).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT h.client_id AS client_id,
               COUNT(*) AS assigned,
               SUM(CASE WHEN h.status = 'completed' THEN 1 ELSE 0 END) AS completed,
               SUM(CASE WHEN h.status = 'completed'
                         AND (h.completed_at IS NULL OR h.due_at IS NULL OR h.completed_at <= h.due_at)
                        THEN 1 ELSE 0 END) AS on_time,
               SUM(CASE WHEN h.due_at <= $1 THEN 1 ELSE 0 END) AS due,
               SUM(CASE WHEN h.status = 'completed' AND h.due_at <= $1 THEN 1 ELSE 0 END) AS completed_of_due
             FROM homework h
             WHERE h.client_id IN ({}) AND h.status <> 'cancelled'
             GROUP BY h.client_id",
            ids.join(", ")
        );
        let mut values: Vec<Value> = vec![now.into()];
        values.extend(chunk.iter().map(|c| Value::from(c.id.uuid())));
        let rows = query(db, &sql, values).await?;
        for row in rows {
            let id: Uuid = row.try_get("", "client_id")?;
            out.insert(
                ClientId::from(id),
                HomeworkCounts {
                    assigned: count(&row, "assigned")?,
                    completed: count(&row, "completed")?,
                    on_time: count(&row, "on_time")?,
                    due: count(&row, "due")?,
                    completed_of_due: count(&row, "completed_of_due")?,
                },
            );
        }
    }
    Ok(out)
}

impl Inputs {
    /// The row of one client.
    #[must_use]
    pub fn row(&self, client: &client::Model, now: DateTime<Utc>) -> DashboardRow {
        let tz = Timezone::parse(&client.timezone).map_or(chrono_tz::UTC, Timezone::tz);
        let today = client_today(client, now);
        let treatment = client_treatment(client);
        let phase = treatment.phase(today);
        let moods = self.moods.get(&client.id).map_or(&[][..], Vec::as_slice);
        let daily = metrics::daily_mean_mood(moods, tz, today, 28);
        let mood_trend_28d = metrics::mood_trend_per_week(&daily);
        let facts = self.facts.get(&client.id);
        // The baseline and the newest are all the summary needs of the PHQ-9 history.
        let phq9_points: Vec<Phq9Point> = self
            .baselines
            .get(&client.id)
            .into_iter()
            .copied()
            .chain(facts.and_then(|f| f.phq9_latest))
            .collect();
        let phq9 = metrics::phq9_summary(&phq9_points, tz, treatment.start_date);
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
            phq9,
            mood_trend_28d,
            days_since_checkin,
            exercise_logs_7d,
            weekly_target: usize::try_from(client.weekly_practice_target).unwrap_or(0),
            homework: Some(homework),
            in_treatment: phase != Phase::Ended && today >= treatment.start_date,
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
            risk_flag: open_alerts > 0,
            open_alerts,
            last_active_at: facts.and_then(|f| f.last_active_at),
            reminders: ReminderCounts {
                sent_7d: facts.map_or(0, |f| f.sent_7d),
                opened_7d: facts.map_or(0, |f| f.opened_7d),
            },
            attention,
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
                .is_none_or(|p| ProblemArea::split(&c.problem_areas).contains(&p))
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

/// Whether a row needs a look at all.
#[must_use]
pub fn needs_attention(row: &DashboardRow) -> bool {
    row.attention.level > Level::None
}

/// The audit events of showing these rows: one read per client.
pub fn reads(rows: &[DashboardRow]) -> impl Iterator<Item = crate::audit::Event> + '_ {
    rows.iter().map(|r| {
        crate::audit::Event::of(
            crate::audit::Action::Read,
            "dashboard",
            None,
            Some(ClientId::from(r.client_id)),
        )
    })
}
