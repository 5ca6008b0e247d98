//! `GET /api/v1/clients/{client_id}/changes?since=`: everything of a client written after a
//! cursor, in the order it was written, with deletions as tombstones. Replaying from any cursor
//! any number of times converges on the server's state, because each change carries the whole
//! record and later changes of a record come after earlier ones.

use super::cursor::{self, Since};
use super::dto::{
    Change, ChangesResponse, CheckinChange, ClientChange, ClientRecord, CourseChange, CourseRecord,
    ExerciseLogChange, FormulationChange, HomeworkChange, ReadingOpenedChange, RelapsePlanChange,
    RelationshipChange, ReminderSettingsChange, SafetyPlanChange, SessionChange, SessionMarkRecord,
};
use crate::checkins::dto::CheckinResponse;
use crate::error::ApiError;
use crate::exercises::dto::ExerciseLogResponse;
use crate::formulation::dto::FormulationResponse;
use crate::homework::dto::HomeworkResponse;
use crate::readings::dto::ReadingOpenedResponse;
use crate::relapse_plan::RelapsePlanContents;
use crate::relapse_plan::dto::RelapsePlanResponse;
use crate::relationships::dto::RelationshipResponse;
use crate::reminders::settings::ReminderSettings;
use crate::safety_plan::{self, SafetyPlanResponse};
use entities::{
    ClientId, checkin, client, course, exercise_log, homework, reading_open, relationship,
    reminder_settings, session_mark,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// A table of per-record changes the feed carries: each row names its client and carries the
/// change number of its last write.
trait Synced: EntityTrait {
    fn client_column() -> Self::Column;
    fn seq_column() -> Self::Column;
    /// The row as a change (a tombstone when it is deleted).
    fn change(row: Self::Model) -> Change;
}

impl Synced for checkin::Entity {
    fn client_column() -> Self::Column {
        checkin::Column::ClientId
    }
    fn seq_column() -> Self::Column {
        checkin::Column::ChangeSeq
    }
    fn change(row: checkin::Model) -> Change {
        let data = CheckinResponse::new(&row, None);
        CheckinChange::of(row.id.uuid(), row.change_seq, Some(data))
    }
}

impl Synced for exercise_log::Entity {
    fn client_column() -> Self::Column {
        exercise_log::Column::ClientId
    }
    fn seq_column() -> Self::Column {
        exercise_log::Column::ChangeSeq
    }
    fn change(row: exercise_log::Model) -> Change {
        let data = ExerciseLogResponse::from(&row);
        ExerciseLogChange::of(row.id.uuid(), row.change_seq, Some(data))
    }
}

impl Synced for entities::risk_screen::Entity {
    fn client_column() -> Self::Column {
        entities::risk_screen::Column::ClientId
    }
    fn seq_column() -> Self::Column {
        entities::risk_screen::Column::ChangeSeq
    }
    fn change(row: entities::risk_screen::Model) -> Change {
        let data = crate::risk_screens::dto::RiskScreenResponse::new(&row, None);
        super::dto::RiskScreenChange::of(row.id.uuid(), row.change_seq, Some(data))
    }
}

impl Synced for homework::Entity {
    fn client_column() -> Self::Column {
        homework::Column::ClientId
    }
    fn seq_column() -> Self::Column {
        homework::Column::ChangeSeq
    }
    fn change(row: homework::Model) -> Change {
        let data = HomeworkResponse::from(&row);
        HomeworkChange::of(row.id.uuid(), row.change_seq, Some(data))
    }
}

impl Synced for relationship::Entity {
    fn client_column() -> Self::Column {
        relationship::Column::ClientId
    }
    fn seq_column() -> Self::Column {
        relationship::Column::ChangeSeq
    }
    fn change(row: relationship::Model) -> Change {
        let data = row
            .deleted_at
            .is_none()
            .then(|| RelationshipResponse::from(&row));
        RelationshipChange::of(row.id.uuid(), row.change_seq, data)
    }
}

impl Synced for reading_open::Entity {
    fn client_column() -> Self::Column {
        reading_open::Column::ClientId
    }
    fn seq_column() -> Self::Column {
        reading_open::Column::ChangeSeq
    }
    fn change(row: reading_open::Model) -> Change {
        // One opening per client and reading: a name-based id keeps it stable for the phone.
        let id = Uuid::new_v5(&row.client_id.uuid(), row.reading_key.as_bytes());
        let data = ReadingOpenedResponse {
            key: row.reading_key,
            opened_at: row.opened_at,
        };
        ReadingOpenedChange::of(id, row.change_seq, Some(data))
    }
}

impl Synced for course::Entity {
    fn client_column() -> Self::Column {
        course::Column::ClientId
    }
    fn seq_column() -> Self::Column {
        course::Column::ChangeSeq
    }
    fn change(row: course::Model) -> Change {
        let data = CourseRecord {
            id: row.id,
            number: row.number,
            kind: row.kind,
            start_date: row.start_date,
            planned_sessions: row.planned_sessions,
            interval_weeks: row.interval_weeks,
            ended_at: row.ended_at,
            ended_after_slot: row.ended_after_slot,
        };
        CourseChange::of(row.id, row.change_seq, Some(data))
    }
}

impl Synced for session_mark::Entity {
    fn client_column() -> Self::Column {
        session_mark::Column::ClientId
    }
    fn seq_column() -> Self::Column {
        session_mark::Column::ChangeSeq
    }
    fn change(row: session_mark::Model) -> Change {
        // One mark per course and number: a name-based id keeps it stable for the phone.
        let id = Uuid::new_v5(&row.course_id, &row.number.to_be_bytes());
        let data = SessionMarkRecord {
            course_id: row.course_id,
            number: row.number,
            status: row.status,
            held_at: row.held_at,
            scheduled_for: row.moved_to,
        };
        SessionChange::of(id, row.change_seq, Some(data))
    }
}

/// The first `take` changes of one table.
async fn changes_of<E: Synced, C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    since: i64,
    take: u64,
) -> Result<Vec<Change>, DbErr> {
    Ok(E::find()
        .filter(E::client_column().eq(client))
        .filter(E::seq_column().gt(since))
        .order_by_asc(E::seq_column())
        .limit(take)
        .all(db)
        .await?
        .into_iter()
        .map(E::change)
        .collect())
}

/// The first `limit` changes of `client` after `since`, and whether more follow.
///
/// # Errors
/// Database errors.
pub async fn changes_since<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    since: i64,
    limit: u64,
) -> Result<(Vec<Change>, bool), DbErr> {
    // Each table gives its first limit + 1 changes; merged, the first `limit` of them are the
    // client's first `limit` changes overall, because one counter numbers them all.
    let take = limit + 1;
    let mut all = changes_of::<checkin::Entity, _>(db, client, since, take).await?;
    all.extend(changes_of::<exercise_log::Entity, _>(db, client, since, take).await?);
    all.extend(changes_of::<entities::risk_screen::Entity, _>(db, client, since, take).await?);
    all.extend(changes_of::<homework::Entity, _>(db, client, since, take).await?);
    all.extend(changes_of::<relationship::Entity, _>(db, client, since, take).await?);
    all.extend(changes_of::<reading_open::Entity, _>(db, client, since, take).await?);
    all.extend(changes_of::<course::Entity, _>(db, client, since, take).await?);
    all.extend(changes_of::<session_mark::Entity, _>(db, client, since, take).await?);
    // One row each: the client's own record, its settings and its documents.
    if let Some(row) = entities::client::Entity::find_by_id(client)
        .filter(entities::client::Column::ProfileSeq.gt(since))
        .one(db)
        .await?
    {
        let data = ClientRecord {
            display_name: row.display_name,
            timezone: row.timezone.name().to_owned(),
            region: row.region,
            region_source: row.region_source.map(Into::into),
            locale: row.locale,
            session_time: row.session_time.to_string(),
            problem_areas: row.problem_areas.areas().to_vec(),
            weekly_practice_target: row.weekly_practice_target,
            gad7_enabled: row.gad7_enabled,
        };
        all.push(ClientChange::of(client.uuid(), row.profile_seq, Some(data)));
    }
    if let Some(row) = reminder_settings::Entity::find_by_id(client)
        .filter(reminder_settings::Column::ChangeSeq.gt(since))
        .one(db)
        .await?
    {
        let body = ReminderSettings::from_row(&row)?.body();
        all.push(ReminderSettingsChange::of(
            row.client_id.uuid(),
            row.change_seq,
            Some(body),
        ));
    }
    if let Some(plan) = safety_plan::changed_since(db, client, since).await? {
        all.push(SafetyPlanChange::of(
            plan.client.uuid(),
            plan.change_seq,
            Some(SafetyPlanResponse::from(&plan)),
        ));
    }
    if let Some(((version, ratings), seq)) =
        crate::formulation::service::changed_since(db, client, since).await?
    {
        all.push(FormulationChange::of(
            client.uuid(),
            seq,
            Some(FormulationResponse::of(&version, &ratings)),
        ));
    }
    if let Some(plan) =
        crate::documents::service::changed_since::<RelapsePlanContents, _>(db, client, since)
            .await?
    {
        all.push(RelapsePlanChange::of(
            client.uuid(),
            plan.change_seq,
            Some(RelapsePlanResponse::from(&plan)),
        ));
    }
    all.sort_by_key(Change::seq);
    // One write may change several records under one number (a client's first settings and
    // course; a session mark and the formulation its ratings resend). A page never ends inside
    // such a group: the next cursor is that number, and the rest of the group would be skipped.
    let mut cut = usize::try_from(limit).unwrap_or(usize::MAX).min(all.len());
    while cut > 0 && cut < all.len() && all[cut].seq() == all[cut - 1].seq() {
        cut += 1;
    }
    let has_more = all.len() > cut;
    all.truncate(cut);
    Ok((all, has_more))
}

/// Why a cursor names no position in this client's history (`410`
/// `/problems/resync-required`): the phone drops its copy and syncs from `since=0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stale {
    /// A bare number of a version before the epoch: it may be of any history.
    OldFormat,
    /// Issued before the database was restored (or its epoch rotated).
    OtherEpoch,
    /// Another client's.
    OtherClient,
    /// Past the client's newest change: the database went back in time without a new epoch
    /// (a restore whose guide was not followed to the end).
    BeyondNewest,
}

impl Stale {
    /// For the log.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OldFormat => "old_format",
            Self::OtherEpoch => "other_epoch",
            Self::OtherClient => "other_client",
            Self::BeyondNewest => "beyond_newest",
        }
    }
}

/// Why the feed could not answer.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// `since` is no cursor any version of this server issued (422).
    #[error("not a cursor")]
    NotACursor,
    /// The cursor belongs to no position the feed can continue from (410).
    #[error("resync required ({})", .0.as_str())]
    ResyncRequired(Stale),
    #[error(transparent)]
    Database(#[from] DbErr),
}

impl From<FeedError> for ApiError {
    fn from(err: FeedError) -> Self {
        match err {
            FeedError::NotACursor => Self::field("since", "is not a valid cursor"),
            FeedError::ResyncRequired(_) => Self::ResyncRequired,
            FeedError::Database(err) => err.into(),
        }
    }
}

impl From<cursor::NotACursor> for FeedError {
    fn from(_: cursor::NotACursor) -> Self {
        Self::NotACursor
    }
}

/// The page of the changes feed after `since` (absent or `0`: from the first change), with the
/// cursor to continue from. `client` is the row as authorized for this request: its change
/// counter is at least as far as any cursor issued before in this epoch.
///
/// # Errors
/// `NotACursor`, `ResyncRequired` (see [`Stale`]), database errors.
pub async fn feed<C: ConnectionTrait>(
    db: &C,
    client: &client::Model,
    since: Option<&str>,
    limit: u64,
) -> Result<ChangesResponse, FeedError> {
    let epoch = super::epoch::current(db).await?;
    let stale = |why: Stale| {
        tracing::info!(client_id = %client.id, reason = why.as_str(), "sync cursor refused: resync required");
        FeedError::ResyncRequired(why)
    };
    let since = match cursor::parse(since)? {
        Since::Start => 0,
        Since::OldFormat => return Err(stale(Stale::OldFormat)),
        Since::After {
            epoch: theirs,
            client: whose,
            seq,
        } => {
            if theirs != epoch {
                return Err(stale(Stale::OtherEpoch));
            }
            if whose != client.id.uuid() {
                return Err(stale(Stale::OtherClient));
            }
            if seq > client.change_seq {
                return Err(stale(Stale::BeyondNewest));
            }
            seq
        }
    };
    let (changes, has_more) = changes_since(db, client.id, since, limit).await?;
    let last = changes.last().map_or(since, Change::seq);
    Ok(ChangesResponse {
        changes,
        next_cursor: cursor::encode(&epoch, client.id, last),
        has_more,
    })
}
