//! Whether a phone's sign-in still lives. A client's sign-in lasts as long as its newest refresh
//! token: each refresh hands out one with the whole [`super::REFRESH_TOKEN_TTL`], so a phone
//! that opens the app stays signed in, and one left unopened lapses. A lapsed phone is told
//! nothing more (its reminders stop), so it is told once, days before, to open the app.

use chrono::{DateTime, Utc};
use entities::auth_session::SessionRole;
use entities::auth_token::TokenKind;
use entities::{ClientId, SessionId, auth_session, auth_token};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

/// Until when each of `sessions` stays signed in: the expiry of its newest unused refresh
/// token. A session missing from the answer has lapsed (or ended).
///
/// # Errors
/// Database errors.
pub async fn live_until<C: ConnectionTrait>(
    db: &C,
    sessions: &[SessionId],
    now: DateTime<Utc>,
) -> Result<HashMap<SessionId, DateTime<Utc>>, DbErr> {
    let mut live: HashMap<SessionId, DateTime<Utc>> = HashMap::new();
    for chunk in sessions.chunks(500) {
        let rows: Vec<(SessionId, DateTime<Utc>)> = auth_token::Entity::find()
            .select_only()
            .column(auth_token::Column::SessionId)
            .column(auth_token::Column::ExpiresAt)
            .filter(auth_token::Column::SessionId.is_in(chunk.to_vec()))
            .filter(auth_token::Column::Kind.eq(TokenKind::Refresh))
            .filter(auth_token::Column::UsedAt.is_null())
            .filter(auth_token::Column::ExpiresAt.gt(now))
            .into_tuple()
            .all(db)
            .await?;
        for (session, expires) in rows {
            let entry = live.entry(session).or_insert(expires);
            *entry = (*entry).max(expires);
        }
    }
    Ok(live)
}

/// A client's sign-in that lapses within the window asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lapsing {
    pub session: SessionId,
    pub client: ClientId,
    /// When it lapses unless the phone refreshes first.
    pub lapses_at: DateTime<Utc>,
}

/// The clients' sign-ins (not ended) whose newest refresh token expires after `now` and no
/// later than `until`. A session whose token was just rotated has an unused successor
/// expiring much later, so it is not among them.
///
/// # Errors
/// Database errors.
pub async fn lapsing<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<Lapsing>, DbErr> {
    let candidates: Vec<(SessionId, DateTime<Utc>)> = auth_token::Entity::find()
        .select_only()
        .column(auth_token::Column::SessionId)
        .column(auth_token::Column::ExpiresAt)
        .filter(auth_token::Column::Kind.eq(TokenKind::Refresh))
        .filter(auth_token::Column::UsedAt.is_null())
        .filter(auth_token::Column::ExpiresAt.gt(now))
        .filter(auth_token::Column::ExpiresAt.lte(until))
        .into_tuple()
        .all(db)
        .await?;
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<SessionId> = candidates.iter().map(|(s, _)| *s).collect();
    // A session with a second, later token (retried rotation) is not lapsing.
    let newest = live_until(db, &ids, now).await?;
    let mut clients: HashMap<SessionId, ClientId> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(SessionId, Option<ClientId>)> = auth_session::Entity::find()
            .select_only()
            .column(auth_session::Column::Id)
            .column(auth_session::Column::ClientId)
            .filter(auth_session::Column::Id.is_in(chunk.to_vec()))
            .filter(auth_session::Column::Role.eq(SessionRole::Client))
            .filter(auth_session::Column::RevokedAt.is_null())
            .into_tuple()
            .all(db)
            .await?;
        clients.extend(rows.into_iter().filter_map(|(s, c)| Some((s, c?))));
    }
    let mut found: Vec<Lapsing> = newest
        .into_iter()
        .filter(|(_, lapses_at)| *lapses_at <= until)
        .filter_map(|(session, lapses_at)| {
            Some(Lapsing {
                session,
                client: *clients.get(&session)?,
                lapses_at,
            })
        })
        .collect();
    found.sort_by_key(|l| (l.lapses_at, l.session));
    Ok(found)
}
