//! Building the dashboard: a fixed handful of indexed queries for all of a therapist's clients
//! (never a query per client), then the metrics of `metrics.rs` in memory.

use super::metrics::{
    self, Attention, AttentionFacts, HomeworkFact, HomeworkSummary, Level, MoodPoint, Phq9Point,
    Phq9Summary,
};
use crate::clients::{client_today, client_treatment};
use crate::domain::{Phase, ProblemArea, Timezone};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use entities::{ClientId, TherapistId, checkin, client, homework};
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

fn placeholders(backend: DbBackend, sql: &str) -> String {
    // The SQL is written with PostgreSQL's `$n`; SQLite takes the same numbers as `?n`.
    if backend == DbBackend::Sqlite {
        sql.replace('$', "?")
    } else {
        sql.to_owned()
    }
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
           (SELECT COUNT(*) FROM reminders r WHERE r.client_id = c.id AND r.opened_at > $2) AS opened_7d
         FROM clients c WHERE {filter}"
    );
    let backend = db.get_database_backend();
    let week_ago = now - Duration::days(7);
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            placeholders(backend, &sql),
            [id, week_ago.into()],
        ))
        .await?;
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
    phq9: HashMap<ClientId, Vec<Phq9Point>>,
    homework: HashMap<ClientId, Vec<HomeworkFact>>,
}

/// Reads the dashboard's inputs: five queries whatever the number of clients.
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
    // 29 days of check-ins cover the last 28 local dates in any zone.
    let moods = checkin::Entity::find()
        .select_only()
        .columns([
            checkin::Column::ClientId,
            checkin::Column::RecordedAt,
            checkin::Column::Mood,
        ])
        .filter(Expr::col(checkin::Column::ClientId).in_subquery(scope.client_ids()))
        .filter(checkin::Column::RecordedAt.gte(now - Duration::days(29)))
        .into_tuple::<(ClientId, DateTime<Utc>, i32)>()
        .all(db)
        .await?;
    let phq9 = checkin::Entity::find()
        .select_only()
        .columns([
            checkin::Column::ClientId,
            checkin::Column::RecordedAt,
            checkin::Column::Phq9Total,
        ])
        .filter(Expr::col(checkin::Column::ClientId).in_subquery(scope.client_ids()))
        .filter(checkin::Column::Phq9Total.is_not_null())
        .into_tuple::<(ClientId, DateTime<Utc>, i32)>()
        .all(db)
        .await?;
    let homework = homework::Entity::find()
        .select_only()
        .columns([
            homework::Column::ClientId,
            homework::Column::Status,
            homework::Column::DueAt,
            homework::Column::CompletedAt,
        ])
        .filter(Expr::col(homework::Column::ClientId).in_subquery(scope.client_ids()))
        .into_tuple::<(
            ClientId,
            String,
            Option<DateTime<Utc>>,
            Option<DateTime<Utc>>,
        )>()
        .all(db)
        .await?;
    Ok(Inputs {
        clients,
        facts,
        moods: group(
            moods
                .into_iter()
                .map(|(c, recorded_at, mood)| (c, MoodPoint { recorded_at, mood }))
                .collect(),
        ),
        phq9: group(
            phq9.into_iter()
                .map(|(c, recorded_at, total)| (c, Phq9Point { recorded_at, total }))
                .collect(),
        ),
        homework: group(
            homework
                .into_iter()
                .map(|(c, status, due_at, completed_at)| {
                    (
                        c,
                        HomeworkFact {
                            status,
                            due_at,
                            completed_at,
                        },
                    )
                })
                .collect(),
        ),
    })
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
        let phq9 = metrics::phq9_summary(
            self.phq9.get(&client.id).map_or(&[][..], Vec::as_slice),
            tz,
            treatment.start_date,
        );
        let homework = metrics::homework_summary(
            self.homework.get(&client.id).map_or(&[][..], Vec::as_slice),
            now,
        );
        let facts = self.facts.get(&client.id);
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
