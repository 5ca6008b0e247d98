//! The dispatcher: claims due occurrences under an expiring lease, sends them, records the
//! outcome. Any number of dispatchers (replicas) may run on one database: a claim is one
//! statement (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite has a single writer), and an
//! outcome is written only by the lease holder. A dispatcher that dies mid-send leaves its
//! lease to expire; another one sends again, and the phone collapses the copy by its id.

use super::kind::{GraceWindows, PushTexts, ReminderKind};
use crate::documents::Mention;
use crate::group_commit::WriteGate;
use crate::i18n::Lang;
use crate::observability::Metrics;
use crate::push::{PushGateway, PushMessage, SendOutcome};
use chrono::{DateTime, Duration, Utc};
use entities::outbox::OutboxStatus;
use entities::{ClientId, SessionId, device, outbox};
use futures_util::StreamExt;
use rand::Rng;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Value,
};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Attempts before a reminder that keeps failing is given up.
pub const MAX_ATTEMPTS: i32 = 6;
/// The first retry waits at least this long (FCM asks for ≥ 10 s).
pub const FIRST_RETRY: Duration = Duration::seconds(10);
/// No retry waits longer than this, unless FCM's `Retry-After` asks for more (then up to four
/// times this).
pub const MAX_RETRY_WAIT: Duration = Duration::minutes(15);

impl crate::lease::Leased for outbox::Entity {
    const ID: outbox::Column = outbox::Column::Id;
    const STATUS: outbox::Column = outbox::Column::Status;
    const NEXT_ATTEMPT_AT: outbox::Column = outbox::Column::NextAttemptAt;
    const LEASE_OWNER: outbox::Column = outbox::Column::LeaseOwner;
    const LEASE_EXPIRES_AT: outbox::Column = outbox::Column::LeaseExpiresAt;
    fn open_statuses() -> Vec<Value> {
        vec![OutboxStatus::Pending.into(), OutboxStatus::Retrying.into()]
    }
}

/// Sends due reminders.
pub struct Dispatcher {
    /// Names this dispatcher in leases (unique per process).
    pub owner: String,
    /// How long a claimed reminder stays this dispatcher's before another may take it over.
    pub lease: Duration,
    /// Most reminders claimed in one round.
    pub batch: u64,
    /// How late each kind may still be sent; later it is `missed`.
    pub grace: GraceWindows,
    /// Title and body of the pushes, by kind.
    pub texts: PushTexts,
    /// Sends the pushes (FCM, or nothing when push is disabled).
    pub push: Arc<dyn PushGateway>,
    /// Counters of pushes by kind and outcome, and the delay from due time to sending.
    pub metrics: Arc<Metrics>,
    /// SQLite's one writer, shared with the other writers of this process.
    pub gate: WriteGate,
}

/// What one dispatch round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DispatchReport {
    /// Reminders claimed for sending.
    pub claimed: usize,
    /// Reminders FCM accepted for at least one device.
    pub sent: usize,
    /// Reminders not accepted and to be tried again later.
    pub retrying: usize,
    /// Reminders given up.
    pub failed: usize,
    /// Reminders not sent: push is disabled or the client has no device.
    pub skipped: usize,
    /// Reminders claimed after their grace window had passed.
    pub missed: usize,
}

/// One reminder's send, waiting to be recorded.
struct Delivery {
    row: outbox::Model,
    kind: ReminderKind,
    finish: Finish,
    /// Devices whose tokens FCM rejected as no longer valid.
    rejected: Vec<device::Model>,
}

enum Finish {
    Sent,
    Retry { wait: Duration, code: String },
    Failed(String),
    Skipped(&'static str),
    Missed,
}

/// The wait before attempt `attempt + 1`: exponential from 10 s with jitter, at least what the
/// server asked for, capped.
#[must_use]
pub fn backoff(attempt: i32, retry_after: Option<std::time::Duration>) -> Duration {
    let doublings = Ord::min(u32::try_from(Ord::max(attempt, 1) - 1).unwrap_or(0), 10);
    let exp = FIRST_RETRY * 2_i32.pow(doublings);
    let base = exp.min(MAX_RETRY_WAIT);
    let jitter_ms = rand::thread_rng().gen_range(0..=base.num_milliseconds() / 2);
    let with_jitter = (base + Duration::milliseconds(jitter_ms)).min(MAX_RETRY_WAIT);
    let asked = retry_after
        .and_then(|d| Duration::from_std(d).ok())
        .unwrap_or(Duration::zero());
    with_jitter.max(asked.min(MAX_RETRY_WAIT * 4))
}

/// The devices a reminder goes to: the client's phones whose sign-in lives (or that were
/// registered without one); for a "stay connected" notice only the phone of the sign-in it is
/// about, and none once that phone refreshed.
fn reachable(
    row: &outbox::Model,
    devices: &[device::Model],
    live: &HashMap<SessionId, DateTime<Utc>>,
) -> Vec<device::Model> {
    let kind = ReminderKind::from(row.kind);
    devices
        .iter()
        .filter(|d| match (kind, d.session_id) {
            (ReminderKind::StayConnected, Some(session)) => {
                Some(session.uuid()) == row.ref_id
                    && live
                        .get(&session)
                        .is_some_and(|until| super::lapse::still_lapsing(*until, row.scheduled_for))
            }
            (ReminderKind::StayConnected, None) => false,
            (_, Some(session)) => live.contains_key(&session),
            (_, None) => true,
        })
        .cloned()
        .collect()
}

impl Dispatcher {
    /// Claims up to `batch` due occurrences for this dispatcher.
    ///
    /// # Errors
    /// Database errors.
    pub async fn claim(
        &self,
        db: &DatabaseConnection,
        now: DateTime<Utc>,
    ) -> Result<Vec<outbox::Model>, DbErr> {
        crate::lease::claim::<outbox::Entity, _>(db, &self.owner, now, self.lease, self.batch).await
    }

    /// Claims, sends and records one batch. Devices are read for the whole batch at once and
    /// the outcomes are stored in one transaction, so a batch costs one commit, not one per
    /// reminder.
    ///
    /// # Errors
    /// Database errors while claiming or recording (a lease not recorded expires, and the
    /// reminder is sent again, collapsed on the phone by its id).
    pub async fn dispatch_due(
        &self,
        db: &DatabaseConnection,
        now: DateTime<Utc>,
    ) -> Result<DispatchReport, DbErr> {
        let claimed = {
            let _turn = self.gate.enter().await;
            self.claim(db, now).await?
        };
        let mut report = DispatchReport {
            claimed: claimed.len(),
            ..DispatchReport::default()
        };
        if claimed.is_empty() {
            return Ok(report);
        }
        let mut clients: Vec<ClientId> = claimed.iter().map(|r| r.client_id).collect();
        clients.sort_unstable();
        clients.dedup();
        let mut devices: HashMap<ClientId, Vec<device::Model>> = HashMap::new();
        for chunk in clients.chunks(500) {
            // A phone that reports no language gets the one its client set.
            let locales = locales_of(db, chunk).await?;
            for mut d in device::Entity::find()
                .filter(device::Column::ClientId.is_in(chunk.to_vec()))
                .all(db)
                .await?
            {
                d.locale = d.locale.or_else(|| locales.get(&d.client_id).cloned());
                devices.entry(d.client_id).or_default().push(d);
            }
        }
        // A phone whose sign-in lapsed (its refresh token ran out unused) is told nothing more.
        let sessions: Vec<SessionId> = devices
            .values()
            .flatten()
            .filter_map(|d| d.session_id)
            .collect();
        let live = crate::auth::liveness::live_until(db, &sessions, now).await?;
        // The monthly maintenance prompt points to the relapse-prevention plan only for a
        // client who has one (a few rows a month: one read each).
        let mut with_plan = HashSet::new();
        for row in &claimed {
            if ReminderKind::from(row.kind) == ReminderKind::Maintenance
                && crate::relapse_plan::exists(db, row.client_id).await?
            {
                with_plan.insert(row.client_id);
            }
        }
        let delivered: Vec<Delivery> = futures_util::stream::iter(claimed)
            .map(|row| {
                let theirs = devices.get(&row.client_id).map_or(&[][..], Vec::as_slice);
                let reachable = reachable(&row, theirs, &live);
                let plan = Mention::of(with_plan.contains(&row.client_id));
                self.deliver(row, reachable, plan, now)
            })
            .buffer_unordered(32)
            .collect()
            .await;
        let stored = {
            let _turn = self.gate.enter().await;
            let txn = crate::db::begin_write(db).await?;
            let mut stored = Vec::with_capacity(delivered.len());
            for delivery in &delivered {
                stored.push(self.record(&txn, delivery, now).await?);
            }
            txn.commit().await?;
            stored
        };
        for (delivery, stored) in delivered.iter().zip(stored) {
            self.observe(delivery, stored, now);
            match delivery.finish {
                Finish::Sent => report.sent += 1,
                Finish::Retry { .. } => report.retrying += 1,
                Finish::Failed(_) => report.failed += 1,
                Finish::Skipped(_) => report.skipped += 1,
                Finish::Missed => report.missed += 1,
            }
        }
        Ok(report)
    }

    async fn deliver(
        &self,
        row: outbox::Model,
        devices: Vec<device::Model>,
        plan: Mention,
        now: DateTime<Utc>,
    ) -> Delivery {
        let kind = ReminderKind::from(row.kind);
        let grace = self.grace.of(kind);
        let mut rejected = Vec::new();
        let finish = if now - row.scheduled_for > grace {
            Finish::Missed
        } else if !self.push.enabled() {
            Finish::Skipped("push_disabled")
        } else {
            self.send_to_devices(&row, &devices, (kind, plan), grace, now, &mut rejected)
                .await
        };
        Delivery {
            row,
            kind,
            finish,
            rejected,
        }
    }

    async fn send_to_devices(
        &self,
        row: &outbox::Model,
        devices: &[device::Model],
        (kind, plan): (ReminderKind, Mention),
        grace: Duration,
        now: DateTime<Utc>,
        rejected: &mut Vec<device::Model>,
    ) -> Finish {
        if devices.is_empty() {
            return Finish::Skipped("no_device");
        }
        let reminder_id = row.id.to_string();
        let (mut delivered, mut retry, mut fatal) = (
            false,
            None::<(String, Option<std::time::Duration>)>,
            None::<String>,
        );
        for d in devices {
            // Each phone gets the texts in its own language.
            let lang = Lang::negotiate(d.locale.as_deref());
            let (title, body) = (self.texts.title(&lang), self.texts.body(kind, &lang, plan));
            let message = PushMessage {
                token: &d.fcm_token,
                reminder_id: reminder_id.clone(),
                kind: kind.as_str(),
                title: &title,
                body: &body,
                // FCM may keep it for an offline phone only as long as it is still useful.
                ttl: (row.scheduled_for + grace - now)
                    .to_std()
                    .unwrap_or_default(),
                sent_at: now,
                route: kind.route(row.ref_id),
                presentation: kind.presentation(),
            };
            match self.push.send(&message).await {
                SendOutcome::Delivered => delivered = true,
                SendOutcome::InvalidToken(code) => {
                    tracing::info!(device_id = %d.id, client_id = %row.client_id, code = %code, "device token rejected by FCM; removing the device");
                    rejected.push(d.clone());
                }
                SendOutcome::Retry { code, retry_after } => {
                    let longest = retry.as_ref().and_then(|(_, r)| *r).max(retry_after);
                    retry = Some((code, longest));
                }
                SendOutcome::CredentialsRejected(code) => {
                    self.metrics
                        .pushes
                        .with_label_values(&[kind.as_str(), "auth_error"])
                        .inc();
                    tracing::error!(reminder_id = %row.id, code = %code, "FCM rejected our APNs/web-push credentials; not retried");
                    fatal = Some(code);
                }
                SendOutcome::Fatal(code) => fatal = Some(code),
            }
        }
        if delivered {
            Finish::Sent
        } else if let Some((code, retry_after)) = retry {
            let attempt = row.attempts + 1;
            let wait = backoff(attempt, retry_after);
            if attempt >= MAX_ATTEMPTS || now + wait > row.scheduled_for + grace {
                Finish::Failed(code)
            } else {
                Finish::Retry { wait, code }
            }
        } else if let Some(code) = fatal {
            Finish::Failed(code)
        } else {
            Finish::Failed("no_valid_device".into())
        }
    }

    /// Stores one outcome (and removes the devices FCM rejected); `false` when the lease was
    /// lost meanwhile and another dispatcher owns the reminder now.
    async fn record<C: ConnectionTrait>(
        &self,
        db: &C,
        delivery: &Delivery,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        let row = &delivery.row;
        for d in &delivery.rejected {
            device::Entity::delete_many()
                .filter(device::Column::Id.eq(d.id))
                .filter(device::Column::FcmToken.eq(d.fcm_token.clone()))
                .exec(db)
                .await?;
        }
        let (status, next_attempt, error) = match &delivery.finish {
            Finish::Sent => (OutboxStatus::Sent, row.next_attempt_at, None),
            Finish::Retry { wait, code } => {
                (OutboxStatus::Retrying, now + *wait, Some(code.clone()))
            }
            Finish::Failed(code) => (
                OutboxStatus::Failed,
                row.next_attempt_at,
                Some(code.clone()),
            ),
            Finish::Skipped(reason) => (
                OutboxStatus::Skipped,
                row.next_attempt_at,
                Some((*reason).to_owned()),
            ),
            Finish::Missed => (OutboxStatus::Missed, row.next_attempt_at, None),
        };
        let attempted = !matches!(delivery.finish, Finish::Missed | Finish::Skipped(_));
        let stored = outbox::Entity::update_many()
            .col_expr(outbox::Column::Status, Expr::value(status))
            .col_expr(outbox::Column::NextAttemptAt, Expr::value(next_attempt))
            .col_expr(outbox::Column::LastError, Expr::value(error))
            .col_expr(
                outbox::Column::Attempts,
                Expr::col(outbox::Column::Attempts).add(i32::from(attempted)),
            )
            .col_expr(
                outbox::Column::SentAt,
                Expr::value(matches!(delivery.finish, Finish::Sent).then_some(now)),
            )
            .col_expr(
                outbox::Column::LeaseOwner,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                outbox::Column::LeaseExpiresAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(outbox::Column::UpdatedAt, Expr::value(now))
            .filter(outbox::Column::Id.eq(row.id))
            // Only the lease holder writes the outcome.
            .filter(outbox::Column::LeaseOwner.eq(self.owner.clone()))
            .exec(db)
            .await?;
        Ok(stored.rows_affected > 0)
    }

    /// Metrics and the log line of an outcome, once it is stored.
    fn observe(&self, delivery: &Delivery, stored: bool, now: DateTime<Utc>) {
        let (row, kind) = (&delivery.row, delivery.kind);
        if !stored {
            tracing::warn!(reminder_id = %row.id, "lease lost before the outcome was stored");
            return;
        }
        for _ in &delivery.rejected {
            self.metrics
                .pushes
                .with_label_values(&[kind.as_str(), "pruned"])
                .inc();
        }
        let outcome = match delivery.finish {
            Finish::Sent => "sent",
            Finish::Retry { .. } => "retrying",
            Finish::Failed(_) => "failed",
            Finish::Skipped(_) => "skipped",
            Finish::Missed => "missed",
        };
        self.metrics
            .pushes
            .with_label_values(&[kind.as_str(), outcome])
            .inc();
        if matches!(delivery.finish, Finish::Sent) {
            self.metrics
                .dispatch_lag
                .observe((now - row.scheduled_for).as_seconds_f64().max(0.0));
        }
        tracing::info!(reminder_id = %row.id, client_id = %row.client_id, kind = kind.as_str(), outcome, "reminder dispatched");
    }

    /// Counts reminders due and still open (for the `outbox_depth` gauge).
    ///
    /// # Errors
    /// Database errors.
    pub async fn outbox_depth<C: ConnectionTrait>(
        &self,
        db: &C,
        now: DateTime<Utc>,
    ) -> Result<u64, DbErr> {
        use sea_orm::PaginatorTrait;
        outbox::Entity::find()
            .filter(outbox::Column::Status.is_in([OutboxStatus::Pending, OutboxStatus::Retrying]))
            .filter(outbox::Column::NextAttemptAt.lte(now))
            .count(db)
            .await
    }
}

/// The language each of `clients` set, of those that set one.
///
/// # Errors
/// Database errors.
async fn locales_of<C: sea_orm::ConnectionTrait>(
    db: &C,
    clients: &[ClientId],
) -> Result<std::collections::HashMap<ClientId, String>, sea_orm::DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    Ok(entities::client::Entity::find()
        .select_only()
        .column(entities::client::Column::Id)
        .column(entities::client::Column::Locale)
        .filter(entities::client::Column::Id.is_in(clients.to_vec()))
        .filter(entities::client::Column::Locale.is_not_null())
        .into_tuple::<(ClientId, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_retry_waits_at_least_ten_seconds_and_later_ones_longer_up_to_a_cap() {
        for _ in 0..50 {
            let first = backoff(1, None);
            assert!(
                first >= Duration::seconds(10) && first <= Duration::seconds(15),
                "{first}"
            );
            let third = backoff(3, None);
            assert!(
                third >= Duration::seconds(40) && third <= Duration::seconds(60),
                "{third}"
            );
            assert!(backoff(30, None) <= MAX_RETRY_WAIT);
        }
    }

    #[test]
    fn a_retry_after_from_fcm_is_honoured() {
        assert!(backoff(1, Some(std::time::Duration::from_secs(120))) >= Duration::seconds(120));
    }
}
