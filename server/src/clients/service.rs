//! Creating and listing clients; computing where their treatment stands.

use super::dto::PracticeTarget;
use super::model::{InitialPhaseFacts, NewClient, TreatmentChange};
use crate::aggregate::{Client, load_client, load_clients};
use crate::audit::{self, Action, Actor, Event, ObjectType};
use crate::auth::{IssuedInvite, issue_invite};
use crate::conditional::Precondition;
use crate::courses::service::first_course;
use crate::domain::{CourseKind, Locale, ProblemAreaSet, Timezone};
use crate::error::Reason;
use crate::reminders;
use crate::reminders::settings::ReminderSettings;
use crate::write::Replanner;
use crate::write::{ClientWrite, RecordError, Reminders, content_tag};
use chrono::{DateTime, NaiveDate, Utc};
use entities::client::RegionSource;
use entities::{ClientId, ProblemArea, TherapistId, checkin, client, course};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use sea_orm::{DbErr, UpdateMany};

/// Practices per week asked of a new client until the therapist sets a target.
pub const DEFAULT_WEEKLY_PRACTICE_TARGET: i32 = 3;

/// Creates a client of `therapist` together with its first invite code, atomically.
///
/// # Errors
/// Database errors.
pub async fn create(
    db: &DatabaseConnection,
    planner: &dyn Replanner,
    therapist: TherapistId,
    now: DateTime<Utc>,
    new: NewClient,
    actor: Actor,
) -> Result<(Client, IssuedInvite), RecordError> {
    let (region, region_source) = match new.region {
        Some(region) => (Some(region), Some(RegionSource::Set)),
        None => derived_region(new.timezone),
    };
    let model = client::Model {
        id: ClientId::new(),
        therapist_id: therapist,
        display_name: new.display_name.into_inner(),
        timezone: new.timezone,
        session_time: new.session_time,
        reminders_planned_until: None,
        problem_areas: ProblemAreaSet::new(&new.treatment.problem_areas),
        weekly_practice_target: DEFAULT_WEEKLY_PRACTICE_TARGET,
        // The default reminder settings below are the client's first change.
        change_seq: 1,
        profile_seq: 1,
        region,
        region_source,
        locale: None,
        gad7_enabled: new.gad7_enabled,
        baseline_checkin_id: None,
        created_at: now,
        updated_at: now,
    };
    let txn = crate::db::begin_write(db).await?;
    client::Entity::insert(client::ActiveModel::from(model.clone()))
        .exec_without_returning(&txn)
        .await?;
    let course = first_course(model.id, &new.treatment, now, model.change_seq);
    course::Entity::insert(course::ActiveModel::from(course.clone()))
        .exec_without_returning(&txn)
        .await?;
    reminders::service::store(
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
            ObjectType::Client,
            Some(model.id.uuid()),
            Some(model.id),
        ),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(client_id = %model.id, "client created");
    // The client row is new, so there is no change number to take first: this is the one
    // client write that does not go through `ClientWrite`.
    planner.replan_after_change(db, model.id, now).await;
    // A new client has an empty session log.
    Ok((Client::try_from((model, course, Vec::new()))?, invite))
}

/// One page of a therapist's clients, oldest first.
///
/// # Errors
/// Database errors.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    therapist: TherapistId,
    after: Option<ClientId>,
    limit: u64,
) -> Result<Vec<Client>, RecordError> {
    let mut query = client::Entity::find().filter(client::Column::TherapistId.eq(therapist));
    if let Some(after) = after {
        query = query.filter(client::Column::Id.gt(after));
    }
    let rows = query
        .order_by_asc(client::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    Ok(load_clients(db, rows).await?)
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
) -> Result<IssuedInvite, RecordError> {
    let txn = crate::db::begin_write(db).await?;
    let invite = issue_invite(&txn, client, now).await?;
    audit::record(
        &txn,
        now,
        actor,
        Event::of(Action::Create, ObjectType::Invite, None, Some(client)),
    )
    .await?;
    txn.commit().await?;
    Ok(invite)
}

/// What a client's entity tag is a hash of: everything stored that `GET /clients/{id}` is
/// computed from.
#[derive(serde::Serialize)]
struct Stored<'a> {
    display_name: &'a str,
    timezone: &'a str,
    region: Option<&'a str>,
    /// Left out when unset, so that the tags of clients without one stayed as they were.
    #[serde(skip_serializing_if = "Option::is_none")]
    locale: Option<&'a str>,
    /// Left out when unset, likewise; confirming a derived region changes the tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    region_source: Option<&'static str>,
    session_time: String,
    problem_areas: &'a [ProblemArea],
    gad7_enabled: bool,
    baseline_checkin_id: Option<uuid::Uuid>,
    /// The current course and its change number (dates, length, kind, end).
    course: (uuid::Uuid, i64),
    /// The session log.
    marks: Vec<StoredMark>,
}

/// A session mark in a client's entity tag.
#[derive(serde::Serialize)]
struct StoredMark {
    number: u16,
    status: crate::domain::SessionStatus,
    held_at: Option<DateTime<Utc>>,
    moved_to: Option<(DateTime<Utc>, NaiveDate)>,
}

/// The entity tag of a client as `GET /clients/{id}` shows it, which `PUT …/treatment` checks
/// as `If-Match`: a hash ([`content_tag`]) of everything stored that the answer is computed
/// from: the name, zone, region and language, the treatment as set (session time, problem areas, GAD-7,
/// baseline), the current course with its change number (its dates, length and end move it)
/// and the session log. The client row's own change number cannot serve: it moves with every
/// write of any of the client's records. What follows from the date alone (the phase, the
/// weeks remaining, a session presumed held once its time passed) is not an edit and keeps the
/// tag.
///
/// # Errors
/// None in practice (the hash's input always serializes).
pub fn tag(client: &Client) -> Result<i64, DbErr> {
    let row = client.row();
    content_tag(&Stored {
        display_name: &row.display_name,
        timezone: row.timezone.name(),
        region: row.region.as_deref(),
        locale: row.locale.as_deref(),
        region_source: row.region_source.map(|s| match s {
            RegionSource::Set => "set",
            RegionSource::Derived => "derived",
        }),
        session_time: row.session_time.to_string(),
        problem_areas: &client.treatment().problem_areas,
        gad7_enabled: row.gad7_enabled,
        baseline_checkin_id: row.baseline_checkin_id,
        course: (client.course_id(), client.course().change_seq),
        marks: client
            .treatment()
            .marks
            .iter()
            .map(|m| StoredMark {
                number: m.number,
                status: m.status,
                held_at: m.held_at,
                moved_to: m.moved_to,
            })
            .collect(),
    })
}

/// Replaces a client's current course of treatment (dates, length, problem areas, session
/// time) and replans its reminders, if `expected` (the `If-Match`, if any) names the client's
/// current [`tag`]. Only an acute course is changed this way (its length is 8–24 weekly
/// sessions). Answers the client as stored, with its new tag.
///
/// # Errors
/// `Stale` when `expected` does not hold; `Conflict` when the current course is maintenance;
/// `NotFound` if the client vanished; database errors.
pub async fn update_treatment(
    db: &DatabaseConnection,
    planner: &dyn Replanner,
    current: &Client,
    now: DateTime<Utc>,
    change: &TreatmentChange,
    expected: Option<&Precondition>,
    actor: Actor,
) -> Result<(Client, i64), RecordError> {
    let treatment = &change.treatment;
    let write = ClientWrite::begin(db, current.id(), now, actor).await?;
    // Read again in the write: `current` was loaded before it, and may be behind.
    let current = &reload_client(write.txn(), current.id()).await?;
    write.precondition(expected, Some(tag(current)?))?;
    if current.treatment().kind != CourseKind::Acute {
        return Err(RecordError::Conflict(Reason::TreatmentIsMaintenance));
    }
    course::Entity::update_many()
        .col_expr(course::Column::StartDate, Expr::value(treatment.start_date))
        .col_expr(
            course::Column::PlannedSessions,
            Expr::value(i32::from(treatment.planned_sessions.get())),
        )
        .col_expr(course::Column::ChangeSeq, Expr::value(write.seq()))
        .filter(course::Column::Id.eq(current.course_id()))
        .exec(write.txn())
        .await?;
    let update = client::Entity::update_many()
        .col_expr(
            client::Column::ProblemAreas,
            Expr::value(ProblemAreaSet::new(&treatment.problem_areas)),
        )
        .col_expr(
            client::Column::SessionTime,
            Expr::value(change.session_time),
        );
    let update = match change.gad7_enabled {
        Some(on) => update.col_expr(client::Column::Gad7Enabled, Expr::value(on)),
        None => update,
    };
    let update = match change.baseline_checkin_id {
        Some(Some(chosen)) => {
            // Only one of the client's own check-ins with a PHQ-9 can be its baseline.
            let usable = checkin::Entity::find_by_id(entities::CheckinId::from(chosen))
                .filter(checkin::Column::ClientId.eq(current.id()))
                .filter(checkin::Column::Phq9Total.is_not_null())
                .one(write.txn())
                .await?
                .is_some();
            if !usable {
                return Err(RecordError::Invalid {
                    field: "baseline_checkin_id".into(),
                    message: "is not a check-in of this client with a PHQ-9",
                });
            }
            update.col_expr(client::Column::BaselineCheckinId, Expr::value(chosen))
        }
        Some(None) => update.col_expr(
            client::Column::BaselineCheckinId,
            Expr::value(Option::<uuid::Uuid>::None),
        ),
        None => update,
    };
    let reminders = Reminders::Replan(planner);
    update_client(write, update, ObjectType::Treatment, reminders).await
}

/// Applies `update` to the client's row within `write` and commits it as a change of
/// `object`: the one way the client row itself is changed. Answers the client as stored, with
/// its [`tag`] (made before the commit, so that it is the tag of what the answer shows).
async fn update_client(
    write: ClientWrite,
    update: UpdateMany<client::Entity>,
    object: ObjectType,
    reminders: Reminders<'_>,
) -> Result<(Client, i64), RecordError> {
    let client = write.client();
    let updated = update
        .col_expr(client::Column::UpdatedAt, Expr::value(write.now()))
        .col_expr(client::Column::ProfileSeq, Expr::value(write.seq()))
        .filter(client::Column::Id.eq(client))
        .exec_with_returning(write.txn())
        .await?
        .into_iter()
        .next()
        .ok_or(RecordError::NotFound)?;
    let updated = load_client(write.txn(), updated).await?;
    let tag = tag(&updated)?;
    write
        .commit(Action::Update, object, Some(client.uuid()), reminders)
        .await?;
    Ok((updated, tag))
}

/// Sets the region whose crisis resources `client` is shown, as the therapist or the client
/// wrote it: the region is then `set` (confirmed), and a change of zone no longer moves it.
/// Answers the client with its new [`tag`].
///
/// # Errors
/// Database errors.
pub async fn set_region(
    db: &DatabaseConnection,
    client: ClientId,
    region: Option<String>,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<(Client, i64), RecordError> {
    let write = ClientWrite::begin(db, client, now, actor).await?;
    let update = client::Entity::update_many()
        .col_expr(client::Column::Region, Expr::value(region))
        .col_expr(
            client::Column::RegionSource,
            Expr::value(Some(RegionSource::Set)),
        );
    update_client(write, update, ObjectType::Client, Reminders::Unaffected).await
}

/// The region of a client in `zone` whom nobody gave one: the zone's country, `derived`; or
/// none when the zone belongs to no country (`UTC`).
fn derived_region(zone: Timezone) -> (Option<String>, Option<RegionSource>) {
    match crate::domain::region_of_zone(&zone) {
        Some(country) => (Some(country.to_owned()), Some(RegionSource::Derived)),
        None => (None, None),
    }
}

/// Gives every client without a region whose zone belongs to a country a region derived from
/// it (clients created before regions were derived). Runs at start-up after the migrations;
/// idempotent: a client is changed only while it has neither a region nor a source, in one
/// statement that re-checks that, so replicas starting together change each client once. Each
/// change takes a change number, so that phones sync the new region. No audit entry: nobody
/// wrote it. Answers how many clients it changed.
///
/// # Errors
/// Database errors.
pub async fn derive_missing_regions(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let missing: Vec<(ClientId, String)> = client::Entity::find()
        .select_only()
        .column(client::Column::Id)
        .column(client::Column::Timezone)
        .filter(client::Column::Region.is_null())
        .filter(client::Column::RegionSource.is_null())
        .into_tuple()
        .all(db)
        .await?;
    let mut changed = 0;
    for (id, zone) in missing {
        // A zone that does not parse fails this client's reads (logged there), not start-up.
        let Some(country) = crate::domain::region_of_zone_name(&zone) else {
            continue;
        };
        let next = Expr::col(client::Column::ChangeSeq).add(1);
        changed += client::Entity::update_many()
            .col_expr(client::Column::Region, Expr::value(country))
            .col_expr(
                client::Column::RegionSource,
                Expr::value(Some(RegionSource::Derived)),
            )
            // Both take the old change number plus one (SQL reads the row as it was).
            .col_expr(client::Column::ProfileSeq, next.clone())
            .col_expr(client::Column::ChangeSeq, next)
            .col_expr(client::Column::UpdatedAt, Expr::value(now))
            .filter(client::Column::Id.eq(id))
            .filter(client::Column::Region.is_null())
            .filter(client::Column::RegionSource.is_null())
            .exec(db)
            .await?
            .rows_affected;
    }
    if changed > 0 {
        tracing::info!(clients = changed, "crisis regions derived from time zones");
    }
    Ok(changed)
}

/// The client's own settings as its phone changes them (`PATCH /me`): its zone and its
/// language (`None`: unchanged). A new zone replans its reminders, so that each pending one
/// keeps its local time in the new zone, and derives the region again unless someone set it
/// (a derived region follows the zone; a set one is never touched). Answers the client as
/// stored, with its new [`tag`].
///
/// # Errors
/// `NotFound` when the client is gone; database errors.
pub async fn set_own_settings(
    db: &DatabaseConnection,
    planner: &dyn Replanner,
    client: ClientId,
    timezone: Option<Timezone>,
    locale: Option<&Locale>,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<(Client, i64), RecordError> {
    let write = ClientWrite::begin(db, client, now, actor).await?;
    let mut update = client::Entity::update_many();
    if let Some(timezone) = timezone {
        update = update.col_expr(client::Column::Timezone, Expr::value(timezone));
        // Read in the write: the row is locked, so a region set meanwhile is seen.
        let source = client::Entity::find_by_id(client)
            .select_only()
            .column(client::Column::RegionSource)
            .into_tuple::<Option<RegionSource>>()
            .one(write.txn())
            .await?
            .ok_or(RecordError::NotFound)?;
        if source != Some(RegionSource::Set) {
            let (region, source) = derived_region(timezone);
            update = update
                .col_expr(client::Column::Region, Expr::value(region))
                .col_expr(client::Column::RegionSource, Expr::value(source));
        }
    }
    if let Some(locale) = locale {
        update = update.col_expr(client::Column::Locale, Expr::value(locale.as_str()));
    }
    let reminders = match timezone {
        Some(_) => Reminders::Replan(planner),
        None => Reminders::Unaffected,
    };
    update_client(write, update, ObjectType::Client, reminders).await
}

/// The entity tag of a practice target: a hash ([`content_tag`]) of its JSON representation.
/// The target is a value on the client row, whose change number moves with every write of any
/// of the client's records, so it has no version of its own; equal targets have equal tags.
///
/// # Errors
/// None in practice (the target always serializes).
pub fn practice_target_tag(weekly_target: i32) -> Result<i64, DbErr> {
    content_tag(&PracticeTarget { weekly_target })
}

/// Stores a client's weekly practice target, if `expected` (the `If-Match`, if any) names the
/// current target's [`practice_target_tag`]. Answers the target's new tag.
///
/// # Errors
/// `Stale` when `expected` does not hold; database errors.
pub async fn set_practice_target(
    db: &DatabaseConnection,
    client: ClientId,
    target: i32,
    now: DateTime<Utc>,
    expected: Option<&Precondition>,
    actor: Actor,
) -> Result<i64, RecordError> {
    let write = ClientWrite::begin(db, client, now, actor).await?;
    if expected.is_some() {
        let current = client::Entity::find_by_id(client)
            .select_only()
            .column(client::Column::WeeklyPracticeTarget)
            .into_tuple::<i32>()
            .one(write.txn())
            .await?;
        write.precondition(expected, current.map(practice_target_tag).transpose()?)?;
    }
    let update = client::Entity::update_many()
        .col_expr(client::Column::WeeklyPracticeTarget, Expr::value(target));
    let (updated, _) = update_client(
        write,
        update,
        ObjectType::PracticeTarget,
        Reminders::Unaffected,
    )
    .await?;
    Ok(practice_target_tag(updated.row().weekly_practice_target)?)
}

/// The current request's language for `principal`: the header's, else (for a client) its
/// stored locale, read once per request, else English.
///
/// # Errors
/// Database errors while reading the stored locale.
pub async fn request_language<C: ConnectionTrait>(
    db: &C,
    principal: crate::identity::Principal,
) -> Result<crate::i18n::Lang, DbErr> {
    use crate::i18n::request;
    if request::needs_stored_locale()
        && let crate::identity::Principal::Client { id, .. } = principal
    {
        request::remember_stored(locale_of(db, id).await?.as_deref());
    }
    Ok(request::current())
}

/// The language `client` set (a BCP 47 tag), if any.
///
/// # Errors
/// Database errors.
pub async fn locale_of<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
) -> Result<Option<String>, DbErr> {
    Ok(client::Entity::find_by_id(client)
        .select_only()
        .column(client::Column::Locale)
        .into_tuple::<Option<String>>()
        .one(db)
        .await?
        .flatten())
}

/// Whether the client `id` is (still) stored: a refused write of a client that was erased in
/// between has nothing left to alert about.
///
/// # Errors
/// Database errors.
pub async fn exists<C: ConnectionTrait>(db: &C, id: ClientId) -> Result<bool, DbErr> {
    Ok(client::Entity::find_by_id(id).one(db).await?.is_some())
}

/// The client `id` as it is stored now (after a write).
///
/// # Errors
/// `NotFound` when it is gone; database errors.
pub async fn reload_client<C: ConnectionTrait>(
    db: &C,
    id: ClientId,
) -> Result<Client, RecordError> {
    let row = client::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(RecordError::NotFound)?;
    Ok(load_client(db, row).await?)
}

/// What the initial phase's derived items of each of `clients` are read from: whether anyone
/// is in its inventory and whether a formulation was written (two statements for all).
///
/// # Errors
/// Database errors.
pub async fn initial_phase_facts<C: ConnectionTrait>(
    db: &C,
    clients: &[ClientId],
) -> Result<std::collections::HashMap<ClientId, InitialPhaseFacts>, DbErr> {
    use entities::client_document::{self, DocumentKind};
    use entities::relationship;
    let mut out: std::collections::HashMap<ClientId, InitialPhaseFacts> = clients
        .iter()
        .map(|c| (*c, InitialPhaseFacts::default()))
        .collect();
    for chunk in clients.chunks(500) {
        let people: Vec<ClientId> = relationship::Entity::find()
            .select_only()
            .column(relationship::Column::ClientId)
            .distinct()
            .filter(relationship::Column::ClientId.is_in(chunk.iter().copied()))
            .filter(relationship::Column::DeletedAt.is_null())
            .into_tuple()
            .all(db)
            .await?;
        for client in people {
            out.entry(client).or_default().inventory = true;
        }
        let formulations: Vec<ClientId> = client_document::Entity::find()
            .select_only()
            .column(client_document::Column::ClientId)
            .filter(client_document::Column::ClientId.is_in(chunk.iter().copied()))
            .filter(client_document::Column::Kind.eq(DocumentKind::Formulation))
            .into_tuple()
            .all(db)
            .await?;
        for client in formulations {
            out.entry(client).or_default().formulation = true;
        }
    }
    Ok(out)
}

/// [`initial_phase_facts`] of one client.
///
/// # Errors
/// Database errors.
pub async fn initial_phase_of<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
) -> Result<InitialPhaseFacts, DbErr> {
    Ok(initial_phase_facts(db, &[client])
        .await?
        .remove(&client)
        .unwrap_or_default())
}

/// Records whether the sick role was discussed, on the client's current course. Answers the
/// client as it is then.
///
/// # Errors
/// `NotFound` for a client erased meanwhile; database errors.
pub async fn mark_sick_role(
    db: &DatabaseConnection,
    client: &Client,
    discussed: bool,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<(), RecordError> {
    let write = ClientWrite::begin(db, client.id(), now, actor).await?;
    course::Entity::update_many()
        .col_expr(course::Column::SickRoleDiscussed, Expr::value(discussed))
        .col_expr(course::Column::ChangeSeq, Expr::value(write.seq()))
        .filter(course::Column::Id.eq(client.course_id()))
        .exec(write.txn())
        .await?;
    write
        .commit(
            Action::Update,
            ObjectType::Course,
            Some(client.course_id()),
            Reminders::Unaffected,
        )
        .await
}
