//! `GET /api/v1/clients/{client_id}/changes?since=`: everything of a client written after a
//! cursor, in the order it was written, with deletions as tombstones. Replaying from any cursor
//! any number of times converges on the server's state, because each change carries the whole
//! record and later changes of a record come after earlier ones.

use super::cursor::{self, Since};
use super::dto::ChangesResponse;
use crate::error::ApiError;
use crate::records::feed::Change;
use entities::{ClientId, client};
use sea_orm::{ConnectionTrait, DbErr};

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
    // (The kinds of one row each, such as the client's own record, its settings and its
    // documents, give at most that row.)
    let mut all = crate::records::changes_since(db, client, since, limit + 1).await?;
    // Stable: changes under one number keep the order of the registry's list.
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
