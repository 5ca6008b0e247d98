//! Safety alerts: opening one (with its notifications, in the caller's transaction), listing,
//! acknowledging, escalating, and what erasure leaves of them.

use super::model::{Acknowledgement, AlertFilter, Channels, NewAlert, OpenedAlert, SafetyContacts};
use crate::audit::{self, Action, Actor, Event, ObjectType};
use crate::write::RecordError;
use chrono::{DateTime, Duration, Utc};
use entities::alert_delivery::{DeliveryChannel, DeliveryEvent, DeliveryStatus};
use entities::risk_screen::RiskScreenId;
use entities::safety_alert::Urgency;
use entities::{
    AlertDeliveryId, AlertId, CheckinId, ClientId, ExerciseLogId, RelationshipId, TherapistId,
    alert_delivery, safety_alert, therapist, therapist_device,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TryInsertResult,
};

pub use super::crisis::Notice;

/// Records `alert` unless its submission already has one, in `db`'s transaction, so that an
/// alert and its notifications commit together. The caller holds the client's row lock
/// (`ClientWrite`, `lock_client`), so two signals of one client never both open an episode.
///
/// A client's alerts that are open at the same time form one episode. The first alert of an
/// episode notifies the therapist through every configured channel and starts the escalation
/// clock; a later one joins silently, unless it raises the episode's urgency: then it notifies
/// again. An urgent alert that notifies tells on-call at once, and that is the episode's
/// escalation.
///
/// # Errors
/// Database errors.
pub async fn open_alert<C: ConnectionTrait>(
    db: &C,
    channels: Channels,
    alert: &NewAlert,
) -> Result<OpenedAlert, DbErr> {
    if let Some(existing) = safety_alert::Entity::find()
        .filter(safety_alert::Column::ClientId.eq(alert.client))
        .filter(safety_alert::Column::DedupeKey.eq(alert.dedupe_key))
        .one(db)
        .await?
    {
        return replayed(db, alert, existing).await;
    }
    let episode = safety_alert::Entity::find()
        .filter(safety_alert::Column::ClientId.eq(alert.client))
        .filter(safety_alert::Column::AcknowledgedAt.is_null())
        .order_by_asc(safety_alert::Column::CreatedAt)
        .all(db)
        .await?;
    let id = AlertId::new();
    let raised = episode.iter().map(|a| a.urgency).max();
    let notifies = raised.is_none_or(|urgency| alert.urgency > urgency);
    let urgent_now = notifies && alert.urgency == Urgency::Urgent;
    let episode_id = episode.first().map_or(id, |first| first.episode_id);
    let escalated_at = if urgent_now {
        Some(alert.now)
    } else {
        episode.iter().find_map(|a| a.escalated_at)
    };
    let row = safety_alert::ActiveModel {
        id: Set(id),
        client_id: Set(alert.client),
        therapist_id: Set(alert.therapist),
        checkin_id: Set(alert.checkin),
        dedupe_key: Set(alert.dedupe_key),
        kind: Set(alert.kind),
        source: Set(alert.source),
        item9: Set(alert.item9.map(i32::from)),
        phq9_total: Set(alert.phq9_total),
        recorded_at: Set(alert.recorded_at),
        timezone: Set(Some(alert.timezone)),
        created_at: Set(alert.now),
        notified_at: Set(None),
        escalated_at: Set(escalated_at),
        acknowledged_at: Set(None),
        acknowledged_by: Set(None),
        action: Set(None),
        note: Set(None),
        client_erased_at: Set(None),
        episode_id: Set(episode_id),
        urgency: Set(alert.urgency),
        risk_screen_id: Set(alert.risk_screen),
        exercise_log_id: Set(alert.exercise_log),
        relationship_id: Set(alert.relationship),
    };
    let inserted = safety_alert::Entity::insert(row)
        .on_conflict_do_nothing_on([
            safety_alert::Column::ClientId,
            safety_alert::Column::DedupeKey,
        ])
        .exec_without_returning(db)
        .await?;
    if !matches!(inserted, TryInsertResult::Inserted(n) if n > 0) {
        // A concurrent replay of the same submission committed first.
        let existing = safety_alert::Entity::find()
            .filter(safety_alert::Column::ClientId.eq(alert.client))
            .filter(safety_alert::Column::DedupeKey.eq(alert.dedupe_key))
            .one(db)
            .await?
            .ok_or_else(|| DbErr::RecordNotFound("the alert of a submission".into()))?;
        return replayed(db, alert, existing).await;
    }
    if !notifies {
        let notice = if episode_notified(db, episode_id).await? {
            Notice::AlreadySent
        } else {
            Notice::NextOpen
        };
        tracing::warn!(alert_id = %id, episode_id = %episode_id, client_id = %alert.client, source = ?alert.source, "safety alert joined an open episode");
        return Ok(OpenedAlert { notice });
    }
    let mut wanted = Vec::new();
    if channels.email {
        wanted.push(DeliveryChannel::Email);
    }
    if channels.webhook {
        wanted.push(DeliveryChannel::Webhook);
    }
    if channels.push && has_device(db, alert.therapist).await? {
        wanted.push(DeliveryChannel::Push);
    }
    enqueue(db, id, DeliveryEvent::Created, &wanted, alert.now).await?;
    let mut on_call = false;
    if urgent_now {
        // The episode's escalation happens now: every open alert of it counts as escalated,
        // so the timed escalation does not tell on-call a second time.
        safety_alert::Entity::update_many()
            .col_expr(safety_alert::Column::EscalatedAt, Expr::value(alert.now))
            .filter(safety_alert::Column::EpisodeId.eq(episode_id))
            .filter(safety_alert::Column::EscalatedAt.is_null())
            .filter(safety_alert::Column::AcknowledgedAt.is_null())
            .exec(db)
            .await?;
        let escalation = escalation_channels(channels);
        on_call = channels.webhook
            || (channels.email
                && (channels.on_call_email || has_own_on_call(db, alert.therapist).await?));
        enqueue(db, id, DeliveryEvent::Escalated, &escalation, alert.now).await?;
        if escalation.is_empty() {
            tracing::error!(alert_id = %id, "urgent safety alert and no channel configured to tell on-call");
        }
    }
    tracing::warn!(alert_id = %id, episode_id = %episode_id, client_id = %alert.client, source = ?alert.source, urgent = urgent_now, channels = wanted.len(), "safety alert raised");
    let notice = if wanted.is_empty() && !on_call {
        Notice::NextOpen
    } else {
        Notice::Sending { on_call }
    };
    Ok(OpenedAlert { notice })
}

/// The alert a submission opened before, for its retry: links a refused submission's alert to
/// the record once stored, and says what was told then.
async fn replayed<C: ConnectionTrait>(
    db: &C,
    alert: &NewAlert,
    existing: safety_alert::Model,
) -> Result<OpenedAlert, DbErr> {
    // A refused submission that is later stored links its alert to the check-in.
    if existing.checkin_id.is_none() && alert.checkin.is_some() {
        safety_alert::Entity::update_many()
            .col_expr(safety_alert::Column::CheckinId, Expr::value(alert.checkin))
            .filter(safety_alert::Column::Id.eq(existing.id))
            .exec(db)
            .await?;
    }
    let own = alert_delivery::Entity::find()
        .filter(alert_delivery::Column::AlertId.eq(existing.id))
        .filter(alert_delivery::Column::Event.eq(DeliveryEvent::Created))
        .count(db)
        .await?
        > 0;
    let notice = if own {
        let on_call = alert_delivery::Entity::find()
            .filter(alert_delivery::Column::AlertId.eq(existing.id))
            .filter(alert_delivery::Column::Event.eq(DeliveryEvent::Escalated))
            .count(db)
            .await?
            > 0;
        Notice::Sending { on_call }
    } else if episode_notified(db, existing.episode_id).await? {
        Notice::AlreadySent
    } else {
        Notice::NextOpen
    };
    Ok(OpenedAlert { notice })
}

/// Opens the alert `alert` makes of the client's row for a refused submission of `client`
/// (any record with a safety signal), in a transaction of its own taken in turn with the
/// other writes. `None` when the client no longer exists.
///
/// # Errors
/// Database errors.
pub(crate) async fn open_refused(
    db: &sea_orm::DatabaseConnection,
    gate: &crate::group_commit::WriteGate,
    channels: Channels,
    client: ClientId,
    alert: impl FnOnce(&entities::client::Model) -> NewAlert,
) -> Result<Option<(OpenedAlert, entities::client::Model)>, DbErr> {
    let _turn = gate.enter().await;
    let txn = crate::db::begin_write(db).await?;
    // The client row's lock serialises this alert with the client's other signals (one
    // episode); the change number it takes is a gap the sync feed does not mind. Taken first,
    // it also makes the transaction SQLite's writer before it reads (a read that turns into a
    // write meanwhile would fail as busy).
    if crate::write::lock_client(&txn, client, 1).await?.is_none() {
        return Ok(None);
    }
    let Some(row) = entities::client::Entity::find_by_id(client)
        .one(&txn)
        .await?
    else {
        return Ok(None);
    };
    let opened = open_alert(&txn, channels, &alert(&row)).await?;
    txn.commit().await?;
    Ok(Some((opened, row)))
}

/// Whether any alert of the episode queued a notification to the therapist.
async fn episode_notified<C: ConnectionTrait>(db: &C, episode: AlertId) -> Result<bool, DbErr> {
    let alerts = sea_orm::sea_query::Query::select()
        .column(safety_alert::Column::Id)
        .from(safety_alert::Entity)
        .and_where(safety_alert::Column::EpisodeId.eq(episode))
        .to_owned();
    Ok(alert_delivery::Entity::find()
        .filter(alert_delivery::Column::AlertId.in_subquery(alerts))
        .filter(alert_delivery::Column::Event.eq(DeliveryEvent::Created))
        .count(db)
        .await?
        > 0)
}

/// The channels that tell on-call: e-mail (to the therapist's escalation address, else the
/// deployment's) and the webhook. Escalation has no push.
fn escalation_channels(channels: Channels) -> Vec<DeliveryChannel> {
    let mut wanted = Vec::new();
    if channels.email {
        wanted.push(DeliveryChannel::Email);
    }
    if channels.webhook {
        wanted.push(DeliveryChannel::Webhook);
    }
    wanted
}

async fn has_own_on_call<C: ConnectionTrait>(
    db: &C,
    therapist: TherapistId,
) -> Result<bool, DbErr> {
    Ok(therapist::Entity::find_by_id(therapist)
        .one(db)
        .await?
        .is_some_and(|t| t.escalation_email.is_some()))
}

async fn has_device<C: ConnectionTrait>(db: &C, therapist: TherapistId) -> Result<bool, DbErr> {
    Ok(therapist_device::Entity::find()
        .filter(therapist_device::Column::TherapistId.eq(therapist))
        .count(db)
        .await?
        > 0)
}

/// Queues one notification of `event` per channel (at most one each, ever).
async fn enqueue<C: ConnectionTrait>(
    db: &C,
    alert: AlertId,
    event: DeliveryEvent,
    channels: &[DeliveryChannel],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if channels.is_empty() {
        return Ok(());
    }
    let rows = channels.iter().map(|channel| alert_delivery::ActiveModel {
        id: Set(AlertDeliveryId::new()),
        alert_id: Set(alert),
        event: Set(event),
        channel: Set(*channel),
        status: Set(DeliveryStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(now),
        lease_owner: Set(None),
        lease_expires_at: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
    });
    alert_delivery::Entity::insert_many(rows)
        .on_conflict_do_nothing_on([
            alert_delivery::Column::AlertId,
            alert_delivery::Column::Event,
            alert_delivery::Column::Channel,
        ])
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Up to `limit + 1` alerts of `therapist`'s clients (erased ones included), newest first.
///
/// # Errors
/// Database errors.
pub async fn list_alerts<C: ConnectionTrait>(
    db: &C,
    therapist: TherapistId,
    filter: AlertFilter,
    after: Option<AlertId>,
    limit: u64,
) -> Result<Vec<safety_alert::Model>, RecordError> {
    let mut query =
        safety_alert::Entity::find().filter(safety_alert::Column::TherapistId.eq(therapist));
    query = match filter {
        AlertFilter::Open => query.filter(safety_alert::Column::AcknowledgedAt.is_null()),
        AlertFilter::Acknowledged => {
            query.filter(safety_alert::Column::AcknowledgedAt.is_not_null())
        }
        AlertFilter::All => query,
    };
    if let Some(after) = after {
        query = query.filter(safety_alert::Column::Id.lt(after));
    }
    Ok(query
        .order_by_desc(safety_alert::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?)
}

/// Open alerts of `therapist` whose client was erased (the dashboard lists them apart).
///
/// # Errors
/// Database errors.
pub async fn open_alerts_of_erased_clients<C: ConnectionTrait>(
    db: &C,
    therapist: TherapistId,
) -> Result<Vec<safety_alert::Model>, DbErr> {
    safety_alert::Entity::find()
        .filter(safety_alert::Column::TherapistId.eq(therapist))
        .filter(safety_alert::Column::AcknowledgedAt.is_null())
        .filter(safety_alert::Column::ClientErasedAt.is_not_null())
        .order_by_asc(safety_alert::Column::CreatedAt)
        .all(db)
        .await
}

/// Open alerts of one client, oldest first (the client page).
///
/// # Errors
/// Database errors.
pub async fn open_alerts_of_client<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
) -> Result<Vec<safety_alert::Model>, DbErr> {
    safety_alert::Entity::find()
        .filter(safety_alert::Column::ClientId.eq(client))
        .filter(safety_alert::Column::AcknowledgedAt.is_null())
        .order_by_asc(safety_alert::Column::CreatedAt)
        .all(db)
        .await
}

/// Acknowledges an alert of one of `therapist`'s clients, after checking it belongs to
/// `expected_client` when one is given (the web page's path), and with it every open alert of
/// its episode: each gets the same action, note, time and person. The first acknowledgement is
/// kept; one webhook per episode tells paging to stand down. The write comes first (a
/// conditional update), so concurrent acknowledgements never read-then-write: the loser
/// answers the winner's acknowledgement.
///
/// # Errors
/// `NotFound` for another therapist's or an unknown alert, or one of another client than
/// expected (nothing is written then); database errors.
pub async fn acknowledge(
    db: &DatabaseConnection,
    gate: &crate::group_commit::WriteGate,
    channels: Channels,
    therapist: TherapistId,
    ack: Acknowledgement,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<safety_alert::Model, RecordError> {
    let (alert, expected_client) = (ack.alert, ack.expected_client);
    let _turn = gate.enter().await;
    let txn = crate::db::begin_write(db).await?;
    // Write first: the episode of the caller's own alert (of the expected client), acknowledged
    // where still open. Reading first would start a read transaction that SQLite cannot turn
    // into a write while another connection writes.
    let mut episode = sea_orm::sea_query::Query::select()
        .column(safety_alert::Column::EpisodeId)
        .from(safety_alert::Entity)
        .and_where(safety_alert::Column::Id.eq(alert))
        .and_where(safety_alert::Column::TherapistId.eq(therapist))
        .to_owned();
    if let Some(client) = expected_client {
        episode.and_where(safety_alert::Column::ClientId.eq(client));
    }
    let changed = safety_alert::Entity::update_many()
        .col_expr(safety_alert::Column::AcknowledgedAt, Expr::value(now))
        .col_expr(safety_alert::Column::AcknowledgedBy, Expr::value(therapist))
        .col_expr(safety_alert::Column::Action, Expr::value(ack.action))
        .col_expr(safety_alert::Column::Note, Expr::value(ack.note))
        .filter(safety_alert::Column::EpisodeId.in_subquery(episode))
        .filter(safety_alert::Column::AcknowledgedAt.is_null())
        .exec(&txn)
        .await?;
    let found = safety_alert::Entity::find_by_id(alert)
        .filter(safety_alert::Column::TherapistId.eq(therapist))
        .one(&txn)
        .await?
        .filter(|row| expected_client.is_none_or(|c| row.client_id == c));
    let Some(found) = found else {
        drop(txn);
        let event = Event::about(Action::Denied, ObjectType::SafetyAlert, alert.uuid()).failed();
        audit::record(db, now, actor, event).await?;
        return Err(RecordError::NotFound);
    };
    if changed.rows_affected > 0 {
        let acknowledged = safety_alert::Entity::find()
            .filter(safety_alert::Column::EpisodeId.eq(found.episode_id))
            .filter(safety_alert::Column::AcknowledgedAt.eq(now))
            .filter(safety_alert::Column::AcknowledgedBy.eq(therapist))
            .all(&txn)
            .await?;
        let events: Vec<_> = acknowledged
            .iter()
            .map(|a| {
                let client = (a.client_erased_at.is_none()).then_some(a.client_id);
                let event = Event::of(
                    Action::Update,
                    ObjectType::SafetyAlert,
                    Some(a.id.uuid()),
                    client,
                );
                (now, actor, event)
            })
            .collect();
        audit::record_each(&txn, events).await?;
        if channels.webhook {
            enqueue(
                &txn,
                alert,
                DeliveryEvent::Acknowledged,
                &[DeliveryChannel::Webhook],
                now,
            )
            .await?;
        }
    }
    txn.commit().await?;
    Ok(found)
}

/// Escalates every episode unacknowledged for `after` since its first alert: once each, across
/// replicas (the update that sets `escalated_at` on the episode's open alerts is the claim), with
/// an e-mail to on-call and a webhook. An urgent episode was escalated when it became urgent.
///
/// # Errors
/// Database errors.
pub async fn escalate_due(
    db: &DatabaseConnection,
    channels: Channels,
    after: Duration,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let due = safety_alert::Entity::find()
        .select_only()
        .column(safety_alert::Column::EpisodeId)
        .distinct()
        .filter(safety_alert::Column::AcknowledgedAt.is_null())
        .filter(safety_alert::Column::EscalatedAt.is_null())
        .filter(safety_alert::Column::CreatedAt.lte(now - after))
        .limit(100)
        .into_tuple::<AlertId>()
        .all(db)
        .await?;
    let mut escalated = 0;
    for episode in due {
        let txn = crate::db::begin_write(db).await?;
        let claimed = safety_alert::Entity::update_many()
            .col_expr(safety_alert::Column::EscalatedAt, Expr::value(now))
            .filter(safety_alert::Column::EpisodeId.eq(episode))
            .filter(safety_alert::Column::EscalatedAt.is_null())
            .filter(safety_alert::Column::AcknowledgedAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected == 0 {
            continue;
        }
        // The episode's first alert carries its escalation (its id is the episode's).
        let wanted = escalation_channels(channels);
        enqueue(&txn, episode, DeliveryEvent::Escalated, &wanted, now).await?;
        txn.commit().await?;
        if wanted.is_empty() {
            tracing::error!(episode_id = %episode, "safety alert unacknowledged and no channel configured to escalate it");
        } else {
            tracing::warn!(episode_id = %episode, "safety alert escalated to on-call");
        }
        escalated += 1;
    }
    Ok(escalated)
}

/// What erasure leaves: each open alert of `client` stays as a minimal record (ids, times, kind,
/// urgency, item 9; no content, no screen, log or person) until it is acknowledged; acknowledged ones go with the client.
///
/// # Errors
/// Database errors.
pub async fn keep_open_alerts_through_erasure<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    safety_alert::Entity::delete_many()
        .filter(safety_alert::Column::ClientId.eq(client))
        .filter(safety_alert::Column::AcknowledgedAt.is_not_null())
        .exec(db)
        .await?;
    safety_alert::Entity::update_many()
        .col_expr(
            safety_alert::Column::CheckinId,
            Expr::value(Option::<CheckinId>::None),
        )
        .col_expr(
            safety_alert::Column::Phq9Total,
            Expr::value(Option::<i32>::None),
        )
        .col_expr(
            safety_alert::Column::RecordedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            safety_alert::Column::Timezone,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            safety_alert::Column::RiskScreenId,
            Expr::value(Option::<RiskScreenId>::None),
        )
        .col_expr(
            safety_alert::Column::ExerciseLogId,
            Expr::value(Option::<ExerciseLogId>::None),
        )
        .col_expr(
            safety_alert::Column::RelationshipId,
            Expr::value(Option::<RelationshipId>::None),
        )
        .col_expr(safety_alert::Column::ClientErasedAt, Expr::value(now))
        .filter(safety_alert::Column::ClientId.eq(client))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes the minimal records of erased clients once acknowledged and their notifications
/// are done (the erasure then is complete).
///
/// # Errors
/// Database errors.
pub async fn purge_acknowledged_erased<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    let open = sea_orm::sea_query::Query::select()
        .column(alert_delivery::Column::AlertId)
        .from(alert_delivery::Entity)
        .and_where(
            alert_delivery::Column::Status
                .is_in([DeliveryStatus::Pending, DeliveryStatus::Retrying]),
        )
        .to_owned();
    Ok(safety_alert::Entity::delete_many()
        .filter(safety_alert::Column::ClientErasedAt.is_not_null())
        .filter(safety_alert::Column::AcknowledgedAt.is_not_null())
        .filter(safety_alert::Column::Id.not_in_subquery(open))
        .exec(db)
        .await?
        .rows_affected)
}

/// Reads `therapist`'s contacts.
///
/// # Errors
/// `Unauthorized` when the account is gone; database errors.
pub async fn contacts<C: ConnectionTrait>(
    db: &C,
    therapist: TherapistId,
) -> Result<SafetyContacts, RecordError> {
    let row = therapist::Entity::find_by_id(therapist)
        .one(db)
        .await?
        .ok_or(RecordError::AccountGone)?;
    Ok(SafetyContacts {
        escalation_email: row.escalation_email,
        phone: row.contact_phone,
    })
}

/// Replaces `therapist`'s contacts.
///
/// # Errors
/// Database errors.
pub async fn set_contacts(
    db: &DatabaseConnection,
    therapist: TherapistId,
    contacts: SafetyContacts,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<SafetyContacts, RecordError> {
    let txn = crate::db::begin_write(db).await?;
    audit::record(
        &txn,
        now,
        actor,
        Event::about(Action::Update, ObjectType::SafetyContacts, therapist.uuid()),
    )
    .await?;
    therapist::Entity::update_many()
        .col_expr(
            therapist::Column::EscalationEmail,
            Expr::value(contacts.escalation_email.clone()),
        )
        .col_expr(
            therapist::Column::ContactPhone,
            Expr::value(contacts.phone.clone()),
        )
        .filter(therapist::Column::Id.eq(therapist))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(contacts)
}
