//! Sending safety-alert notifications from their outbox (`alert_deliveries`), with the reminder
//! outbox's guarantees: rows are written in the same transaction as the alert, claimed under an
//! expiring lease (replicas skip each other's rows), sent, and their outcome recorded by the
//! lease holder only, with every attempt kept. A process that dies between commit and send
//! leaves the row to be claimed again after its lease; a re-send carries the same Message-ID
//! and webhook-id, so receivers can drop the copy.
//!
//! Nothing clinical is in any message: no client name, score or note. The e-mail links to the
//! client's page, where the therapist signs in to read the rest.

use super::model::Channels;
use super::service;
use super::webhook::{HookOutcome, WebhookSender};
use crate::group_commit::WriteGate;
use crate::lease::{self, Leased};
use crate::mail::{Mail, MailOutcome, Mailer};
use crate::observability::Metrics;
use crate::outbox::{Outbox, Runner};
use crate::push::{PushGateway, PushMessage, SendOutcome};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use entities::alert_delivery::{DeliveryChannel, DeliveryEvent, DeliveryStatus};
use entities::alert_delivery_attempt::AttemptOutcome;
use entities::safety_alert::Urgency;
use entities::{
    AlertId, TherapistId, alert_delivery, alert_delivery_attempt, safety_alert, therapist,
    therapist_device,
};
use futures_util::StreamExt;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Value,
};
use std::collections::HashMap;
use std::sync::Arc;

/// A notification that keeps failing is given up this long after it was queued (escalation
/// by then has told on-call).
const GIVE_UP_AFTER: Duration = Duration::hours(24);
/// The first retry waits this long; each later one twice as long, up to [`MAX_RETRY_WAIT`].
const FIRST_RETRY: Duration = Duration::seconds(5);
const MAX_RETRY_WAIT: Duration = Duration::minutes(5);
/// The erased clients' acknowledged alerts are purged on the first tick and then every this
/// many.
const PURGE_EVERY: u64 = 600;

impl Leased for alert_delivery::Entity {
    const ID: alert_delivery::Column = alert_delivery::Column::Id;
    const STATUS: alert_delivery::Column = alert_delivery::Column::Status;
    const NEXT_ATTEMPT_AT: alert_delivery::Column = alert_delivery::Column::NextAttemptAt;
    const LEASE_OWNER: alert_delivery::Column = alert_delivery::Column::LeaseOwner;
    const LEASE_EXPIRES_AT: alert_delivery::Column = alert_delivery::Column::LeaseExpiresAt;
    fn open_statuses() -> Vec<Value> {
        vec![
            DeliveryStatus::Pending.into(),
            DeliveryStatus::Retrying.into(),
        ]
    }
}

/// Sends safety-alert notifications and escalates unacknowledged alerts.
pub struct Notifier {
    /// Names this process in leases.
    pub owner: String,
    /// How long a claimed notification stays this process's before another replica may take it over.
    pub lease: Duration,
    /// Most notifications claimed in one round.
    pub batch: u64,
    /// Which channels the deployment has configured (e-mail, webhook, push); escalation uses them.
    pub channels: Channels,
    /// Sends e-mail; none when no mail server is configured.
    pub mailer: Option<Arc<dyn Mailer>>,
    /// Posts to the alert webhook; none when no webhook is configured.
    pub webhook: Option<Arc<dyn WebhookSender>>,
    /// Sends push notifications to therapists' registered phones.
    pub push: Arc<dyn PushGateway>,
    /// Where therapists reach the server (links in e-mail).
    pub public_url: String,
    /// The deployment's on-call address, for therapists who set none.
    pub escalation_email: Option<String>,
    /// How long an alert may stay unacknowledged before on-call is told.
    pub escalate_after: Duration,
    /// Counters of notifications sent and the delay from alert to first notification.
    pub metrics: Arc<Metrics>,
    /// SQLite's one writer, shared with the other writers of this process.
    pub gate: WriteGate,
    /// Told when purged alert records leave bytes to remove from the database files.
    pub at_rest: crate::at_rest::AtRest,
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct NotifyReport {
    /// Alerts escalated to on-call.
    pub escalated: usize,
    /// Notifications claimed for sending.
    pub claimed: usize,
    /// Notifications a channel accepted.
    pub sent: usize,
    /// Notifications not accepted and to be tried again.
    pub retrying: usize,
    /// Notifications given up.
    pub failed: usize,
    /// The e-mails of likely-relapse episodes (`relapse_watch::notify`), sent in the same
    /// rounds.
    pub relapse_notices: crate::relapse_watch::notify::NoticeReport,
}

enum Finish {
    Sent,
    Retry(String),
    Failed(String),
}

/// One claimed notification with what it needs to be sent.
struct Claimed {
    row: alert_delivery::Model,
    alert: Option<safety_alert::Model>,
    /// The ids of every alert of the alert's episode, oldest first.
    episode: Vec<AlertId>,
    therapist: Option<therapist::Model>,
    devices: Vec<therapist_device::Model>,
}

impl Notifier {
    /// Escalates what is due, then sends one batch of due notifications.
    ///
    /// # Errors
    /// Database errors (a lease not recorded expires, and the notification is sent again with
    /// the same id).
    pub async fn run_once(
        &self,
        db: &DatabaseConnection,
        now: DateTime<Utc>,
    ) -> Result<NotifyReport, DbErr> {
        let escalated = {
            let _turn = self.gate.enter().await;
            service::escalate_due(db, self.channels, self.escalate_after, now).await?
        };
        let mut report = self.dispatch_due(db, now).await?;
        report.escalated = escalated;
        report.relapse_notices = crate::relapse_watch::notify::Notices {
            owner: &self.owner,
            lease: self.lease,
            batch: self.batch,
            mailer: self.mailer.as_deref(),
            public_url: &self.public_url,
        }
        .send_due(db, &self.gate, now)
        .await?;
        Ok(report)
    }

    async fn dispatch_due(
        &self,
        db: &DatabaseConnection,
        now: DateTime<Utc>,
    ) -> Result<NotifyReport, DbErr> {
        let claimed = {
            let _turn = self.gate.enter().await;
            lease::claim::<alert_delivery::Entity, _>(db, &self.owner, now, self.lease, self.batch)
                .await?
        };
        let mut report = NotifyReport {
            claimed: claimed.len(),
            ..NotifyReport::default()
        };
        if claimed.is_empty() {
            return Ok(report);
        }
        let jobs = self.load(db, claimed).await?;
        let finished: Vec<(Claimed, Finish)> = futures_util::stream::iter(jobs)
            .map(|job| async move {
                let finish = self.send(&job, now).await;
                (job, finish)
            })
            .buffer_unordered(16)
            .collect()
            .await;
        {
            let _turn = self.gate.enter().await;
            let txn = crate::db::begin_write(db).await?;
            for (job, finish) in &finished {
                self.record(&txn, job, finish, now).await?;
            }
            txn.commit().await?;
        }
        for (job, finish) in &finished {
            let outcome = match finish {
                Finish::Sent => {
                    report.sent += 1;
                    "sent"
                }
                Finish::Retry(_) => {
                    report.retrying += 1;
                    "retrying"
                }
                Finish::Failed(_) => {
                    report.failed += 1;
                    "failed"
                }
            };
            let (event, channel) = (event_name(job.row.event), channel_name(job.row.channel));
            self.metrics
                .alert_notifications
                .with_label_values(&[event, channel, outcome])
                .inc();
            match finish {
                Finish::Failed(code) => {
                    tracing::error!(delivery_id = %job.row.id, alert_id = %job.row.alert_id, event, channel, code = %code, "safety-alert notification given up")
                }
                Finish::Retry(code) => {
                    tracing::warn!(delivery_id = %job.row.id, alert_id = %job.row.alert_id, event, channel, code = %code, "safety-alert notification not accepted; retrying")
                }
                Finish::Sent => {
                    if let (DeliveryEvent::Created, Some(alert)) = (job.row.event, &job.alert) {
                        self.metrics
                            .alert_notify_lag
                            .observe((now - alert.created_at).as_seconds_f64().max(0.0));
                    }
                    tracing::info!(delivery_id = %job.row.id, alert_id = %job.row.alert_id, event, channel, "safety-alert notification sent");
                }
            }
        }
        Ok(report)
    }

    /// The alerts, therapists and devices of a batch, read at once.
    async fn load(
        &self,
        db: &DatabaseConnection,
        rows: Vec<alert_delivery::Model>,
    ) -> Result<Vec<Claimed>, DbErr> {
        let ids: Vec<AlertId> = rows.iter().map(|r| r.alert_id).collect();
        let alerts: HashMap<AlertId, safety_alert::Model> = safety_alert::Entity::find()
            .filter(safety_alert::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        let episode_ids: Vec<AlertId> = alerts.values().map(|a| a.episode_id).collect();
        let mut episodes: HashMap<AlertId, Vec<AlertId>> = HashMap::new();
        for (id, episode) in safety_alert::Entity::find()
            .select_only()
            .columns([safety_alert::Column::Id, safety_alert::Column::EpisodeId])
            .filter(safety_alert::Column::EpisodeId.is_in(episode_ids))
            .order_by_asc(safety_alert::Column::CreatedAt)
            .order_by_asc(safety_alert::Column::Id)
            .into_tuple::<(AlertId, AlertId)>()
            .all(db)
            .await?
        {
            episodes.entry(episode).or_default().push(id);
        }
        let therapist_ids: Vec<TherapistId> = alerts.values().map(|a| a.therapist_id).collect();
        let therapists: HashMap<TherapistId, therapist::Model> = therapist::Entity::find()
            .filter(therapist::Column::Id.is_in(therapist_ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|t| (t.id, t))
            .collect();
        let mut devices: HashMap<TherapistId, Vec<therapist_device::Model>> = HashMap::new();
        if rows.iter().any(|r| r.channel == DeliveryChannel::Push) {
            for d in therapist_device::Entity::find()
                .filter(therapist_device::Column::TherapistId.is_in(therapist_ids))
                .all(db)
                .await?
            {
                devices.entry(d.therapist_id).or_default().push(d);
            }
        }
        Ok(rows
            .into_iter()
            .map(|row| {
                let alert = alerts.get(&row.alert_id).cloned();
                let therapist = alert
                    .as_ref()
                    .and_then(|a| therapists.get(&a.therapist_id).cloned());
                let devices = alert
                    .as_ref()
                    .and_then(|a| devices.get(&a.therapist_id).cloned())
                    .unwrap_or_default();
                let episode = alert
                    .as_ref()
                    .and_then(|a| episodes.get(&a.episode_id).cloned())
                    .unwrap_or_default();
                Claimed {
                    row,
                    alert,
                    episode,
                    therapist,
                    devices,
                }
            })
            .collect())
    }

    async fn send(&self, job: &Claimed, now: DateTime<Utc>) -> Finish {
        let (Some(alert), Some(therapist)) = (&job.alert, &job.therapist) else {
            return Finish::Failed("alert_gone".into());
        };
        let finish = match job.row.channel {
            DeliveryChannel::Email => self.send_email(job, alert, therapist).await,
            DeliveryChannel::Webhook => self.send_webhook(job, alert).await,
            DeliveryChannel::Push => self.send_push(job, now).await,
        };
        match finish {
            Finish::Retry(code)
                if now + self.wait(job.row.attempts + 1) > job.row.created_at + GIVE_UP_AFTER =>
            {
                Finish::Failed(code)
            }
            other => other,
        }
    }

    async fn send_email(
        &self,
        job: &Claimed,
        alert: &safety_alert::Model,
        therapist: &therapist::Model,
    ) -> Finish {
        let Some(mailer) = &self.mailer else {
            return Finish::Failed("email_not_configured".into());
        };
        let Some(mail) = self.email(job, alert, therapist) else {
            return Finish::Failed("no_recipient".into());
        };
        match mailer.send(&mail).await {
            MailOutcome::Sent => Finish::Sent,
            MailOutcome::Retry(code) => Finish::Retry(code),
            MailOutcome::Permanent(code) => Finish::Failed(code),
        }
    }

    /// The e-mail of a notification; none when nobody is there to receive it.
    fn email(
        &self,
        job: &Claimed,
        alert: &safety_alert::Model,
        therapist: &therapist::Model,
    ) -> Option<Mail> {
        let public = self.public_url.trim_end_matches('/');
        let host = reqwest::Url::parse(public)
            .ok()
            .and_then(|u| u.host_str().map(ToOwned::to_owned))
            .unwrap_or_else(|| "ipt-companion.invalid".into());
        let message_id = format!("<{}@{host}>", job.row.id);
        let raised = alert.created_at.format("%Y-%m-%d %H:%M UTC");
        let minutes = match self.escalate_after.num_minutes() {
            1 => "1 minute".to_owned(),
            n => format!("{n} minutes"),
        };
        let urgent = alert.urgency == Urgency::Urgent;
        match job.row.event {
            DeliveryEvent::Created => Some(Mail {
                to: therapist.email.clone(),
                subject: if urgent {
                    "IPT Companion: a client needs your attention now".into()
                } else {
                    "IPT Companion: a client needs your attention".into()
                },
                body: format!(
                    "A client of yours answered a question in IPT Companion in a way that needs \
                     your attention{now}.\n\n\
                     Open the client's page to see it, then acknowledge the alert there and \
                     record what you did:\n{public}/clients/{client}\n\n\
                     Alert {id}, raised {raised}.\n\n{next}\n\n-- \nIPT Companion\n",
                    now = if urgent { " now" } else { "" },
                    next = if urgent {
                        "This alert is urgent: your clinic's on-call contact is being told at \
                         the same time."
                            .to_owned()
                    } else {
                        format!(
                            "If the alert is not acknowledged within {minutes}, your clinic's \
                             on-call contact is told."
                        )
                    },
                    client = alert.client_id,
                    id = alert.id,
                ),
                message_id,
            }),
            DeliveryEvent::Escalated => {
                let to = therapist
                    .escalation_email
                    .clone()
                    .or_else(|| self.escalation_email.clone())?;
                let phone = therapist
                    .contact_phone
                    .as_deref()
                    .map(|p| format!(", or by phone: {p}"))
                    .unwrap_or_default();
                let (subject, opening) = if urgent {
                    (
                        format!(
                            "IPT Companion: an urgent alert of {} needs a clinician now",
                            therapist.display_name
                        ),
                        format!(
                            "A client of {} needs a clinician now: this urgent safety alert is \
                             sent to on-call at once, at the same time as to the therapist.",
                            therapist.display_name
                        ),
                    )
                } else {
                    (
                        format!(
                            "IPT Companion: an alert of {} is unacknowledged",
                            therapist.display_name
                        ),
                        format!(
                            "A safety alert raised for a client of {} has not been acknowledged \
                             for {minutes}.",
                            therapist.display_name
                        ),
                    )
                };
                Some(Mail {
                    to,
                    subject,
                    body: format!(
                        "{opening}\n\n\
                         Please reach {name} now by e-mail: {email}{phone}.\n\
                         If you cannot reach them, follow your clinic's on-call procedure: your \
                         clinic's own records say who the therapist's clients are and how to \
                         contact them.\n\n\
                         Alert {id}, raised {raised}.\n\
                         This message names no client on purpose.\n\n-- \nIPT Companion\n",
                        name = therapist.display_name,
                        email = therapist.email,
                        id = alert.id,
                    ),
                    message_id,
                })
            }
            DeliveryEvent::Acknowledged => None,
        }
    }

    async fn send_webhook(&self, job: &Claimed, alert: &safety_alert::Model) -> Finish {
        let Some(webhook) = &self.webhook else {
            return Finish::Failed("webhook_not_configured".into());
        };
        let (kind, at) = match job.row.event {
            DeliveryEvent::Created => ("safety_alert.created", Some(alert.created_at)),
            DeliveryEvent::Escalated => ("safety_alert.escalated", alert.escalated_at),
            DeliveryEvent::Acknowledged => ("safety_alert.acknowledged", alert.acknowledged_at),
        };
        let at = at.unwrap_or(job.row.created_at);
        let mut data = serde_json::json!({
            "alert_id": alert.id,
            "episode_id": alert.episode_id,
            "client_id": alert.client_id,
            "therapist_id": alert.therapist_id,
            "created_at": alert.created_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        });
        // One acknowledgement stands the whole episode down: it names every alert of it.
        if job.row.event == DeliveryEvent::Acknowledged {
            data["alert_ids"] = serde_json::json!(job.episode);
        }
        let body = serde_json::json!({
            "type": kind,
            "timestamp": at.to_rfc3339_opts(SecondsFormat::Millis, true),
            "data": data,
        });
        let body = serde_json::to_vec(&body).unwrap_or_default();
        // The signature's timestamp is the attempt's (receivers reject stale ones); the id
        // stays the same on every attempt.
        match webhook
            .send(&job.row.id.to_string(), Utc::now().timestamp(), &body)
            .await
        {
            HookOutcome::Delivered => Finish::Sent,
            HookOutcome::Retry(code) => Finish::Retry(code),
        }
    }

    async fn send_push(&self, job: &Claimed, now: DateTime<Utc>) -> Finish {
        if !self.push.enabled() {
            return Finish::Failed("push_disabled".into());
        }
        if job.devices.is_empty() {
            return Finish::Failed("no_device".into());
        }
        let (mut delivered, mut retry) = (false, None);
        for d in &job.devices {
            let message = PushMessage {
                token: &d.fcm_token,
                reminder_id: job.row.id.to_string(),
                kind: "safety_alert",
                title: "IPT Companion",
                body: "A client needs your attention.",
                ttl: std::time::Duration::from_secs(24 * 3600),
                sent_at: now,
                // Opens the alert in the therapist's app; a safety alert wakes the phone.
                route: format!("/alerts/{}", job.row.alert_id),
                presentation: crate::push::Presentation {
                    channel: "safety_alerts",
                    urgent: true,
                },
            };
            match self.push.send(&message).await {
                SendOutcome::Delivered => delivered = true,
                SendOutcome::Retry { code, .. } => retry = Some(code),
                SendOutcome::InvalidToken(code)
                | SendOutcome::CredentialsRejected(code)
                | SendOutcome::Fatal(code) => {
                    tracing::info!(therapist_device_id = %d.id, code = %code, "therapist device not reachable by push");
                }
            }
        }
        if delivered {
            Finish::Sent
        } else if let Some(code) = retry {
            Finish::Retry(code)
        } else {
            Finish::Failed("no_valid_device".into())
        }
    }

    /// The wait before attempt `attempt + 1`.
    fn wait(&self, attempt: i32) -> Duration {
        lease::backoff(FIRST_RETRY, MAX_RETRY_WAIT, attempt)
    }

    /// Stores one outcome and its attempt; only the lease holder writes.
    async fn record<C: ConnectionTrait>(
        &self,
        db: &C,
        job: &Claimed,
        finish: &Finish,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let row = &job.row;
        let attempt = row.attempts + 1;
        let (status, next, error) = match finish {
            Finish::Sent => (DeliveryStatus::Sent, row.next_attempt_at, None),
            Finish::Retry(code) => (
                DeliveryStatus::Retrying,
                now + self.wait(attempt),
                Some(code.clone()),
            ),
            Finish::Failed(code) => (
                DeliveryStatus::Failed,
                row.next_attempt_at,
                Some(code.clone()),
            ),
        };
        let stored = alert_delivery::Entity::update_many()
            .col_expr(alert_delivery::Column::Status, Expr::value(status))
            .col_expr(alert_delivery::Column::Attempts, Expr::value(attempt))
            .col_expr(alert_delivery::Column::NextAttemptAt, Expr::value(next))
            .col_expr(
                alert_delivery::Column::LastError,
                Expr::value(error.clone()),
            )
            .col_expr(
                alert_delivery::Column::SentAt,
                Expr::value(matches!(finish, Finish::Sent).then_some(now)),
            )
            .col_expr(
                alert_delivery::Column::LeaseOwner,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                alert_delivery::Column::LeaseExpiresAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(alert_delivery::Column::Id.eq(row.id))
            .filter(alert_delivery::Column::LeaseOwner.eq(self.owner.clone()))
            .exec(db)
            .await?;
        if stored.rows_affected == 0 {
            tracing::warn!(delivery_id = %row.id, "lease lost before the outcome was stored");
            return Ok(());
        }
        alert_delivery_attempt::Entity::insert(alert_delivery_attempt::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            delivery_id: Set(row.id),
            attempt: Set(attempt),
            attempted_at: Set(now),
            outcome: Set(match finish {
                Finish::Sent => AttemptOutcome::Sent,
                Finish::Retry(_) => AttemptOutcome::Retrying,
                Finish::Failed(_) => AttemptOutcome::Failed,
            }),
            detail: Set(error),
        })
        .exec_without_returning(db)
        .await?;
        if matches!(finish, Finish::Sent) && row.event == DeliveryEvent::Created {
            safety_alert::Entity::update_many()
                .col_expr(safety_alert::Column::NotifiedAt, Expr::value(now))
                .filter(safety_alert::Column::Id.eq(row.alert_id))
                .filter(safety_alert::Column::NotifiedAt.is_null())
                .exec(db)
                .await?;
        }
        Ok(())
    }
}

fn event_name(e: DeliveryEvent) -> &'static str {
    match e {
        DeliveryEvent::Created => "created",
        DeliveryEvent::Escalated => "escalated",
        DeliveryEvent::Acknowledged => "acknowledged",
    }
}

fn channel_name(c: DeliveryChannel) -> &'static str {
    match c {
        DeliveryChannel::Email => "email",
        DeliveryChannel::Webhook => "webhook",
        DeliveryChannel::Push => "push",
    }
}

/// The safety notifications' worker: the shared runner (`crate::outbox`) with the notifier,
/// scheduled apart from the reminders' so that a long reminder round never holds back a safety
/// notification.
pub type SafetyWorker = Runner<Notifier>;

impl Outbox for Notifier {
    type Report = NotifyReport;

    const NAME: &'static str = "safety notifications";
    /// Up to ten batches per tick.
    const ROUNDS: usize = 10;
    const HOUSEKEEPING_EVERY: u64 = PURGE_EVERY;

    fn batch(&self) -> u64 {
        self.batch
    }

    /// Nothing: escalation is part of every round.
    async fn prepare(&self, _: &DatabaseConnection, _: DateTime<Utc>) -> Result<(), DbErr> {
        Ok(())
    }

    /// Escalates what is due, then sends one batch.
    async fn round(
        &self,
        db: &DatabaseConnection,
        now: DateTime<Utc>,
    ) -> Result<(NotifyReport, usize), DbErr> {
        let round = self.run_once(db, now).await?;
        Ok((round, round.claimed + round.relapse_notices.claimed))
    }

    fn add(total: &mut NotifyReport, round: NotifyReport) {
        total.escalated += round.escalated;
        total.claimed += round.claimed;
        total.sent += round.sent;
        total.retrying += round.retrying;
        total.failed += round.failed;
        let (sum, more) = (&mut total.relapse_notices, round.relapse_notices);
        sum.claimed += more.claimed;
        sum.sent += more.sent;
        sum.retrying += more.retrying;
        sum.failed += more.failed;
    }

    /// Purges what erasure left once acknowledged.
    async fn housekeeping(&self, db: &DatabaseConnection, _: DateTime<Utc>) -> Result<(), DbErr> {
        let purged = {
            let _turn = self.gate.enter().await;
            service::purge_acknowledged_erased(db).await?
        };
        if purged > 0 {
            self.at_rest
                .erased(crate::at_rest::Erased::AlertsOfErasedClients(purged));
        }
        Ok(())
    }

    async fn finish(&self, _: &DatabaseConnection, _: DateTime<Utc>) -> Result<(), DbErr> {
        Ok(())
    }
}
