//! Relapse episodes and reviews: storage, and the watch the check-in write calls.

use crate::audit::{Action, Actor, ObjectType};
use crate::domain::relapse::{self, Phq9Point, RELAPSE_PHQ9};
use crate::domain::local_to_utc;
use crate::write::{ClientWrite, RecordError, Reminders};
use chrono::{DateTime, Days, NaiveTime, Utc};
use entities::alert_delivery::DeliveryStatus;
use entities::relapse_review::{RelapseEpisodeId, RelapseReviewId, ReviewAction};
use entities::{CheckinId, ClientId, TherapistId, checkin, client, relapse_episode, relapse_review};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

/// What a therapist decided.
#[derive(Debug, Clone)]
pub struct NewReview {
    pub action: ReviewAction,
    /// Trimmed; none when blank.
    pub note: Option<String>,
}

/// Records a review by `therapist`, ending the client's open episode if there is one.
///
/// # Errors
/// `NotFound` for a client erased meanwhile; database errors.
pub async fn review(
    db: &DatabaseConnection,
    client: ClientId,
    therapist: TherapistId,
    new: NewReview,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<relapse_review::Model, RecordError> {
    // The client row stays locked to the commit: a check-in that would open an episode waits,
    // and then sees this review.
    let write = ClientWrite::begin(db, client, now, actor).await?;
    let id = RelapseReviewId::new();
    let open = relapse_episode::Entity::find()
        .filter(relapse_episode::Column::ClientId.eq(client))
        .filter(relapse_episode::Column::ReviewId.is_null())
        .one(write.txn())
        .await?;
    if let Some(episode) = &open {
        relapse_episode::Entity::update_many()
            .col_expr(relapse_episode::Column::ReviewId, Expr::value(id))
            .col_expr(relapse_episode::Column::ReviewedAt, Expr::value(now))
            .filter(relapse_episode::Column::Id.eq(episode.id))
            .exec(write.txn())
            .await?;
    }
    let row = relapse_review::Model {
        id,
        client_id: client,
        therapist_id: therapist,
        episode_id: open.map(|e| e.id),
        action: new.action,
        note: new.note,
        recorded_at: now,
    };
    relapse_review::Entity::insert(relapse_review::ActiveModel::from(row.clone()))
        .exec_without_returning(write.txn())
        .await?;
    write
        .commit(
            Action::Create,
            ObjectType::RelapseReview,
            Some(id.uuid()),
            Reminders::Unaffected,
        )
        .await?;
    tracing::info!(client_id = %client, review_id = %id, episode = row.episode_id.is_some(), "relapse review recorded");
    Ok(row)
}

/// The client's episodes and reviews, oldest first.
///
/// # Errors
/// Database errors.
pub async fn watch_of<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
) -> Result<(Vec<relapse_episode::Model>, Vec<relapse_review::Model>), DbErr> {
    let episodes = relapse_episode::Entity::find()
        .filter(relapse_episode::Column::ClientId.eq(client))
        .order_by_asc(relapse_episode::Column::DetectedAt)
        .order_by_asc(relapse_episode::Column::Id)
        .all(db)
        .await?;
    let reviews = relapse_review::Entity::find()
        .filter(relapse_review::Column::ClientId.eq(client))
        .order_by_asc(relapse_review::Column::RecordedAt)
        .order_by_asc(relapse_review::Column::Id)
        .all(db)
        .await?;
    Ok((episodes, reviews))
}

/// The newest review of each of `clients` (id and time): an episode ends with it, and a later
/// one counts only totals after it.
///
/// # Errors
/// Database errors.
pub async fn last_reviews<C: ConnectionTrait>(
    db: &C,
    clients: &[ClientId],
) -> Result<std::collections::HashMap<ClientId, (RelapseReviewId, DateTime<Utc>)>, DbErr> {
    let mut out = std::collections::HashMap::new();
    for chunk in clients.chunks(500) {
        let rows = relapse_review::Entity::find()
            .select_only()
            .columns([
                relapse_review::Column::ClientId,
                relapse_review::Column::Id,
                relapse_review::Column::RecordedAt,
            ])
            .filter(relapse_review::Column::ClientId.is_in(chunk.iter().copied()))
            .order_by_asc(relapse_review::Column::RecordedAt)
            .order_by_asc(relapse_review::Column::Id)
            .into_tuple::<(ClientId, RelapseReviewId, DateTime<Utc>)>()
            .all(db)
            .await?;
        for (client, id, at) in rows {
            out.insert(client, (id, at));
        }
    }
    Ok(out)
}

/// After a check-in with a PHQ-9 total of 10 or more, in the write's transaction: opens the
/// client's likely-relapse episode when the totals after its latest acute course (and after its
/// last review) now make one ([`relapse::relapse_likely`]). One episode per client and review:
/// a second write that sees the same episode inserts nothing.
///
/// # Errors
/// Database errors.
pub async fn watch<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    now: DateTime<Utc>,
) -> Result<Option<RelapseEpisodeId>, DbErr> {
    let Some(row) = client::Entity::find_by_id(client).one(db).await? else {
        return Ok(None);
    };
    // A stored course that does not parse (logged with the client's id) must not refuse the
    // check-in, which may carry a safety signal: the watch is derived, and the dashboard
    // leaves such a client out anyway.
    let acute = match crate::aggregate::latest_acute(db, row).await {
        Ok(Some(acute)) => acute,
        Ok(None) => return Ok(None),
        Err(DbErr::Type(_)) => {
            tracing::warn!(client_id = %client, "relapse watch skipped: the course does not parse");
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    let tz = acute.timezone().tz();
    let end = acute.treatment().end_date();
    let Some(after_end) = end.checked_add_days(Days::new(1)) else {
        return Ok(None);
    };
    let from = local_to_utc(tz, after_end.and_time(NaiveTime::MIN));
    let last = last_reviews(db, &[client]).await?.remove(&client);
    let since = last.map(|(_, at)| at);
    let rows = checkin::Entity::find()
        .select_only()
        .columns([
            checkin::Column::Id,
            checkin::Column::RecordedAt,
            checkin::Column::Phq9Total,
        ])
        .filter(checkin::Column::ClientId.eq(client))
        .filter(checkin::Column::RecordedAt.gte(from.max(since.unwrap_or(from))))
        .filter(checkin::Column::Phq9Total.gte(RELAPSE_PHQ9))
        .into_tuple::<(CheckinId, DateTime<Utc>, i32)>()
        .all(db)
        .await?;
    let points: Vec<Phq9Point> = rows
        .iter()
        .map(|(_, recorded_at, total)| Phq9Point {
            recorded_at: *recorded_at,
            total: *total,
        })
        .collect();
    let Some((first, second)) = relapse::relapse_likely(&points, tz, end, since) else {
        return Ok(None);
    };
    let id_of = |p: Phq9Point| {
        rows.iter()
            .find(|(_, at, total)| *at == p.recorded_at && *total == p.total)
            .map(|(id, ..)| *id)
    };
    let (Some(first_id), Some(second_id)) = (id_of(first), id_of(second)) else {
        return Ok(None);
    };
    let id = RelapseEpisodeId::new();
    let episode = relapse_episode::Model {
        id,
        client_id: client,
        after_review: last.map_or(Uuid::nil(), |(review, _)| review.uuid()),
        first_checkin_id: first_id,
        second_checkin_id: second_id,
        detected_at: now,
        review_id: None,
        reviewed_at: None,
        notice_status: DeliveryStatus::Pending,
        attempts: 0,
        next_attempt_at: now,
        lease_owner: None,
        lease_expires_at: None,
        last_error: None,
        sent_at: None,
    };
    let inserted = relapse_episode::Entity::insert(relapse_episode::ActiveModel::from(episode))
        .on_conflict(
            OnConflict::columns([
                relapse_episode::Column::ClientId,
                relapse_episode::Column::AfterReview,
            ])
            .do_nothing()
            .to_owned(),
        )
        .try_insert()
        .exec_without_returning(db)
        .await?;
    if !matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0) {
        return Ok(None);
    }
    tracing::info!(client_id = %client, episode_id = %id, "likely relapse: episode opened");
    Ok(Some(id))
}
