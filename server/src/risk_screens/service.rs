//! Storing and scoring risk screens, and the alert a positive one opens in the same transaction.

use super::model::{NewRiskScreen, RefusedScreen, StoredScreen};
use crate::audit::{Action, Actor, ObjectType};
use crate::error::Reason;
use crate::safety::model::OpenedAlert;
use crate::safety::model::{Channels, NewAlert};
use crate::safety::service::open_alert;
use crate::write::{ClientWrite, RecordError, Written};
use chrono::{DateTime, Utc};
use entities::risk_screen::RiskScreenId;
use entities::risk_screen::{self, Instrument};
use entities::safety_alert::{AlertKind, AlertSource, Urgency};
use entities::{AlertId, ClientId, checkin, client, safety_alert};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// Stores `client`'s screen once (idempotent by id) and, when positive, opens its alert in the
/// same transaction.
///
/// # Errors
/// `Conflict` when the id holds another screen; `Invalid` for a check-in that is not this
/// client's; `NotFound` for a client gone; database errors.
pub async fn create(
    db: &DatabaseConnection,
    channels: Channels,
    client: ClientId,
    now: DateTime<Utc>,
    new: NewRiskScreen,
    actor: Actor,
) -> Result<Written<StoredScreen>, RecordError> {
    let write = ClientWrite::begin(db, client, now, actor).await?;
    let owner = client::Entity::find_by_id(client)
        .one(write.txn())
        .await?
        .ok_or(RecordError::NotFound)?;
    if let Some(existing) = risk_screen::Entity::find_by_id(new.id)
        .one(write.txn())
        .await?
    {
        if existing.client_id != client || !new.matches(&existing) {
            return Err(RecordError::Conflict(Reason::RiskScreenIdTaken));
        }
        // The retry of a positive screen answers what the first answer said.
        // Its alert was opened with it: this only reads what the first answer said.
        let alert = open_for(write.txn(), channels, &owner, &existing, &new, now).await?;
        drop(write);
        return Ok(Written::Replayed(StoredScreen {
            row: existing,
            alert,
        }));
    }
    if let Some(checkin) = new.checkin {
        let own = checkin::Entity::find_by_id(checkin)
            .filter(checkin::Column::ClientId.eq(client))
            .one(write.txn())
            .await?
            .is_some();
        if !own {
            return Err(RecordError::Invalid {
                field: "checkin_id".into(),
                message: "is not a check-in of this client",
            });
        }
    }
    let [q1, q2, q3, q4] = new.answers.first_four;
    let row = risk_screen::Model {
        id: new.id,
        client_id: client,
        checkin_id: new.checkin,
        instrument: Instrument::Asq,
        q1,
        q2,
        q3,
        q4,
        q5: new.answers.q5,
        outcome: new.answers.outcome(),
        recorded_at: new.recorded_at,
        created_at: now,
        change_seq: write.seq(),
    };
    let inserted = risk_screen::Entity::insert(row.clone().into_active_model())
        .on_conflict_do_nothing()
        .exec_without_returning(write.txn())
        .await?;
    if !matches!(inserted, sea_orm::TryInsertResult::Inserted(_)) {
        return Err(RecordError::Conflict(Reason::RiskScreenIdTaken));
    }
    let alert = open_for(write.txn(), channels, &owner, &row, &new, now).await?;
    write
        .commit(
            Action::Create,
            ObjectType::RiskScreen,
            Some(new.id.uuid()),
            crate::write::Reminders::Unaffected,
        )
        .await?;
    Ok(Written::Created(StoredScreen { row, alert }))
}

async fn open_for<C: ConnectionTrait>(
    db: &C,
    channels: Channels,
    owner: &client::Model,
    row: &risk_screen::Model,
    new: &NewRiskScreen,
    now: DateTime<Utc>,
) -> Result<Option<OpenedAlert>, DbErr> {
    let Some((kind, urgency)) = new.answers.alert() else {
        return Ok(None);
    };
    let alert = NewAlert {
        client: owner.id,
        therapist: owner.therapist_id,
        kind,
        urgency,
        checkin: None,
        dedupe_key: row.id.uuid(),
        source: AlertSource::RiskScreen,
        item9: None,
        risk_screen: Some(row.id),
        exercise_log: None,
        relationship: None,
        phq9_total: None,
        recorded_at: Some(row.recorded_at),
        timezone: owner.timezone,
        now,
    };
    open_alert(db, channels, &alert).await.map(Some)
}

/// Opens the alert of a refused screen (its id holds another screen, or a field was wrong)
/// whose answers themselves are positive: a signal that reached the server is never dropped.
/// `None` when the client is gone or the answers open no alert.
///
/// # Errors
/// Database errors.
pub async fn open_refused_alert(
    db: &DatabaseConnection,
    gate: &crate::group_commit::WriteGate,
    channels: Channels,
    client: ClientId,
    refused: &RefusedScreen,
    now: DateTime<Utc>,
) -> Result<Option<OpenedAlert>, DbErr> {
    let Some((kind, urgency)) = refused.alert else {
        return Ok(None);
    };
    let opened =
        crate::safety::service::open_refused(db, gate, channels, client, |owner| NewAlert {
            client,
            therapist: owner.therapist_id,
            kind,
            urgency,
            checkin: None,
            dedupe_key: refused.dedupe_key,
            source: AlertSource::RefusedSubmission,
            item9: None,
            risk_screen: None,
            exercise_log: None,
            relationship: None,
            phq9_total: None,
            recorded_at: None,
            timezone: owner.timezone,
            now,
        })
        .await?;
    Ok(opened.map(|(alert, _)| alert))
}

/// Reads the answers of a refused body: a signal when `answers.q1`–`q4` are booleans with a
/// yes among them (a yes to `q5` makes it acute), whatever else was wrong.
#[must_use]
pub fn refused_signal(raw: &[u8]) -> Option<RefusedScreen> {
    let body: serde_json::Value = serde_json::from_slice(raw).ok()?;
    let answers = body.get("answers")?;
    let yes = |key: &str| answers.get(key).and_then(serde_json::Value::as_bool);
    let first_four = [yes("q1")?, yes("q2")?, yes("q3")?, yes("q4")?];
    if !first_four.contains(&true) {
        return None;
    }
    let alert = if yes("q5") == Some(true) {
        (AlertKind::AcuteRisk, Urgency::Urgent)
    } else {
        (AlertKind::AsqPositive, Urgency::Normal)
    };
    let dedupe_key = body
        .get("id")
        .and_then(serde_json::Value::as_str)
        .and_then(|id| id.parse::<uuid::Uuid>().ok())
        .unwrap_or_else(|| uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, raw));
    Some(RefusedScreen {
        alert: Some(alert),
        dedupe_key,
    })
}

/// Up to `limit + 1` screens of `client`, newest first.
///
/// # Errors
/// Database errors.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    after: Option<(DateTime<Utc>, RiskScreenId)>,
    limit: u64,
) -> Result<Vec<risk_screen::Model>, DbErr> {
    let query = risk_screen::Entity::find().filter(risk_screen::Column::ClientId.eq(client));
    let order = (risk_screen::Column::RecordedAt, risk_screen::Column::Id);
    crate::pagination::newest_first(db, query, order, after, limit).await
}

/// For each alert, the newest screen of its client since its episode began (the screen that
/// opened it, or one answered after its signal).
///
/// # Errors
/// Database errors.
pub async fn for_alerts<C: ConnectionTrait>(
    db: &C,
    alerts: &[safety_alert::Model],
) -> Result<HashMap<AlertId, risk_screen::Model>, DbErr> {
    let live: Vec<&safety_alert::Model> = alerts
        .iter()
        .filter(|a| a.client_erased_at.is_none())
        .collect();
    if live.is_empty() {
        return Ok(HashMap::new());
    }
    let episodes: Vec<AlertId> = live.iter().map(|a| a.episode_id).collect();
    let mut began: HashMap<AlertId, DateTime<Utc>> = HashMap::new();
    for (episode, at) in safety_alert::Entity::find()
        .select_only()
        .columns([
            safety_alert::Column::EpisodeId,
            safety_alert::Column::CreatedAt,
        ])
        .filter(safety_alert::Column::EpisodeId.is_in(episodes))
        .into_tuple::<(AlertId, DateTime<Utc>)>()
        .all(db)
        .await?
    {
        began
            .entry(episode)
            .and_modify(|b| *b = (*b).min(at))
            .or_insert(at);
    }
    let clients: Vec<ClientId> = live.iter().map(|a| a.client_id).collect();
    let earliest = began.values().min().copied().unwrap_or_default();
    let screens = risk_screen::Entity::find()
        .filter(risk_screen::Column::ClientId.is_in(clients))
        .filter(risk_screen::Column::CreatedAt.gte(earliest))
        .order_by_desc(risk_screen::Column::CreatedAt)
        .order_by_desc(risk_screen::Column::ChangeSeq)
        .all(db)
        .await?;
    Ok(live
        .iter()
        .filter_map(|a| {
            let since = began.get(&a.episode_id).copied().unwrap_or(a.created_at);
            screens
                .iter()
                .find(|s| s.client_id == a.client_id && s.created_at >= since)
                .map(|s| (a.id, s.clone()))
        })
        .collect())
}
