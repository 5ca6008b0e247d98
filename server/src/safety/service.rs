//! Safety alerts: opening one (with its notifications, in the caller's transaction), listing,
//! acknowledging, escalating, and what erasure leaves of them.

use crate::audit::{self, Action, Actor, Event, ObjectType};
use crate::domain::Timezone;
use crate::write::RecordError;
use chrono::{DateTime, Duration, Utc};
use entities::alert_delivery::{DeliveryChannel, DeliveryEvent, DeliveryStatus};
use entities::safety_alert::{AlertAction, AlertKind, AlertSource, Urgency};
use entities::{
    AlertDeliveryId, AlertId, CheckinId, ClientId, ExerciseLogId, RelationshipId, RiskScreenId,
    TherapistId, alert_delivery, safety_alert, therapist, therapist_device,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait, TryInsertResult,
};
use uuid::Uuid;

/// Which notification channels this deployment has configured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Channels {
    pub email: bool,
    pub webhook: bool,
    /// FCM credentials exist; a push goes only to a therapist with a registered phone.
    pub push: bool,
}

/// A safety signal to record.
#[derive(Debug, Clone)]
pub struct NewAlert {
    pub client: ClientId,
    pub therapist: TherapistId,
    pub kind: AlertKind,
    /// `Urgent` tells on-call at once (an acute positive screen).
    pub urgency: Urgency,
    /// The stored check-in (none for a refused submission).
    pub checkin: Option<CheckinId>,
    /// The submitted record's id (check-in, screen, exercise log), or a hash of a body without
    /// one: one alert per submission.
    pub dedupe_key: Uuid,
    pub source: AlertSource,
    /// The PHQ-9 item-9 answer, when a PHQ-9 raised the signal and item 9 was answered.
    pub item9: Option<u8>,
    /// The ASQ screen that raised the signal.
    pub risk_screen: Option<RiskScreenId>,
    /// The exercise log whose danger question raised the signal, and the person it named.
    pub exercise_log: Option<ExerciseLogId>,
    pub relationship: Option<RelationshipId>,
    pub phq9_total: Option<i32>,
    pub recorded_at: Option<DateTime<Utc>>,
    pub timezone: Timezone,
    pub now: DateTime<Utc>,
}

/// An alert as a signal left it.
#[derive(Debug, Clone, Copy)]
pub struct OpenedAlert {
    /// At least one notification to the therapist is on its way (or went).
    pub notifying: bool,
}

/// Records `alert` unless its submission already has one, with a notification per configured
/// channel, in `db`'s transaction, so that an alert and its notifications commit together.
///
/// # Errors
/// Database errors.
pub async fn open_alert<C: ConnectionTrait>(
    db: &C,
    channels: Channels,
    alert: &NewAlert,
) -> Result<OpenedAlert, DbErr> {
    let id = AlertId::new();
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
        escalated_at: Set(None),
        acknowledged_at: Set(None),
        acknowledged_by: Set(None),
        action: Set(None),
        note: Set(None),
        client_erased_at: Set(None),
        episode_id: Set(id),
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
        let existing = safety_alert::Entity::find()
            .filter(safety_alert::Column::ClientId.eq(alert.client))
            .filter(safety_alert::Column::DedupeKey.eq(alert.dedupe_key))
            .one(db)
            .await?
            .ok_or_else(|| DbErr::RecordNotFound("the alert of a submission".into()))?;
        // A refused submission that is later stored links its alert to the check-in.
        if existing.checkin_id.is_none() && alert.checkin.is_some() {
            safety_alert::Entity::update_many()
                .col_expr(safety_alert::Column::CheckinId, Expr::value(alert.checkin))
                .filter(safety_alert::Column::Id.eq(existing.id))
                .exec(db)
                .await?;
        }
        let notifying = alert_delivery::Entity::find()
            .filter(alert_delivery::Column::AlertId.eq(existing.id))
            .filter(alert_delivery::Column::Event.eq(DeliveryEvent::Created))
            .count(db)
            .await?
            > 0;
        return Ok(OpenedAlert { notifying });
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
    let notifying = !wanted.is_empty();
    enqueue(db, id, DeliveryEvent::Created, &wanted, alert.now).await?;
    tracing::warn!(alert_id = %id, client_id = %alert.client, source = ?alert.source, channels = wanted.len(), "safety alert raised");
    Ok(OpenedAlert { notifying })
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

/// Which alerts to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AlertFilter {
    #[default]
    Open,
    Acknowledged,
    All,
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

/// An acknowledgement: what the therapist did, about which alert.
#[derive(Debug, Clone)]
pub struct Acknowledgement {
    pub alert: AlertId,
    /// The client the caller expects the alert to be about (the web page's path); nothing is
    /// written when it is another's.
    pub expected_client: Option<ClientId>,
    pub action: AlertAction,
    pub note: Option<String>,
}

/// Acknowledges an alert of one of `therapist`'s clients, after checking it belongs to
/// `expected_client` when one is given (the web page's path). The first acknowledgement is
/// kept; a webhook tells paging to stand down.
///
/// # Errors
/// `NotFound` for another therapist's or an unknown alert, or one of another client than
/// expected (nothing is written then); database errors.
pub async fn acknowledge(
    db: &DatabaseConnection,
    channels: Channels,
    therapist: TherapistId,
    ack: Acknowledgement,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<safety_alert::Model, RecordError> {
    let (alert, expected_client) = (ack.alert, ack.expected_client);
    let txn = db.begin().await?;
    let found = safety_alert::Entity::find_by_id(alert)
        .filter(safety_alert::Column::TherapistId.eq(therapist))
        .one(&txn)
        .await?
        .filter(|row| expected_client.is_none_or(|c| row.client_id == c));
    let Some(found) = found else {
        drop(txn);
        let event = Event::of(
            Action::Denied,
            ObjectType::SafetyAlert,
            Some(alert.uuid()),
            None,
        )
        .failed();
        audit::record(db, now, actor, event).await?;
        return Err(RecordError::NotFound);
    };
    let changed = safety_alert::Entity::update_many()
        .col_expr(safety_alert::Column::AcknowledgedAt, Expr::value(now))
        .col_expr(safety_alert::Column::AcknowledgedBy, Expr::value(therapist))
        .col_expr(safety_alert::Column::Action, Expr::value(ack.action))
        .col_expr(safety_alert::Column::Note, Expr::value(ack.note))
        .filter(safety_alert::Column::Id.eq(alert))
        .filter(safety_alert::Column::AcknowledgedAt.is_null())
        .exec(&txn)
        .await?;
    if changed.rows_affected > 0 {
        let client = (found.client_erased_at.is_none()).then_some(found.client_id);
        let event = Event::of(
            Action::Update,
            ObjectType::SafetyAlert,
            Some(alert.uuid()),
            client,
        );
        audit::record(&txn, now, actor, event).await?;
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
    let row = safety_alert::Entity::find_by_id(alert)
        .one(&txn)
        .await?
        .ok_or(RecordError::NotFound)?;
    txn.commit().await?;
    Ok(row)
}

/// Escalates every alert unacknowledged for `after`: once each, across replicas (the update
/// that sets `escalated_at` is the claim), with an e-mail to on-call and a webhook.
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
        .column(safety_alert::Column::Id)
        .filter(safety_alert::Column::AcknowledgedAt.is_null())
        .filter(safety_alert::Column::EscalatedAt.is_null())
        .filter(safety_alert::Column::CreatedAt.lte(now - after))
        .limit(100)
        .into_tuple::<AlertId>()
        .all(db)
        .await?;
    let mut escalated = 0;
    for id in due {
        let txn = db.begin().await?;
        let claimed = safety_alert::Entity::update_many()
            .col_expr(safety_alert::Column::EscalatedAt, Expr::value(now))
            .filter(safety_alert::Column::Id.eq(id))
            .filter(safety_alert::Column::EscalatedAt.is_null())
            .filter(safety_alert::Column::AcknowledgedAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected == 0 {
            continue;
        }
        let mut wanted = Vec::new();
        if channels.email {
            wanted.push(DeliveryChannel::Email);
        }
        if channels.webhook {
            wanted.push(DeliveryChannel::Webhook);
        }
        enqueue(&txn, id, DeliveryEvent::Escalated, &wanted, now).await?;
        txn.commit().await?;
        if wanted.is_empty() {
            tracing::error!(alert_id = %id, "safety alert unacknowledged and no channel configured to escalate it");
        } else {
            tracing::warn!(alert_id = %id, "safety alert escalated to on-call");
        }
        escalated += 1;
    }
    Ok(escalated)
}

/// What erasure leaves: each open alert of `client` stays as a minimal record (ids, times,
/// item 9; no content) until it is acknowledged; acknowledged ones go with the client.
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

/// A therapist's escalation contacts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafetyContacts {
    pub escalation_email: Option<String>,
    pub phone: Option<String>,
}

/// Reads `therapist`'s contacts.
///
/// # Errors
/// `Unauthorized` when the account is gone; database errors.
pub async fn safety_contacts<C: ConnectionTrait>(
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
pub async fn set_safety_contacts(
    db: &DatabaseConnection,
    therapist: TherapistId,
    contacts: SafetyContacts,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<SafetyContacts, RecordError> {
    let txn = db.begin().await?;
    audit::record(
        &txn,
        now,
        actor,
        Event::of(
            Action::Update,
            ObjectType::SafetyContacts,
            Some(therapist.uuid()),
            None,
        ),
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

/// What `client` sees at once after a safety signal, in `lang`: their region's resources,
/// whether a message to the therapist is on its way (`notifying`), and whether a safety plan
/// exists.
///
/// # Errors
/// Database errors.
pub async fn crisis_after_signal<C: ConnectionTrait>(
    db: &C,
    catalog: &super::crisis::CrisisCatalog,
    client: ClientId,
    notifying: bool,
    lang: &crate::i18n::Lang,
) -> Result<super::crisis::CrisisResources, DbErr> {
    let region = entities::client::Entity::find_by_id(client)
        .one(db)
        .await?
        .and_then(|c| c.region);
    let has_plan = crate::safety_plan::service::exists(db, client).await?;
    Ok(catalog.after_signal(region.as_deref(), lang, notifying, has_plan))
}
