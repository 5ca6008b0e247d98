//! Failed sign-ins, counted in the database (every replica sees the same counts) so that an
//! attacker is slowed down and the owner is not.
//!
//! - Only failures count, per account and address together: wrong passwords from elsewhere
//!   never delay the owner's address. After [`PAIR_FREE`] failures from one address, that
//!   address waits a growing delay before each further try; a success from it resets it.
//! - An attacker who rotates addresses is braked by the account's consecutive failures from
//!   anywhere: from [`ACCOUNT_FREE`] on, addresses that never signed in to the account take
//!   turns, one try per growing delay (capped, never a hard lock). Addresses the owner signed
//!   in from stay open. Any success resets the count.
//! - From [`NOTICE_AT`] consecutive failures the owner is told by e-mail, at most once per
//!   [`NOTICE_EVERY`].
//!
//! An account is keyed by a hash of the e-mail given, known or not, so that delays do not
//! tell which e-mails have an account and no e-mail is stored; an IPv6 address by its /64 (one
//! subscriber's usual allocation).

use crate::auth::AuthError;
use crate::client_addr::canonical;
use crate::credentials::tokens;
use crate::domain::Email;
use crate::error::ApiError;
use crate::mail::{Mail, MailOutcome, Mailer};
use chrono::{DateTime, Duration, Utc};
use entities::{sign_in_account, sign_in_failure, therapist};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter,
};
use std::net::IpAddr;
use std::sync::Arc;

/// Failures from one address allowed before it waits.
pub const PAIR_FREE: i32 = 5;
/// Consecutive failures of an account before unknown addresses wait.
pub const ACCOUNT_FREE: i32 = 20;
/// Consecutive failures at which the owner is told.
pub const NOTICE_AT: i32 = 10;
/// At most one notice per account in this time.
pub const NOTICE_EVERY: Duration = Duration::hours(1);
/// Failures of an address older than this (with none since) are forgotten.
const PAIR_QUIET: Duration = Duration::hours(24);
/// The longest delay while the account is below NIST SP 800-63B's 100 consecutive failures…
const MAX_DELAY: Duration = Duration::minutes(15);
/// …and from there on: a crawl, but never a lock that the owner cannot get through.
const MAX_DELAY_PAST_100: Duration = Duration::hours(1);

/// The delay after `over` failures beyond the free ones: 1 s, 2 s, 4 s, … up to `cap`.
fn delay(over: i32, cap: Duration) -> Duration {
    let exponent = u32::try_from(over.clamp(0, 30)).unwrap_or(30);
    Duration::seconds(1_i64 << exponent).min(cap)
}

fn account_delay(consecutive: i32) -> Duration {
    let cap = if consecutive >= 100 {
        MAX_DELAY_PAST_100
    } else {
        MAX_DELAY
    };
    delay(consecutive - ACCOUNT_FREE, cap)
}

fn pair_delay(failures: i32) -> Duration {
    delay(failures - PAIR_FREE, MAX_DELAY)
}

/// Whole seconds to wait, at least 1.
fn seconds(wait: Duration) -> u64 {
    std::cmp::max(
        u64::try_from(wait.num_milliseconds().saturating_add(999) / 1000).unwrap_or(1),
        1,
    )
}

/// The key of an address: IPv4 whole, IPv6 by its /64, none as `unknown`.
#[must_use]
pub fn address_key(address: Option<IpAddr>) -> String {
    match address.map(canonical) {
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => ipnet::Ipv6Net::new(v6, 64)
            .map(|net| net.trunc().to_string())
            .unwrap_or_else(|_| v6.to_string()),
        None => "unknown".to_owned(),
    }
}

/// The key of an account: a hash of the e-mail as given, normalised.
fn account_key(email: &str) -> String {
    tokens::hash(&format!("sign-in:{}", email.trim().to_lowercase()))
}

/// One admitted attempt, to be told how it went.
struct Attempt {
    account: String,
    address: String,
    /// The stored failures of the address were stale: the next one starts again at 1.
    stale: bool,
}

/// Failed-sign-in counting and the owner's notice.
pub struct SignInGuard {
    mailer: Option<Arc<dyn Mailer>>,
    public_url: String,
}

impl SignInGuard {
    /// A guard that tells owners through `mailer`, or (without one) only in the log.
    #[must_use]
    pub fn new(mailer: Option<Arc<dyn Mailer>>, public_url: &str) -> Self {
        Self {
            mailer,
            public_url: public_url.to_owned(),
        }
    }

    /// Runs `sign_in` for `email` from `address` if the failures so far allow, and counts its
    /// outcome: a wrong e-mail or password (`InvalidCredentials`) as a failure, a right password
    /// as a success; other refusals neither.
    ///
    /// # Errors
    /// The outer error: `TooManyRequests` with the seconds to wait (the password was not
    /// checked), or the database. The inner result is the attempt's own.
    pub async fn guard<T, F>(
        &self,
        db: &DatabaseConnection,
        now: DateTime<Utc>,
        email: &str,
        address: Option<IpAddr>,
        sign_in: impl FnOnce() -> F,
    ) -> Result<Result<T, AuthError>, ApiError>
    where
        F: Future<Output = Result<T, AuthError>>,
    {
        let attempt = admit(db, now, email, address).await?;
        let outcome = sign_in().await;
        match &outcome {
            // Signed in (the password, or the second step's code, was right), or the password
            // was right and only the e-mail waits for verification: the owner's address.
            Ok(_) | Err(AuthError::Refused(crate::error::AuthProblem::EmailUnverified)) => {
                succeeded(db, now, &attempt).await?;
            }
            // A wrong password, or a wrong code at the second step: whoever guesses codes knows
            // the password, and is braked like a password guesser. (A right password that
            // still needs the code is neither: the address opens only once the code is right,
            // so a stolen password does not open the thief's addresses.)
            Err(
                AuthError::InvalidCredentials
                | AuthError::Refused(crate::error::AuthProblem::MfaCodeInvalid),
            ) => {
                let consecutive = failed(db, now, &attempt).await?;
                if consecutive >= NOTICE_AT {
                    self.notice(db, now, &attempt, email, consecutive).await?;
                }
            }
            Err(_) => {}
        }
        Ok(outcome)
    }

    /// Tells the owner of the account (if it is one) of `consecutive` failures, unless told
    /// within [`NOTICE_EVERY`]. The claim is one conditional update, so replicas send one.
    async fn notice(
        &self,
        db: &DatabaseConnection,
        now: DateTime<Utc>,
        attempt: &Attempt,
        email: &str,
        consecutive: i32,
    ) -> Result<(), DbErr> {
        let turn = sign_in_account::Column::NoticedAt;
        if !take_turn(db, &attempt.account, turn, NOTICE_EVERY, None, now).await? {
            return Ok(());
        }
        let Ok(email) = Email::parse(email) else {
            return Ok(());
        };
        let Some(owner) = therapist::Entity::find()
            .filter(therapist::Column::Email.eq(email.as_str()))
            .one(db)
            .await?
        else {
            return Ok(());
        };
        let Some(mailer) = self.mailer.clone() else {
            tracing::warn!(therapist_id = %owner.id, failures = consecutive, "repeated failed sign-ins; no SMTP to tell the owner");
            return Ok(());
        };
        let host = reqwest::Url::parse(&self.public_url)
            .ok()
            .and_then(|u| u.host_str().map(ToOwned::to_owned))
            .unwrap_or_else(|| "ipt-companion.invalid".into());
        let mail = Mail {
            to: owner.email.clone(),
            subject: "IPT Companion: failed sign-ins to your account".into(),
            body: format!(
                "There have been {consecutive} failed attempts in a row to sign in to your IPT \
                 Companion account, the last at {}.\n\n\
                 If that was not you: signing in from a device you used before keeps working, \
                 and other addresses are slowed down. If you use this password anywhere else, \
                 change it there and here.\n\n\
                 You will not be told again for an hour.\n",
                now.format("%Y-%m-%d %H:%M UTC")
            ),
            message_id: format!("<sign-in-notice-{}@{host}>", uuid::Uuid::now_v7().simple()),
        };
        let therapist_id = owner.id;
        // Sent apart from the answer: an SMTP server that hangs must not hold the sign-in.
        actix_web::rt::spawn(async move {
            match mailer.send(&mail).await {
                MailOutcome::Sent => {
                    tracing::info!(therapist_id = %therapist_id, failures = consecutive, "owner told of failed sign-ins");
                }
                MailOutcome::Retry(code) | MailOutcome::Permanent(code) => {
                    tracing::warn!(therapist_id = %therapist_id, code = %code, "the notice of failed sign-ins was not sent");
                }
            }
        });
        Ok(())
    }
}

/// Whether an attempt may go ahead; if so, takes the turn it needs (one conditional update, so
/// that of attempts racing for one turn, on any replica, only one gets it).
async fn admit(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    email: &str,
    address: Option<IpAddr>,
) -> Result<Attempt, ApiError> {
    let account = account_key(email);
    let address = address_key(address);
    let pair = sign_in_failure::Entity::find_by_id((account.clone(), address.clone()))
        .one(db)
        .await?;
    let stale = pair
        .as_ref()
        .and_then(|p| p.last_failed_at)
        .is_some_and(|at| at <= now - PAIR_QUIET);
    let failures = pair.as_ref().filter(|_| !stale).map_or(0, |p| p.failures);
    if failures >= PAIR_FREE {
        let wait = pair_delay(failures);
        let took = sign_in_failure::Entity::update_many()
            .col_expr(sign_in_failure::Column::LastFailedAt, Expr::value(now))
            .filter(sign_in_failure::Column::AccountKey.eq(&account))
            .filter(sign_in_failure::Column::AddressKey.eq(&address))
            .filter(sign_in_failure::Column::Failures.eq(failures))
            .filter(sign_in_failure::Column::LastFailedAt.lte(now - wait))
            .exec(db)
            .await?
            .rows_affected;
        if took == 0 {
            let since = pair.as_ref().and_then(|p| p.last_failed_at).unwrap_or(now);
            return Err(ApiError::TooManyRequests(seconds(
                (since + wait - now)
                    .max(Duration::zero())
                    .max(Duration::seconds(1)),
            )));
        }
    }
    let known = pair.as_ref().is_some_and(|p| p.succeeded_at.is_some());
    if !known
        && let Some(row) = sign_in_account::Entity::find_by_id(account.clone())
            .one(db)
            .await?
        && row.consecutive_failures >= ACCOUNT_FREE
    {
        let wait = account_delay(row.consecutive_failures);
        let turn = sign_in_account::Column::DelayFrom;
        let unchanged = sign_in_account::Column::ConsecutiveFailures.eq(row.consecutive_failures);
        if !take_turn(db, &account, turn, wait, Some(unchanged), now).await? {
            let since = row.delay_from.unwrap_or(now);
            let left = if since + wait > now {
                since + wait - now
            } else {
                // Another attempt took the turn a moment ago.
                wait
            };
            return Err(ApiError::TooManyRequests(seconds(left)));
        }
    }
    Ok(Attempt {
        account,
        address,
        stale,
    })
}

/// Takes the account's turn at `turn` (telling its owner, or the next attempt after a delay):
/// sets it to `now` where it is unset or at least `every` old and `also` holds. One conditional
/// update, so that of several replicas (or racing attempts) exactly one takes it.
async fn take_turn(
    db: &DatabaseConnection,
    account: &str,
    turn: sign_in_account::Column,
    every: Duration,
    also: Option<sea_orm::sea_query::SimpleExpr>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let mut update = sign_in_account::Entity::update_many()
        .col_expr(turn, Expr::value(now))
        .filter(sign_in_account::Column::AccountKey.eq(account))
        .filter(turn.is_null().or(turn.lte(now - every)));
    if let Some(also) = also {
        update = update.filter(also);
    }
    Ok(update.exec(db).await?.rows_affected > 0)
}

/// Counts a failure of the attempt's address and account; returns the account's consecutive
/// failures.
async fn failed<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    attempt: &Attempt,
) -> Result<i32, DbErr> {
    sign_in_failure::Entity::insert(sign_in_failure::ActiveModel {
        account_key: Set(attempt.account.clone()),
        address_key: Set(attempt.address.clone()),
        failures: Set(0),
        last_failed_at: Set(None),
        succeeded_at: Set(None),
    })
    .on_conflict(
        OnConflict::columns([
            sign_in_failure::Column::AccountKey,
            sign_in_failure::Column::AddressKey,
        ])
        .do_nothing()
        .to_owned(),
    )
    .try_insert()
    .exec_without_returning(db)
    .await?;
    let failures = if attempt.stale {
        Expr::value(1)
    } else {
        Expr::col(sign_in_failure::Column::Failures).add(1)
    };
    sign_in_failure::Entity::update_many()
        .col_expr(sign_in_failure::Column::Failures, failures)
        .col_expr(sign_in_failure::Column::LastFailedAt, Expr::value(now))
        .filter(sign_in_failure::Column::AccountKey.eq(&attempt.account))
        .filter(sign_in_failure::Column::AddressKey.eq(&attempt.address))
        .exec(db)
        .await?;
    sign_in_account::Entity::insert(sign_in_account::ActiveModel {
        account_key: Set(attempt.account.clone()),
        consecutive_failures: Set(0),
        delay_from: Set(None),
        noticed_at: Set(None),
    })
    .on_conflict(
        OnConflict::column(sign_in_account::Column::AccountKey)
            .do_nothing()
            .to_owned(),
    )
    .try_insert()
    .exec_without_returning(db)
    .await?;
    sign_in_account::Entity::update_many()
        .col_expr(
            sign_in_account::Column::ConsecutiveFailures,
            Expr::col(sign_in_account::Column::ConsecutiveFailures).add(1),
        )
        .col_expr(sign_in_account::Column::DelayFrom, Expr::value(now))
        .filter(sign_in_account::Column::AccountKey.eq(&attempt.account))
        .exec(db)
        .await?;
    Ok(sign_in_account::Entity::find_by_id(attempt.account.clone())
        .one(db)
        .await?
        .map_or(0, |row| row.consecutive_failures))
}

/// Counts a success: the address is known to the account from now on, and the failures of
/// the address and the account's consecutive ones start again.
async fn succeeded<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    attempt: &Attempt,
) -> Result<(), DbErr> {
    sign_in_failure::Entity::insert(sign_in_failure::ActiveModel {
        account_key: Set(attempt.account.clone()),
        address_key: Set(attempt.address.clone()),
        failures: Set(0),
        last_failed_at: Set(None),
        succeeded_at: Set(Some(now)),
    })
    .on_conflict(
        OnConflict::columns([
            sign_in_failure::Column::AccountKey,
            sign_in_failure::Column::AddressKey,
        ])
        .update_columns([
            sign_in_failure::Column::Failures,
            sign_in_failure::Column::LastFailedAt,
            sign_in_failure::Column::SucceededAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    sign_in_account::Entity::update_many()
        .col_expr(sign_in_account::Column::ConsecutiveFailures, Expr::value(0))
        .col_expr(
            sign_in_account::Column::DelayFrom,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(sign_in_account::Column::AccountKey.eq(&attempt.account))
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets what no longer counts: the failures of addresses that never signed in, once quiet
/// for a day, and accounts with no failures whose notice window has passed. (An account's
/// consecutive failures are kept until a success.)
///
/// # Errors
/// Database errors.
pub async fn purge<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let pairs = sign_in_failure::Entity::delete_many()
        .filter(sign_in_failure::Column::SucceededAt.is_null())
        .filter(
            sign_in_failure::Column::LastFailedAt
                .is_null()
                .or(sign_in_failure::Column::LastFailedAt.lte(now - PAIR_QUIET)),
        )
        .exec(db)
        .await?
        .rows_affected;
    let accounts = sign_in_account::Entity::delete_many()
        .filter(sign_in_account::Column::ConsecutiveFailures.eq(0))
        .filter(
            sign_in_account::Column::NoticedAt
                .is_null()
                .or(sign_in_account::Column::NoticedAt.lte(now - NOTICE_EVERY)),
        )
        .exec(db)
        .await?
        .rows_affected;
    Ok(pairs + accounts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv6_address_is_keyed_by_its_64_and_an_ipv4_address_whole() {
        let a: IpAddr = "2001:db8:1:2::1".parse().expect("an address");
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().expect("an address");
        let c: IpAddr = "2001:db8:1:3::1".parse().expect("an address");
        assert_eq!(address_key(Some(a)), address_key(Some(b)));
        assert_ne!(address_key(Some(a)), address_key(Some(c)));
        assert_eq!(
            address_key(Some("::ffff:192.0.2.1".parse().expect("an address"))),
            "192.0.2.1"
        );
    }

    #[test]
    fn delays_grow_and_are_capped() {
        assert_eq!(account_delay(ACCOUNT_FREE), Duration::seconds(1));
        assert_eq!(account_delay(ACCOUNT_FREE + 3), Duration::seconds(8));
        assert_eq!(account_delay(60), MAX_DELAY);
        assert_eq!(account_delay(150), MAX_DELAY_PAST_100);
        assert_eq!(pair_delay(PAIR_FREE), Duration::seconds(1));
        assert_eq!(seconds(Duration::milliseconds(1500)), 2);
    }
}
