//! Creating and listing clients; computing where their treatment stands.

use crate::audit::{self, Action, Actor, Event};
use crate::auth::{IssuedInvite, issue_invite};
use crate::domain::{
    DisplayName, LocalTimeOfDay, PlannedSessions, ProblemArea, Timezone, Treatment,
};
use crate::error::ApiError;
use crate::reminders;
use crate::reminders::settings::ReminderSettings;
use chrono::{DateTime, NaiveDate, Utc};
use entities::{ClientId, TherapistId, client};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<ClientError> for ApiError {
    fn from(err: ClientError) -> Self {
        match err {
            ClientError::Db(e) => e.into(),
        }
    }
}

/// Practices per week asked of a new client until the therapist sets a target.
pub const DEFAULT_WEEKLY_PRACTICE_TARGET: i32 = 3;

/// A client as a therapist creates it.
#[derive(Debug, Clone)]
pub struct NewClient {
    pub display_name: DisplayName,
    pub timezone: Timezone,
    pub treatment: Treatment,
    /// Local time of day of the weekly session.
    pub session_time: LocalTimeOfDay,
    /// ISO 3166-1 alpha-2 region (crisis resources).
    pub region: Option<String>,
}

/// The stored treatment of a client.
#[must_use]
pub fn client_treatment(client: &client::Model) -> Treatment {
    Treatment {
        start_date: client.treatment_start_date,
        // Stored values passed the same check when written.
        planned_sessions: PlannedSessions::parse(i64::from(client.planned_sessions))
            .unwrap_or(PlannedSessions::TYPICAL),
        problem_areas: ProblemArea::split(&client.problem_areas),
    }
}

/// Today's date in the client's zone.
#[must_use]
pub fn client_today(client: &client::Model, now: DateTime<Utc>) -> NaiveDate {
    Timezone::parse(&client.timezone).map_or_else(
        |_| now.date_naive(),
        |tz| now.with_timezone(&tz.tz()).date_naive(),
    )
}

/// Creates a client of `therapist` together with its first invite code, atomically.
///
/// # Errors
/// Database errors.
pub async fn create_client(
    db: &DatabaseConnection,
    therapist: TherapistId,
    now: DateTime<Utc>,
    new: NewClient,
    actor: Actor,
) -> Result<(client::Model, IssuedInvite), ClientError> {
    let model = client::Model {
        id: ClientId::new(),
        therapist_id: therapist,
        display_name: new.display_name.into_inner(),
        timezone: new.timezone.name().to_owned(),
        treatment_start_date: new.treatment.start_date,
        planned_sessions: i32::from(new.treatment.planned_sessions.get()),
        session_time: new.session_time.to_string(),
        reminders_planned_until: None,
        problem_areas: ProblemArea::join(&new.treatment.problem_areas),
        weekly_practice_target: DEFAULT_WEEKLY_PRACTICE_TARGET,
        // The default reminder settings below are the client's first change.
        change_seq: 1,
        region: new.region,
        created_at: now,
        updated_at: now,
    };
    let txn = db.begin().await?;
    client::Entity::insert(client::ActiveModel {
        id: Set(model.id),
        therapist_id: Set(model.therapist_id),
        display_name: Set(model.display_name.clone()),
        timezone: Set(model.timezone.clone()),
        treatment_start_date: Set(model.treatment_start_date),
        planned_sessions: Set(model.planned_sessions),
        session_time: Set(model.session_time.clone()),
        reminders_planned_until: Set(None),
        problem_areas: Set(model.problem_areas.clone()),
        weekly_practice_target: Set(model.weekly_practice_target),
        change_seq: Set(model.change_seq),
        region: Set(model.region.clone()),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    reminders::settings::store(
        &txn,
        model.id,
        now,
        model.change_seq,
        &ReminderSettings::defaults(),
    )
    .await?;
    let invite = issue_invite(&txn, model.id, now).await?;
    audit::record(
        &txn,
        now,
        actor,
        Event::of(
            Action::Create,
            "client",
            Some(model.id.uuid()),
            Some(model.id),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok((model, invite))
}

/// One page of a therapist's clients, oldest first.
///
/// # Errors
/// Database errors.
pub async fn list_clients<C: ConnectionTrait>(
    db: &C,
    therapist: TherapistId,
    after: Option<ClientId>,
    limit: u64,
) -> Result<Vec<client::Model>, ClientError> {
    let mut query = client::Entity::find().filter(client::Column::TherapistId.eq(therapist));
    if let Some(after) = after {
        query = query.filter(client::Column::Id.gt(after));
    }
    Ok(query
        .order_by_asc(client::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?)
}

/// A new invite code for a client; the previous ones stop working.
///
/// # Errors
/// Database errors.
pub async fn new_invite(
    db: &DatabaseConnection,
    client: ClientId,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<IssuedInvite, ClientError> {
    let txn = db.begin().await?;
    let invite = issue_invite(&txn, client, now).await?;
    audit::record(
        &txn,
        now,
        actor,
        Event::of(Action::Create, "invite", None, Some(client)),
    )
    .await?;
    txn.commit().await?;
    Ok(invite)
}

/// Replaces a client's course of treatment (dates, length, problem areas, session time).
///
/// # Errors
/// `NotFound` if the client vanished; database errors.
pub async fn update_treatment(
    db: &DatabaseConnection,
    client: ClientId,
    now: DateTime<Utc>,
    treatment: &Treatment,
    session_time: LocalTimeOfDay,
    actor: Actor,
) -> Result<client::Model, ApiError> {
    use sea_orm::sea_query::Expr;
    let txn = db.begin().await?;
    let updated = client::Entity::update_many()
        .col_expr(
            client::Column::TreatmentStartDate,
            Expr::value(treatment.start_date),
        )
        .col_expr(
            client::Column::PlannedSessions,
            Expr::value(i32::from(treatment.planned_sessions.get())),
        )
        .col_expr(
            client::Column::ProblemAreas,
            Expr::value(ProblemArea::join(&treatment.problem_areas)),
        )
        .col_expr(
            client::Column::SessionTime,
            Expr::value(session_time.to_string()),
        )
        .col_expr(client::Column::UpdatedAt, Expr::value(now))
        .filter(client::Column::Id.eq(client))
        .exec_with_returning(&txn)
        .await?;
    let updated = updated.into_iter().next().ok_or(ApiError::NotFound)?;
    audit::record(
        &txn,
        now,
        actor,
        Event::of(
            Action::Update,
            "treatment",
            Some(client.uuid()),
            Some(client),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Sets the region whose crisis resources `client` is shown.
///
/// # Errors
/// Database errors.
pub async fn set_region(
    db: &DatabaseConnection,
    client: ClientId,
    region: Option<String>,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<client::Model, ApiError> {
    use sea_orm::{ColumnTrait, QueryFilter, sea_query::Expr};
    let txn = db.begin().await?;
    audit::record(
        &txn,
        now,
        actor,
        Event::of(Action::Update, "client", Some(client.uuid()), Some(client)),
    )
    .await?;
    client::Entity::update_many()
        .col_expr(client::Column::Region, Expr::value(region))
        .col_expr(client::Column::UpdatedAt, Expr::value(now))
        .filter(client::Column::Id.eq(client))
        .exec(&txn)
        .await?;
    let row = client::Entity::find_by_id(client)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    Ok(row)
}
