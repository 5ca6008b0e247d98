//! Claiming rows of an outbox under an expiring lease: the reminder outbox and the safety-alert
//! notification outbox share it. A claim is one statement (`FOR UPDATE SKIP LOCKED` on
//! PostgreSQL, so that replicas skip each other's rows instead of waiting; SQLite has a single
//! writer); a dispatcher that dies leaves its lease to expire, and another takes the row over.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, LockBehavior, LockType, Order, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    Value,
};

/// An outbox table whose rows are claimed under a lease.
pub trait Leased: EntityTrait {
    const ID: Self::Column;
    const STATUS: Self::Column;
    const NEXT_ATTEMPT_AT: Self::Column;
    const LEASE_OWNER: Self::Column;
    const LEASE_EXPIRES_AT: Self::Column;
    /// The statuses of rows still to be sent.
    fn open_statuses() -> Vec<Value>;
}

/// Claims up to `batch` rows due at `now` for `owner`, oldest due first.
///
/// # Errors
/// Database errors.
pub async fn claim<E, C>(
    db: &C,
    owner: &str,
    now: DateTime<Utc>,
    lease: Duration,
    batch: u64,
) -> Result<Vec<E::Model>, DbErr>
where
    E: Leased,
    E::Model: FromQueryResult + Send + Sync,
    C: ConnectionTrait,
{
    let mut due = Query::select();
    due.column(E::ID)
        .from(E::default().table_ref())
        .cond_where(
            Condition::all()
                .add(E::STATUS.is_in(E::open_statuses()))
                .add(E::NEXT_ATTEMPT_AT.lte(now))
                .add(
                    Condition::any()
                        .add(E::LEASE_EXPIRES_AT.is_null())
                        .add(E::LEASE_EXPIRES_AT.lt(now)),
                ),
        )
        .order_by(E::NEXT_ATTEMPT_AT, Order::Asc)
        .limit(batch);
    if db.get_database_backend() == DbBackend::Postgres {
        due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    E::update_many()
        .col_expr(E::LEASE_OWNER, Expr::value(owner.to_owned()))
        .col_expr(E::LEASE_EXPIRES_AT, Expr::value(now + lease))
        .filter(Expr::col(E::ID).in_subquery(due))
        .exec_with_returning(db)
        .await
}

/// The wait before attempt `attempt + 1` of a row whose attempt `attempt` failed: `first`, then
/// twice as long each time, at most `max`.
#[must_use]
pub fn backoff(first: Duration, max: Duration, attempt: i32) -> Duration {
    let doublings = u32::try_from((attempt - 1).clamp(0, 10)).unwrap_or(0);
    (first * 2_i32.pow(doublings)).min(max)
}
