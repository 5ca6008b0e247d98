//! The one e-mail per likely-relapse episode, to the client's therapist: claimed from
//! `relapse_episodes` under the outboxes' expiring lease (`lease.rs`), sent, and its outcome
//! recorded by the lease holder only. The safety notifier's rounds send these too
//! (`safety::notify`), so they leave within seconds of the check-in that opened the episode.
//! Like an alert's, the e-mail names no client and carries no score: it links to the client's
//! page, where the therapist signs in to read the rest.

use crate::lease::{self, Leased};
use crate::mail::{Mail, MailOutcome, Mailer};
use chrono::{DateTime, Duration, Utc};
use entities::alert_delivery::DeliveryStatus;
use entities::{client, relapse_episode, therapist};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Value};

impl Leased for relapse_episode::Entity {
    const ID: relapse_episode::Column = relapse_episode::Column::Id;
    const STATUS: relapse_episode::Column = relapse_episode::Column::NoticeStatus;
    const NEXT_ATTEMPT_AT: relapse_episode::Column = relapse_episode::Column::NextAttemptAt;
    const LEASE_OWNER: relapse_episode::Column = relapse_episode::Column::LeaseOwner;
    const LEASE_EXPIRES_AT: relapse_episode::Column = relapse_episode::Column::LeaseExpiresAt;
    fn open_statuses() -> Vec<Value> {
        vec![
            DeliveryStatus::Pending.into(),
            DeliveryStatus::Retrying.into(),
        ]
    }
}

/// A notice that keeps failing is given up this long after its episode opened; the episode
/// stays on the dashboard until a review either way.
const GIVE_UP_AFTER: Duration = Duration::hours(24);
/// The first retry waits this long, each later one twice as long, up to an hour.
const FIRST_RETRY: Duration = Duration::seconds(30);
const MAX_RETRY_WAIT: Duration = Duration::hours(1);

/// Who sends the notices, and how.
pub struct Notices<'a> {
    /// Names this process in leases.
    pub owner: &'a str,
    /// How long a claimed notice stays this process's.
    pub lease: Duration,
    /// Most notices claimed in one round.
    pub batch: u64,
    /// Sends e-mail; none when no mail server is configured (the notice is then given up,
    /// and the dashboard alone names the episode).
    pub mailer: Option<&'a dyn Mailer>,
    /// Where therapists reach the server (the link in the e-mail).
    pub public_url: &'a str,
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct NoticeReport {
    /// Notices claimed for sending.
    pub claimed: usize,
    /// Notices the mail server accepted.
    pub sent: usize,
    /// Notices not accepted and to be tried again.
    pub retrying: usize,
    /// Notices given up.
    pub failed: usize,
}

enum Finish {
    Sent,
    Retry(String),
    Failed(String),
}

impl Notices<'_> {
    /// Claims the due notices and sends them. `gate` is SQLite's one writer, entered for the
    /// claim and for recording the outcomes, never while a message is sent.
    ///
    /// # Errors
    /// Database errors (a lease not recorded expires, and the notice is sent again with the
    /// same Message-ID).
    pub async fn send_due(
        &self,
        db: &DatabaseConnection,
        gate: &crate::group_commit::WriteGate,
        now: DateTime<Utc>,
    ) -> Result<NoticeReport, DbErr> {
        let claimed = {
            let _turn = gate.enter().await;
            lease::claim::<relapse_episode::Entity, _>(db, self.owner, now, self.lease, self.batch)
                .await?
        };
        let mut report = NoticeReport {
            claimed: claimed.len(),
            ..NoticeReport::default()
        };
        for episode in claimed {
            let finish = self.send(db, &episode).await?;
            let finish = match finish {
                Finish::Retry(code)
                    if now + self.wait(episode.attempts + 1)
                        > episode.detected_at + GIVE_UP_AFTER =>
                {
                    Finish::Failed(code)
                }
                other => other,
            };
            let (status, error, next) = match &finish {
                Finish::Sent => {
                    report.sent += 1;
                    tracing::info!(episode_id = %episode.id, client_id = %episode.client_id, "relapse notice sent");
                    (DeliveryStatus::Sent, None, now)
                }
                Finish::Retry(code) => {
                    report.retrying += 1;
                    tracing::warn!(episode_id = %episode.id, code = %code, "relapse notice not accepted; retrying");
                    (
                        DeliveryStatus::Retrying,
                        Some(code.clone()),
                        now + self.wait(episode.attempts + 1),
                    )
                }
                Finish::Failed(code) => {
                    report.failed += 1;
                    tracing::error!(episode_id = %episode.id, code = %code, "relapse notice given up");
                    (DeliveryStatus::Failed, Some(code.clone()), now)
                }
            };
            let _turn = gate.enter().await;
            relapse_episode::Entity::update_many()
                .col_expr(relapse_episode::Column::NoticeStatus, Expr::value(status))
                .col_expr(
                    relapse_episode::Column::Attempts,
                    Expr::col(relapse_episode::Column::Attempts).add(1),
                )
                .col_expr(relapse_episode::Column::NextAttemptAt, Expr::value(next))
                .col_expr(relapse_episode::Column::LastError, Expr::value(error))
                .col_expr(
                    relapse_episode::Column::SentAt,
                    Expr::value(matches!(finish, Finish::Sent).then_some(now)),
                )
                .col_expr(
                    relapse_episode::Column::LeaseOwner,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(
                    relapse_episode::Column::LeaseExpiresAt,
                    Expr::value(Option::<DateTime<Utc>>::None),
                )
                .filter(relapse_episode::Column::Id.eq(episode.id))
                .filter(relapse_episode::Column::LeaseOwner.eq(self.owner))
                .exec(db)
                .await?;
        }
        Ok(report)
    }

    fn wait(&self, attempt: i32) -> Duration {
        lease::backoff(FIRST_RETRY, MAX_RETRY_WAIT, attempt)
    }

    async fn send(
        &self,
        db: &DatabaseConnection,
        episode: &relapse_episode::Model,
    ) -> Result<Finish, DbErr> {
        let Some(mailer) = self.mailer else {
            return Ok(Finish::Failed("email_not_configured".into()));
        };
        let Some(client) = client::Entity::find_by_id(episode.client_id).one(db).await? else {
            return Ok(Finish::Failed("client_gone".into()));
        };
        let Some(therapist) = therapist::Entity::find_by_id(client.therapist_id)
            .one(db)
            .await?
        else {
            return Ok(Finish::Failed("no_recipient".into()));
        };
        let mail = self.email(episode, &therapist.email);
        Ok(match mailer.send(&mail).await {
            MailOutcome::Sent => Finish::Sent,
            MailOutcome::Retry(code) => Finish::Retry(code),
            MailOutcome::Permanent(code) => Finish::Failed(code),
        })
    }

    /// The e-mail: no client name, no score, no note.
    fn email(&self, episode: &relapse_episode::Model, to: &str) -> Mail {
        let public = self.public_url.trim_end_matches('/');
        let host = reqwest::Url::parse(public)
            .ok()
            .and_then(|u| u.host_str().map(ToOwned::to_owned))
            .unwrap_or_else(|| "ipt-companion.invalid".into());
        Mail {
            to: to.to_owned(),
            subject: "IPT Companion: a client's check-ins after treatment need a review".into(),
            body: format!(
                "A client of yours whose course of treatment has ended answered the check-in \
                 questionnaire in IPT Companion in a way that calls for a review.\n\n\
                 Open the client's page to see it, then record your review there (booster \
                 session, new course, referral, monitoring):\n{public}/clients/{client}\n\n\
                 Episode {id}, seen {seen}.\n\
                 This message names no client and no score on purpose.\n\n-- \nIPT Companion\n",
                client = episode.client_id,
                id = episode.id,
                seen = episode.detected_at.format("%Y-%m-%d %H:%M UTC"),
            ),
            message_id: format!("<{}@{host}>", episode.id),
        }
    }
}
