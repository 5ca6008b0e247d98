//! Every read of the dashboard and the client summary. Statements are built from the entities'
//! tables and columns and the stored enums' values, so that renaming any of them fails to
//! compile here instead of failing at run time (on one backend only, at worst). Whatever covers
//! all of a therapist's clients is a fixed handful of statements, never one per client.

use super::metrics::{HomeworkCounts, MoodPoint, Phq9Point};
use chrono::{DateTime, Duration, Utc};
use entities::exercise_log::SafetyCheck;
use entities::homework::HomeworkState;
use entities::{
    CheckinId, ClientId, TherapistId, checkin, client, exercise_log, homework, outbox,
    relationship, safety_alert,
};
use sea_orm::sea_query::{Asterisk, Condition, Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, IdenStatic,
    QueryFilter, QueryOrder, QueryResult, QuerySelect, QueryTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Whose clients a dashboard covers.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    Therapist(TherapistId),
    Client(ClientId),
}

impl Scope {
    /// The condition on `clients` that picks the scope's clients.
    fn condition(self) -> Expr {
        match self {
            Self::Therapist(t) => client::Column::TherapistId.eq(t),
            Self::Client(c) => client::Column::Id.eq(c),
        }
    }
}

/// Clients named per statement: at two parameters each, far below SQLite's limit.
const CHUNK: usize = 500;

/// The column qualified with its table: correlated subqueries see the outer table too.
fn col(column: impl ColumnTrait) -> Expr {
    Expr::col(column.as_column_ref())
}

/// `column = clients.id`, correlating a subquery with the outer client.
fn of_client(column: impl ColumnTrait) -> Expr {
    col(column).equals(client::Column::Id.as_column_ref())
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

/// The clients in `scope`, by id. A client with a stored value that does not parse (a zone
/// the tz database does not know, say) is logged and left out: one damaged row must not take
/// every other client off the therapist's dashboard, nor be shown with a made-up value.
///
/// # Errors
/// Database errors.
pub async fn clients<C: ConnectionTrait>(
    db: &C,
    scope: Scope,
) -> Result<Vec<client::Model>, DbErr> {
    let statement = client::Entity::find()
        .filter(scope.condition())
        .order_by_asc(client::Column::Id)
        .into_query();
    let mut out = Vec::new();
    for row in db.query_all(&statement).await? {
        match client::Model::from_query_result(&row, "") {
            Ok(client) => out.push(client),
            Err(error) => {
                let client_id = row
                    .try_get::<Uuid>("", client::Column::Id.as_str())
                    .map(|id| id.to_string())
                    .unwrap_or_default();
                // The error names the column and the rule, never the stored value.
                tracing::error!(
                    %client_id,
                    %error,
                    "stored client does not parse; left out of the dashboard"
                );
            }
        }
    }
    Ok(out)
}

/// A client's history as far as the dashboard needs it, reduced by the database.
pub struct Facts {
    pub last_checkin_at: Option<DateTime<Utc>>,
    pub latest_mood: Option<i32>,
    /// The latest check-in, practice or homework completion.
    pub last_active_at: Option<DateTime<Utc>>,
    pub logs_7d: i64,
    pub open_alerts: i64,
    pub sent_7d: i64,
    pub opened_7d: i64,
    pub phq9_latest: Option<Phq9Point>,
    /// The newest PHQ-9 answered (with or without a total) when it left item 9 unanswered: when
    /// it was recorded.
    pub item9_unanswered_at: Option<DateTime<Utc>>,
    /// When the newest answer to an exercise's danger question was given, if it was `unsure`.
    pub danger_unsure_at: Option<DateTime<Utc>>,
}

/// The [`Facts`] of every client in `scope`, in one statement. Each correlated subquery is an
/// index seek per client (MAX or LIMIT 1 on the `(client_id, time)` indexes), so the cost grows
/// with the therapist's clients, not with their rows.
///
/// # Errors
/// Database errors.
pub async fn facts<C: ConnectionTrait>(
    db: &C,
    scope: Scope,
    now: DateTime<Utc>,
) -> Result<HashMap<ClientId, Facts>, DbErr> {
    const ID: &str = "id";
    const LAST_CHECKIN_AT: &str = "last_checkin_at";
    const LATEST_MOOD: &str = "latest_mood";
    const LAST_PRACTICE_AT: &str = "last_practice_at";
    const LOGS_7D: &str = "logs_7d";
    const LAST_HOMEWORK_AT: &str = "last_homework_at";
    const OPEN_ALERTS: &str = "open_alerts";
    const SENT_7D: &str = "sent_7d";
    const OPENED_7D: &str = "opened_7d";
    const PHQ9_LATEST_AT: &str = "phq9_latest_at";
    const PHQ9_LATEST: &str = "phq9_latest";
    const PHQ9_ANSWERS_AT: &str = "phq9_answers_at";
    const PHQ9_ANSWERS: &str = "phq9_answers";
    const DANGER_LATEST: &str = "danger_latest";
    const DANGER_LATEST_AT: &str = "danger_latest_at";

    let week_ago = now - Duration::days(7);
    let count = || Expr::col(Asterisk).count();
    let checkins = || {
        Query::select()
            .from(checkin::Entity)
            .and_where(of_client(checkin::Column::ClientId))
            .take()
    };
    let phq9s = || {
        checkins()
            .and_where(checkin::Column::Phq9Total.is_not_null())
            .take()
    };
    let answered = || {
        checkins()
            .and_where(checkin::Column::Phq9.is_not_null())
            .take()
    };
    let newest_first = |q: &mut SelectStatement| {
        q.order_by(checkin::Column::RecordedAt.as_column_ref(), Order::Desc)
            .order_by(checkin::Column::Id.as_column_ref(), Order::Desc)
            .limit(1)
            .take()
    };
    let logs = || {
        Query::select()
            .from(exercise_log::Entity)
            .and_where(of_client(exercise_log::Column::ClientId))
            .take()
    };
    // The newest danger answer decides: a later "no" or "yes" ends an "unsure".
    let newest_danger_answer = |value: exercise_log::Column| {
        logs()
            .expr(col(value))
            .and_where(exercise_log::Column::SafetyCheck.is_not_null())
            .order_by(
                exercise_log::Column::PracticedAt.as_column_ref(),
                Order::Desc,
            )
            .order_by(exercise_log::Column::Id.as_column_ref(), Order::Desc)
            .limit(1)
            .take()
    };
    let reminders = || {
        Query::select()
            .expr(count())
            .from(outbox::Entity)
            .and_where(of_client(outbox::Column::ClientId))
            .take()
    };

    let statement = Query::select()
        .expr_as(col(client::Column::Id), ID)
        .expr_as(
            checkins()
                .expr(col(checkin::Column::RecordedAt).max())
                .take(),
            LAST_CHECKIN_AT,
        )
        .expr_as(
            newest_first(checkins().expr(col(checkin::Column::Mood))),
            LATEST_MOOD,
        )
        .expr_as(
            logs()
                .expr(col(exercise_log::Column::PracticedAt).max())
                .take(),
            LAST_PRACTICE_AT,
        )
        .expr_as(
            logs()
                .expr(count())
                .and_where(exercise_log::Column::PracticedAt.gt(week_ago))
                .take(),
            LOGS_7D,
        )
        .expr_as(
            Query::select()
                .expr(col(homework::Column::CompletedAt).max())
                .from(homework::Entity)
                .and_where(of_client(homework::Column::ClientId))
                .take(),
            LAST_HOMEWORK_AT,
        )
        .expr_as(
            Query::select()
                .expr(count())
                .from(safety_alert::Entity)
                .and_where(of_client(safety_alert::Column::ClientId))
                .and_where(safety_alert::Column::AcknowledgedAt.is_null())
                .take(),
            OPEN_ALERTS,
        )
        .expr_as(
            reminders()
                .and_where(outbox::Column::SentAt.gt(week_ago))
                .take(),
            SENT_7D,
        )
        .expr_as(
            reminders()
                .and_where(outbox::Column::OpenedAt.gt(week_ago))
                .take(),
            OPENED_7D,
        )
        .expr_as(
            phq9s().expr(col(checkin::Column::RecordedAt).max()).take(),
            PHQ9_LATEST_AT,
        )
        .expr_as(
            newest_first(phq9s().expr(col(checkin::Column::Phq9Total))),
            PHQ9_LATEST,
        )
        .expr_as(
            newest_first(answered().expr(col(checkin::Column::RecordedAt))),
            PHQ9_ANSWERS_AT,
        )
        .expr_as(
            newest_first(answered().expr(col(checkin::Column::Phq9))),
            PHQ9_ANSWERS,
        )
        .expr_as(
            newest_danger_answer(exercise_log::Column::SafetyCheck),
            DANGER_LATEST,
        )
        .expr_as(
            newest_danger_answer(exercise_log::Column::PracticedAt),
            DANGER_LATEST_AT,
        )
        .from(client::Entity)
        .and_where(scope.condition())
        .take();

    let mut out = HashMap::new();
    for row in db.query_all(&statement).await? {
        let id: Uuid = row.try_get("", ID)?;
        let last_checkin_at = time(&row, LAST_CHECKIN_AT);
        let last_active_at = [
            last_checkin_at,
            time(&row, LAST_PRACTICE_AT),
            time(&row, LAST_HOMEWORK_AT),
        ]
        .into_iter()
        .flatten()
        .max();
        out.insert(
            ClientId::from(id),
            Facts {
                last_checkin_at,
                latest_mood: row.try_get::<Option<i32>>("", LATEST_MOOD)?,
                last_active_at,
                logs_7d: row.try_get("", LOGS_7D)?,
                open_alerts: row.try_get("", OPEN_ALERTS)?,
                sent_7d: row.try_get("", SENT_7D)?,
                opened_7d: row.try_get("", OPENED_7D)?,
                phq9_latest: time(&row, PHQ9_LATEST_AT)
                    .zip(row.try_get::<Option<i32>>("", PHQ9_LATEST)?)
                    .map(|(recorded_at, total)| Phq9Point { recorded_at, total }),
                item9_unanswered_at: time(&row, PHQ9_ANSWERS_AT).filter(|_| {
                    row.try_get::<Option<String>>("", PHQ9_ANSWERS)
                        .ok()
                        .flatten()
                        .and_then(|stored| crate::domain::Phq9Answers::from_stored(&stored))
                        .is_some_and(crate::domain::Phq9Answers::item9_unanswered)
                }),
                danger_unsure_at: time(&row, DANGER_LATEST_AT).filter(|_| {
                    row.try_get::<Option<String>>("", DANGER_LATEST)
                        .ok()
                        .flatten()
                        .is_some_and(|answer| answer == SafetyCheck::Unsure.to_value())
                }),
            },
        );
    }
    Ok(out)
}

/// One number of every check-in of `clients` recorded at or after `since` that has it, oldest
/// first. The clients are named, not given as a subquery: PostgreSQL then estimates from these
/// clients' own statistics, and one client with a flood of recent check-ins elsewhere in the
/// table does not turn every dashboard into a scan of all recent check-ins.
async fn series_since<C: ConnectionTrait>(
    db: &C,
    clients: &[ClientId],
    since: DateTime<Utc>,
    value: checkin::Column,
) -> Result<Vec<(ClientId, CheckinId, DateTime<Utc>, i32)>, DbErr> {
    let mut out = Vec::new();
    for chunk in clients.chunks(CHUNK) {
        out.extend(
            checkin::Entity::find()
                .select_only()
                .columns([
                    checkin::Column::ClientId,
                    checkin::Column::Id,
                    checkin::Column::RecordedAt,
                    value,
                ])
                .filter(checkin::Column::ClientId.is_in(chunk.iter().copied()))
                .filter(checkin::Column::RecordedAt.gte(since))
                .filter(value.is_not_null())
                .order_by_asc(checkin::Column::RecordedAt)
                .into_tuple::<(ClientId, CheckinId, DateTime<Utc>, i32)>()
                .all(db)
                .await?,
        );
    }
    Ok(out)
}

/// The mood of every check-in of `clients` since `since`.
///
/// # Errors
/// Database errors.
pub async fn moods_since<C: ConnectionTrait>(
    db: &C,
    clients: &[ClientId],
    since: DateTime<Utc>,
) -> Result<Vec<(ClientId, MoodPoint)>, DbErr> {
    Ok(series_since(db, clients, since, checkin::Column::Mood)
        .await?
        .into_iter()
        .map(|(c, _, recorded_at, mood)| (c, MoodPoint { recorded_at, mood }))
        .collect())
}

/// Every PHQ-9 total of `clients` recorded at or after `since`, oldest first, with its
/// check-in's id (the outcomes at 6 and 12 months need the measures around those dates, not
/// only the first and the newest; the index names its check-in).
///
/// # Errors
/// Database errors.
pub async fn phq9_since<C: ConnectionTrait>(
    db: &C,
    clients: &[ClientId],
    since: DateTime<Utc>,
) -> Result<Vec<(ClientId, (Phq9Point, CheckinId))>, DbErr> {
    Ok(series_since(db, clients, since, checkin::Column::Phq9Total)
        .await?
        .into_iter()
        .map(|(c, id, recorded_at, total)| (c, (Phq9Point { recorded_at, total }, id)))
        .collect())
}

/// Every GAD-7 total of `clients` recorded at or after `since`, oldest first.
///
/// # Errors
/// Database errors.
pub async fn gad7_since<C: ConnectionTrait>(
    db: &C,
    clients: &[ClientId],
    since: DateTime<Utc>,
) -> Result<Vec<(ClientId, super::metrics::Gad7Point)>, DbErr> {
    Ok(series_since(db, clients, since, checkin::Column::Gad7Total)
        .await?
        .into_iter()
        .map(|(c, _, recorded_at, total)| (c, super::metrics::Gad7Point { recorded_at, total }))
        .collect())
}

/// The PHQ-9 check-ins therapists chose as baselines, by id (a chosen check-in without a
/// PHQ-9 has none).
///
/// # Errors
/// Database errors.
pub async fn chosen_baselines<C: ConnectionTrait>(
    db: &C,
    checkins: &[Uuid],
) -> Result<HashMap<Uuid, Phq9Point>, DbErr> {
    let mut out = HashMap::new();
    for chunk in checkins.chunks(500) {
        let rows: Vec<(entities::CheckinId, DateTime<Utc>, i32)> = checkin::Entity::find()
            .select_only()
            .columns([
                checkin::Column::Id,
                checkin::Column::RecordedAt,
                checkin::Column::Phq9Total,
            ])
            .filter(checkin::Column::Id.is_in(chunk.iter().copied()))
            .filter(checkin::Column::Phq9Total.is_not_null())
            .into_tuple()
            .all(db)
            .await?;
        out.extend(
            rows.into_iter()
                .map(|(id, recorded_at, total)| (id.uuid(), Phq9Point { recorded_at, total })),
        );
    }
    Ok(out)
}

/// Homework counts per client, counted by the database (the definitions of
/// [`HomeworkCounts`] and `docs/adherence.md`). The clients are named so that each is an
/// index seek; joined through the therapist, PostgreSQL chose to scan all homework.
///
/// # Errors
/// Database errors.
pub async fn homework_counts<C: ConnectionTrait>(
    db: &C,
    clients: &[ClientId],
    now: DateTime<Utc>,
) -> Result<HashMap<ClientId, HomeworkCounts>, DbErr> {
    const CLIENT_ID: &str = "client_id";
    const ASSIGNED: &str = "assigned";
    const COMPLETED: &str = "completed";
    const ON_TIME: &str = "on_time";
    const DUE: &str = "due";
    const COMPLETED_OF_DUE: &str = "completed_of_due";

    let completed = || homework::Column::Status.eq(HomeworkState::Completed);
    let due = || homework::Column::DueAt.lte(now);
    let on_time = Condition::any()
        .add(homework::Column::CompletedAt.is_null())
        .add(homework::Column::DueAt.is_null())
        .add(col(homework::Column::CompletedAt).lte(col(homework::Column::DueAt)));
    // How many rows of the group meet `condition`.
    let how_many = |condition: Condition| Expr::case(condition, 1).finally(0).sum();
    let count = |row: &QueryResult, column: &str| -> Result<usize, DbErr> {
        let n: Option<i64> = row.try_get("", column)?;
        Ok(usize::try_from(n.unwrap_or(0)).unwrap_or(0))
    };

    let mut out = HashMap::new();
    for chunk in clients.chunks(CHUNK) {
        let statement = Query::select()
            .expr_as(col(homework::Column::ClientId), CLIENT_ID)
            .expr_as(Expr::col(Asterisk).count(), ASSIGNED)
            .expr_as(how_many(Condition::all().add(completed())), COMPLETED)
            .expr_as(
                how_many(Condition::all().add(completed()).add(on_time.clone())),
                ON_TIME,
            )
            .expr_as(how_many(Condition::all().add(due())), DUE)
            .expr_as(
                how_many(Condition::all().add(completed()).add(due())),
                COMPLETED_OF_DUE,
            )
            .from(homework::Entity)
            .and_where(homework::Column::ClientId.is_in(chunk.iter().copied()))
            .and_where(homework::Column::Status.ne(HomeworkState::Cancelled))
            .group_by_col(homework::Column::ClientId.as_column_ref())
            .take();
        for row in db.query_all(&statement).await? {
            let id: Uuid = row.try_get("", CLIENT_ID)?;
            out.insert(
                ClientId::from(id),
                HomeworkCounts {
                    assigned: count(&row, ASSIGNED)?,
                    completed: count(&row, COMPLETED)?,
                    on_time: count(&row, ON_TIME)?,
                    due: count(&row, DUE)?,
                    completed_of_due: count(&row, COMPLETED_OF_DUE)?,
                },
            );
        }
    }
    Ok(out)
}

/// A client's check-ins since `since`, oldest first: time, mood and PHQ-9 total.
///
/// # Errors
/// Database errors.
pub async fn checkins_since<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    since: DateTime<Utc>,
) -> Result<Vec<(DateTime<Utc>, i32, Option<i32>)>, DbErr> {
    checkin::Entity::find()
        .select_only()
        .columns([
            checkin::Column::RecordedAt,
            checkin::Column::Mood,
            checkin::Column::Phq9Total,
        ])
        .filter(checkin::Column::ClientId.eq(client))
        .filter(checkin::Column::RecordedAt.gte(since))
        .order_by_asc(checkin::Column::RecordedAt)
        .into_tuple()
        .all(db)
        .await
}

/// A client's newest `limit` rows of one table, newest first by `order`.
async fn newest<E: EntityTrait, C: ConnectionTrait>(
    db: &C,
    client_column: E::Column,
    client: ClientId,
    order: E::Column,
    limit: u64,
) -> Result<Vec<E::Model>, DbErr> {
    E::find()
        .filter(client_column.eq(client))
        .order_by_desc(order)
        .limit(limit)
        .all(db)
        .await
}

/// A client's newest `limit` homework assignments (ids are time-ordered).
///
/// # Errors
/// Database errors.
pub async fn newest_homework<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    limit: u64,
) -> Result<Vec<homework::Model>, DbErr> {
    use homework::Column as H;
    newest::<homework::Entity, _>(db, H::ClientId, client, H::Id, limit).await
}

/// A client's newest `limit` exercise logs.
///
/// # Errors
/// Database errors.
pub async fn newest_exercise_logs<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    limit: u64,
) -> Result<Vec<exercise_log::Model>, DbErr> {
    use exercise_log::Column as L;
    newest::<exercise_log::Entity, _>(db, L::ClientId, client, L::PracticedAt, limit).await
}

/// A client's newest `limit` notifications already due at `now` (planned ones are not shown).
///
/// # Errors
/// Database errors.
pub async fn newest_notifications<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<outbox::Model>, DbErr> {
    outbox::Entity::find()
        .filter(outbox::Column::ClientId.eq(client))
        .filter(outbox::Column::ScheduledFor.lte(now))
        .order_by_desc(outbox::Column::ScheduledFor)
        .limit(limit)
        .all(db)
        .await
}

/// A check-in and the label of the inventory person it names (also one removed since).
///
/// # Errors
/// Database errors.
pub async fn checkin_with_person<C: ConnectionTrait>(
    db: &C,
    id: CheckinId,
) -> Result<Option<(checkin::Model, Option<String>)>, DbErr> {
    let Some(checkin) = checkin::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let person = match checkin.relationship_id {
        Some(p) => relationship::Entity::find_by_id(p)
            .one(db)
            .await?
            .map(|r| r.label),
        None => None,
    };
    Ok(Some((checkin, person)))
}

/// When each of a client's PHQ-9s was recorded, with its item-9 answer, newest first.
///
/// # Errors
/// Database errors.
pub async fn item9_history<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
) -> Result<Vec<(DateTime<Utc>, Option<u8>)>, DbErr> {
    let rows: Vec<(DateTime<Utc>, Option<String>)> = checkin::Entity::find()
        .select_only()
        .columns([checkin::Column::RecordedAt, checkin::Column::Phq9])
        .filter(checkin::Column::ClientId.eq(client))
        .filter(checkin::Column::Phq9.is_not_null())
        .order_by_desc(checkin::Column::RecordedAt)
        .order_by_desc(checkin::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(at, stored)| {
            let answers = crate::domain::Phq9Answers::from_stored(stored.as_deref()?)?;
            Some((at, answers.item9()))
        })
        .collect())
}

/// A client's newest check-in with PHQ-9 answers.
///
/// # Errors
/// Database errors.
pub async fn latest_phq9<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
) -> Result<Option<checkin::Model>, DbErr> {
    checkin::Entity::find()
        .filter(checkin::Column::ClientId.eq(client))
        .filter(checkin::Column::Phq9.is_not_null())
        .order_by_desc(checkin::Column::RecordedAt)
        .one(db)
        .await
}
