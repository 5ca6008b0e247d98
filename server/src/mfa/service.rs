//! Enrolment, codes and the sign-in's second step.
//!
//! A code is checked against the injected clock (never the system's), so tests move time and
//! compute the codes an authenticator app would show. A TOTP code is accepted once: the step it
//! belongs to is stored, and only a later step's code is accepted after it (one conditional
//! write, so two racing requests cannot both use it). Recovery codes are single-use hashes.

use super::model::Enrolment;
use super::secret::{self, SealError};
use crate::credentials::{TokenKey, tokens};
use crate::error::{ApiError, Reason};
use chrono::{DateTime, Utc};
use entities::{TherapistId, mfa_challenge, mfa_recovery_code, therapist, therapist_totp};
use rand::Rng;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter,
};

/// How long the `mfa_token` of a sign-in waiting for its second step lives.
pub const CHALLENGE_TTL: chrono::Duration = chrono::Duration::minutes(5);
/// Wrong codes after which an `mfa_token` stops working (sign in again with the password).
pub const CHALLENGE_MAX_FAILURES: i32 = 5;
/// Recovery codes handed out when the factor is turned on.
pub const RECOVERY_CODE_COUNT: usize = 10;
/// The name authenticator apps show above the code.
const ISSUER: &str = "IPT Companion";
/// Letters and digits that cannot be mistaken for each other (no i, l, o, 0, 1).
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// Why a second-factor request was refused.
#[derive(Debug, thiserror::Error)]
pub enum MfaError {
    #[error("a second factor is already active")]
    AlreadyActive,
    #[error("no enrolment is pending")]
    NotPending,
    #[error("no second factor is active")]
    NotActive,
    #[error("the deployment requires a second factor")]
    RequiredByDeployment,
    /// The account's address is not verified yet.
    #[error("the e-mail address is not verified")]
    Unverified,
    /// Not the current TOTP code (or one already used), and not an unused recovery code.
    #[error("wrong code")]
    WrongCode,
    /// An `mfa_token` that is unknown, used, expired or worn out.
    #[error("invalid second-step token")]
    ChallengeInvalid,
    #[error("the stored TOTP secret cannot be opened")]
    Sealed(#[from] SealError),
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<MfaError> for ApiError {
    fn from(err: MfaError) -> Self {
        match err {
            MfaError::AlreadyActive => Self::Conflict(Reason::MfaAlreadyActive),
            MfaError::NotPending => Self::Conflict(Reason::MfaNotPending),
            MfaError::NotActive => Self::Conflict(Reason::MfaNotActive),
            MfaError::RequiredByDeployment => Self::Conflict(Reason::MfaRequired),
            MfaError::Unverified => Self::Forbidden,
            MfaError::WrongCode => Self::field(
                "code",
                "is not the current code of the authenticator app nor an unused recovery code",
            ),
            MfaError::ChallengeInvalid => Self::Auth(crate::error::AuthProblem::MfaTokenInvalid),
            MfaError::Sealed(e) => Self::Internal(e.into()),
            MfaError::Db(e) => e.into(),
        }
    }
}

fn totp(secret: Vec<u8>, account: &str) -> Result<totp_rs::Totp, SealError> {
    // SHA-1, 6 digits, 30 s and one step either side: what authenticator apps support.
    totp_rs::Builder::new()
        .with_secret(secret)
        .with_account_name(account.replace(':', ""))
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|_| SealError)
}

/// The code without spaces, if it looks like a TOTP code (six digits).
fn totp_digits(code: &str) -> Option<String> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// The Unix time the injected clock says, for the TOTP step.
fn unix(now: DateTime<Utc>) -> u64 {
    u64::try_from(now.timestamp()).unwrap_or(0)
}

fn recovery_hash(therapist: TherapistId, code: &str) -> String {
    let normalised: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    tokens::hash(&format!("ipt/recovery-code:{therapist}:{normalised}"))
}

fn new_recovery_code() -> String {
    let mut rng = rand::rngs::OsRng;
    let mut code = String::with_capacity(11);
    for i in 0..10 {
        if i == 5 {
            code.push('-');
        }
        let pick = RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())];
        code.push(char::from(pick));
    }
    code
}

async fn row<C: ConnectionTrait>(
    db: &C,
    therapist: TherapistId,
) -> Result<Option<therapist_totp::Model>, DbErr> {
    therapist_totp::Entity::find_by_id(therapist).one(db).await
}

/// Whether the therapist signs in with a second factor.
///
/// # Errors
/// Database errors.
pub async fn is_active<C: ConnectionTrait>(db: &C, therapist: TherapistId) -> Result<bool, DbErr> {
    Ok(row(db, therapist)
        .await?
        .is_some_and(|r| r.confirmed_at.is_some()))
}

/// Starts (or restarts) an enrolment: a new secret, pending until [`confirm`].
///
/// # Errors
/// `AlreadyActive`; `Unverified` for an account whose address is not verified yet; database
/// errors.
pub async fn start_enrolment(
    db: &DatabaseConnection,
    key: &TokenKey,
    therapist: TherapistId,
    now: DateTime<Utc>,
) -> Result<Enrolment, MfaError> {
    // An unverified account's password may be a stranger's (see `sign_up_pending`); a second
    // factor would let that stranger keep the owner out. It cannot sign in, and this holds even
    // if a session of it existed.
    if crate::accounts::service::is_unverified(db, therapist).await? {
        return Err(MfaError::Unverified);
    }
    let txn = crate::db::begin_write(db).await?;
    // Racing enrolments take turns on the account row (PostgreSQL; SQLite's write lock does it
    // already): each then finds the one before it and replaces it, instead of both inserting.
    crate::accounts::service::hold_account(&txn, therapist).await?;
    if let Some(existing) = row(&txn, therapist).await? {
        if existing.confirmed_at.is_some() {
            return Err(MfaError::AlreadyActive);
        }
        therapist_totp::Entity::delete_by_id(therapist)
            .exec(&txn)
            .await?;
    }
    let account = therapist::Entity::find_by_id(therapist)
        .one(&txn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the signed-in therapist".into()))?;
    let mut raw = [0u8; 20];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut raw);
    therapist_totp::Entity::insert(therapist_totp::ActiveModel {
        therapist_id: Set(therapist),
        sealed_secret: Set(secret::seal(key, therapist, &raw)?),
        created_at: Set(now),
        confirmed_at: Set(None),
        last_step: Set(None),
    })
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(describe(raw.to_vec(), &account.email)?)
}

/// The pending enrolment, again (the page shows it until it is confirmed).
///
/// # Errors
/// Database errors, or a stored secret that cannot be opened.
pub async fn pending(
    db: &DatabaseConnection,
    key: &TokenKey,
    therapist: TherapistId,
) -> Result<Option<Enrolment>, MfaError> {
    let Some(stored) = row(db, therapist)
        .await?
        .filter(|r| r.confirmed_at.is_none())
    else {
        return Ok(None);
    };
    let account = therapist::Entity::find_by_id(therapist)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the signed-in therapist".into()))?;
    let raw = secret::open(key, therapist, &stored.sealed_secret)?;
    Ok(Some(describe(raw, &account.email)?))
}

/// What an authenticator app needs of `raw`: base32, the URI and its QR code.
fn describe(raw: Vec<u8>, email: &str) -> Result<Enrolment, SealError> {
    let secret = totp_rs::Secret::from(raw.clone()).to_base32();
    let otpauth_uri = totp(raw, email)?.to_url().map_err(|_| SealError)?;
    let qr_svg = qrcode::QrCode::new(otpauth_uri.as_bytes())
        .map_err(|_| SealError)?
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .build();
    // Without the XML declaration: the SVG goes inline into a page (which the pages' CSP
    // allows, unlike an image from elsewhere) and into JSON.
    let qr_svg = match qr_svg.find("<svg") {
        Some(at) => qr_svg[at..].to_owned(),
        None => qr_svg,
    };
    Ok(Enrolment {
        secret,
        otpauth_uri,
        qr_svg,
    })
}

/// The step of `code` if it is a code of the stored secret now; `None` for a wrong one.
fn matching_step(
    key: &TokenKey,
    stored: &therapist_totp::Model,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, MfaError> {
    let Some(digits) = totp_digits(code) else {
        return Ok(None);
    };
    let raw = secret::open(key, stored.therapist_id, &stored.sealed_secret)?;
    let step = totp(raw, "")?.check(&digits, unix(now));
    Ok(step.and_then(|s| i64::try_from(s).ok()))
}

/// Uses the TOTP step `step` of an active or pending factor: only if no code of this step or a
/// later one was accepted before (one conditional write, so racing requests cannot both win).
async fn claim_step<C: ConnectionTrait>(
    db: &C,
    therapist: TherapistId,
    step: i64,
    confirm_at: Option<DateTime<Utc>>,
) -> Result<bool, DbErr> {
    let mut update = therapist_totp::Entity::update_many()
        .col_expr(therapist_totp::Column::LastStep, Expr::value(step))
        .filter(therapist_totp::Column::TherapistId.eq(therapist))
        .filter(
            Condition::any()
                .add(therapist_totp::Column::LastStep.is_null())
                .add(therapist_totp::Column::LastStep.lt(step)),
        );
    update = match confirm_at {
        Some(at) => update
            .col_expr(therapist_totp::Column::ConfirmedAt, Expr::value(at))
            .filter(therapist_totp::Column::ConfirmedAt.is_null()),
        None => update.filter(therapist_totp::Column::ConfirmedAt.is_not_null()),
    };
    Ok(update.exec(db).await?.rows_affected == 1)
}

/// Turns the pending factor on with a first code, and answers its recovery codes (in clear,
/// this once; only their hashes are kept). Earlier recovery codes stop working.
///
/// # Errors
/// `NotPending`, `AlreadyActive`, `WrongCode`, or database errors.
pub async fn confirm(
    db: &DatabaseConnection,
    key: &TokenKey,
    therapist: TherapistId,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Vec<String>, MfaError> {
    let stored = row(db, therapist).await?.ok_or(MfaError::NotPending)?;
    if stored.confirmed_at.is_some() {
        return Err(MfaError::AlreadyActive);
    }
    let step = matching_step(key, &stored, code, now)?.ok_or(MfaError::WrongCode)?;
    let txn = crate::db::begin_write(db).await?;
    if !claim_step(&txn, therapist, step, Some(now)).await? {
        return Err(MfaError::NotPending);
    }
    mfa_recovery_code::Entity::delete_many()
        .filter(mfa_recovery_code::Column::TherapistId.eq(therapist))
        .exec(&txn)
        .await?;
    let codes: Vec<String> = (0..RECOVERY_CODE_COUNT)
        .map(|_| new_recovery_code())
        .collect();
    mfa_recovery_code::Entity::insert_many(codes.iter().map(|code| {
        mfa_recovery_code::ActiveModel {
            code_hash: Set(recovery_hash(therapist, code)),
            therapist_id: Set(therapist),
            created_at: Set(now),
            used_at: Set(None),
        }
    }))
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(codes)
}

/// Whether `code` is the current TOTP code of the therapist's active factor (not used before)
/// or one of its unused recovery codes; a matching code is used up by this call.
///
/// # Errors
/// Database errors, or a stored secret that cannot be opened (`IPT_TOKEN_KEY` changed).
pub async fn use_code<C: ConnectionTrait>(
    db: &C,
    key: &TokenKey,
    therapist: TherapistId,
    code: &str,
    now: DateTime<Utc>,
) -> Result<bool, MfaError> {
    let Some(stored) = row(db, therapist)
        .await?
        .filter(|r| r.confirmed_at.is_some())
    else {
        return Ok(false);
    };
    if totp_digits(code).is_some() {
        return Ok(match matching_step(key, &stored, code, now)? {
            Some(step) => claim_step(db, therapist, step, None).await?,
            None => false,
        });
    }
    let used = mfa_recovery_code::Entity::update_many()
        .col_expr(mfa_recovery_code::Column::UsedAt, Expr::value(now))
        .filter(mfa_recovery_code::Column::CodeHash.eq(recovery_hash(therapist, code)))
        .filter(mfa_recovery_code::Column::TherapistId.eq(therapist))
        .filter(mfa_recovery_code::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    if used.rows_affected == 1 {
        tracing::info!(therapist_id = %therapist, "a recovery code was used");
    }
    Ok(used.rows_affected == 1)
}

/// Turns the second factor off, proven with a current code or a recovery code.
///
/// # Errors
/// `RequiredByDeployment`, `NotActive`, `WrongCode`, or database errors.
pub async fn disable(
    db: &DatabaseConnection,
    key: &TokenKey,
    therapist: TherapistId,
    code: &str,
    now: DateTime<Utc>,
    required: bool,
) -> Result<(), MfaError> {
    if required {
        return Err(MfaError::RequiredByDeployment);
    }
    if !is_active(db, therapist).await? {
        return Err(MfaError::NotActive);
    }
    if !use_code(db, key, therapist, code, now).await? {
        return Err(MfaError::WrongCode);
    }
    let txn = crate::db::begin_write(db).await?;
    therapist_totp::Entity::delete_by_id(therapist)
        .exec(&txn)
        .await?;
    mfa_recovery_code::Entity::delete_many()
        .filter(mfa_recovery_code::Column::TherapistId.eq(therapist))
        .exec(&txn)
        .await?;
    mfa_challenge::Entity::delete_many()
        .filter(mfa_challenge::Column::TherapistId.eq(therapist))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// For a therapist whose password was right: the `mfa_token` of the second step if the account
/// has an active factor, `None` if it signs in with the password alone.
///
/// # Errors
/// Database errors.
pub async fn challenge_if_enrolled<C: ConnectionTrait>(
    db: &C,
    therapist: TherapistId,
    for_web: bool,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbErr> {
    if !is_active(db, therapist).await? {
        return Ok(None);
    }
    let token = tokens::generate();
    mfa_challenge::Entity::insert(mfa_challenge::ActiveModel {
        token_hash: Set(tokens::hash(&token)),
        therapist_id: Set(therapist),
        for_web: Set(for_web),
        failures: Set(0),
        created_at: Set(now),
        expires_at: Set(now + CHALLENGE_TTL),
        used_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    // Challenges of the past are of no use: keep the table as small as the sign-ins in flight.
    mfa_challenge::Entity::delete_many()
        .filter(mfa_challenge::Column::ExpiresAt.lt(now - chrono::Duration::days(1)))
        .exec(db)
        .await?;
    Ok(Some(token))
}

/// The e-mail of the account whose live second step `mfa_token` is (for the failed-sign-in
/// count, which is kept by e-mail); none for a token that is unknown, used, expired or worn out.
///
/// # Errors
/// Database errors.
pub async fn challenge_email(
    db: &DatabaseConnection,
    mfa_token: &str,
    for_web: bool,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbErr> {
    let challenge = mfa_challenge::Entity::find_by_id(tokens::hash(mfa_token))
        .filter(mfa_challenge::Column::ForWeb.eq(for_web))
        .filter(mfa_challenge::Column::UsedAt.is_null())
        .filter(mfa_challenge::Column::ExpiresAt.gt(now))
        .filter(mfa_challenge::Column::Failures.lt(CHALLENGE_MAX_FAILURES))
        .one(db)
        .await?;
    let Some(challenge) = challenge else {
        return Ok(None);
    };
    Ok(
        entities::therapist::Entity::find_by_id(challenge.therapist_id)
            .one(db)
            .await?
            .map(|t| t.email),
    )
}

/// The second step: the therapist of `mfa_token` if `code` is right. The token works once; a
/// wrong code counts against it, and after [`CHALLENGE_MAX_FAILURES`] it stops working.
///
/// # Errors
/// `ChallengeInvalid`, `WrongCode` (with the therapist, for the failure's record), or database
/// errors.
pub async fn redeem_challenge(
    db: &DatabaseConnection,
    key: &TokenKey,
    mfa_token: &str,
    code: &str,
    for_web: bool,
    now: DateTime<Utc>,
) -> Result<TherapistId, (MfaError, Option<TherapistId>)> {
    let hash = tokens::hash(mfa_token);
    // The attempt is counted before the code is judged, in one conditional UPDATE: reading the
    // count first let 25 guesses sent at once all pass the check of a cap of 5. A right code
    // uses the token up, so counting it too changes nothing for its owner.
    let counted = mfa_challenge::Entity::update_many()
        .col_expr(
            mfa_challenge::Column::Failures,
            Expr::col(mfa_challenge::Column::Failures).add(1),
        )
        .filter(mfa_challenge::Column::TokenHash.eq(hash.clone()))
        .filter(mfa_challenge::Column::ForWeb.eq(for_web))
        .filter(mfa_challenge::Column::UsedAt.is_null())
        .filter(mfa_challenge::Column::ExpiresAt.gt(now))
        .filter(mfa_challenge::Column::Failures.lt(CHALLENGE_MAX_FAILURES))
        .exec(db)
        .await
        .map_err(|e| (e.into(), None))?;
    if counted.rows_affected != 1 {
        return Err((MfaError::ChallengeInvalid, None));
    }
    let challenge = mfa_challenge::Entity::find_by_id(hash.clone())
        .one(db)
        .await
        .map_err(|e| (e.into(), None))?
        .ok_or((MfaError::ChallengeInvalid, None))?;
    let therapist = challenge.therapist_id;
    let with = |e: MfaError| (e, Some(therapist));
    if !use_code(db, key, therapist, code, now)
        .await
        .map_err(with)?
    {
        return Err(with(MfaError::WrongCode));
    }
    let claimed = mfa_challenge::Entity::update_many()
        .col_expr(mfa_challenge::Column::UsedAt, Expr::value(now))
        .filter(mfa_challenge::Column::TokenHash.eq(hash))
        .filter(mfa_challenge::Column::UsedAt.is_null())
        .exec(db)
        .await
        .map_err(|e| with(e.into()))?;
    if claimed.rows_affected != 1 {
        return Err(with(MfaError::ChallengeInvalid));
    }
    Ok(therapist)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_totp_code_is_six_digits_and_spaces_do_not_matter() {
        assert_eq!(totp_digits("123 456").as_deref(), Some("123456"));
        assert_eq!(totp_digits("12345"), None);
        assert_eq!(totp_digits("abcde-fghjk"), None);
    }

    #[test]
    fn a_recovery_code_matches_whatever_its_case_and_dashes() {
        let therapist = TherapistId::new();
        let code = new_recovery_code();
        assert_eq!(code.len(), 11);
        assert_eq!(
            recovery_hash(therapist, &code),
            recovery_hash(therapist, &code.to_uppercase().replace('-', " "))
        );
        assert_ne!(
            recovery_hash(therapist, &code),
            recovery_hash(TherapistId::new(), &code)
        );
    }
}
