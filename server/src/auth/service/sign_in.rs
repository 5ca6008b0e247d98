//! The password step, the second step, and the sign-ins they open (API and web).

use super::*;

/// The account of `email` if `password` is its password. An unknown e-mail costs the same
/// time as a wrong password (a dummy hash is verified) and fails the same way.
async fn verify_credentials(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    email: &str,
    password: String,
    source: Option<IpAddr>,
) -> Result<therapist::Model, AuthError> {
    let account = match Email::parse(email) {
        Ok(email) => {
            therapist::Entity::find()
                .filter(therapist::Column::Email.eq(email.as_str()))
                .one(db)
                .await?
        }
        Err(_) => None,
    };
    let stored = account.as_ref().map(|a| a.password_hash.clone());
    let verified =
        actix_web::web::block(move || password::verify_password(&password, stored.as_deref()))
            .await?;
    match account.filter(|_| verified) {
        Some(account) => {
            // Said only after the right password, so that it tells a guesser nothing.
            let unverified = therapist::verification::Entity::find_by_id(account.id)
                .one(db)
                .await?
                .and_then(|v| v.email_unverified_since)
                .is_some();
            if unverified {
                return Err(AuthError::Refused(AuthProblem::EmailUnverified));
            }
            Ok(account)
        }
        None => {
            // Anonymous, and without the e-mail: the trail must not collect personal data.
            let event = Event::of(Action::SignInFailed, ObjectType::Therapist, None, None).failed();
            audit::record(db, now, Actor::anonymous(source), event).await?;
            Err(AuthError::InvalidCredentials)
        }
    }
}

/// Where a sign-in is used: the API, whose sign-in is a token pair, or the web pages, whose
/// sign-in is one cookie's token. The steps of signing in are the same for both.
pub trait Surface {
    /// What an opened sign-in hands over.
    type Issued;
    /// Whether a second factor's challenge is the web's (the two do not redeem each other's).
    const WEB: bool;
    /// Opens a sign-in of `therapist`, whose credentials were checked.
    async fn open(
        db: &DatabaseConnection,
        therapist: TherapistId,
        now: DateTime<Utc>,
        source: Option<IpAddr>,
    ) -> Result<Self::Issued, DbErr>;
}

/// The API's sign-in: a token pair.
pub struct Api;

/// The web pages' sign-in: the session cookie's token, which expires after
/// [`WEB_IDLE_TIMEOUT`] without use.
pub struct Web;

/// Signs a therapist in. An unknown e-mail and a wrong password answer alike, in alike time.
/// An account with a second factor is not signed in yet: `SecondFactor` carries the token of
/// [`login_second_step`].
///
/// # Errors
/// `InvalidCredentials`, `SecondFactor`, or database errors.
pub async fn login<S: Surface>(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    email: &str,
    password: String,
    source: Option<IpAddr>,
) -> Result<(TherapistId, S::Issued), AuthError> {
    let therapist = password_step(db, now, email, password, source, S::WEB).await?;
    let issued = S::open(db, therapist, now, source).await?;
    Ok((therapist, issued))
}

/// Finishes a sign-in with a second factor: what [`login`] answers for an account without one.
///
/// # Errors
/// `Refused(MfaCodeInvalid)`, `Refused(MfaTokenInvalid)`, or database errors.
pub async fn login_second_step<S: Surface>(
    db: &DatabaseConnection,
    key: &TokenKey,
    now: DateTime<Utc>,
    mfa_token: &str,
    code: &str,
    source: Option<IpAddr>,
) -> Result<(TherapistId, S::Issued), AuthError> {
    let therapist = second_step(db, key, now, mfa_token, code, S::WEB, source).await?;
    let issued = S::open(db, therapist, now, source).await?;
    Ok((therapist, issued))
}

/// The password step of a sign-in, the same for the API and the web: the account whose
/// credentials are right, unless it has a second factor, whose challenge (for the web or the
/// API's second step) it answers with instead.
async fn password_step(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    email: &str,
    password: String,
    source: Option<IpAddr>,
    for_web: bool,
) -> Result<TherapistId, AuthError> {
    let account = verify_credentials(db, now, email, password, source).await?;
    if let Some(mfa_token) =
        crate::mfa::service::challenge_if_enrolled(db, account.id, for_web, now).await?
    {
        return Err(AuthError::SecondFactor(mfa_token));
    }
    Ok(account.id)
}

impl Surface for Api {
    type Issued = TokenPair;
    const WEB: bool = false;

    async fn open(
        db: &DatabaseConnection,
        therapist: TherapistId,
        now: DateTime<Utc>,
        source: Option<IpAddr>,
    ) -> Result<TokenPair, DbErr> {
        let txn = crate::db::begin_write(db).await?;
        let session = open_session(&txn, Subject::Therapist(therapist), None, now, source).await?;
        let pair = store_tokens(&txn, session, now, Minted::random()).await?;
        txn.commit().await?;
        Ok(pair)
    }
}

/// The second step of a sign-in with a second factor: the `mfa_token` of [`login`]'s
/// `SecondFactor` (the web's, with `for_web`) and a TOTP or recovery code. A wrong
/// code is recorded as a failed sign-in of the account.
async fn second_step(
    db: &DatabaseConnection,
    key: &TokenKey,
    now: DateTime<Utc>,
    mfa_token: &str,
    code: &str,
    for_web: bool,
    source: Option<IpAddr>,
) -> Result<TherapistId, AuthError> {
    use crate::mfa::service::MfaError;
    match crate::mfa::service::redeem_challenge(db, key, mfa_token, code, for_web, now).await {
        Ok(therapist) => Ok(therapist),
        Err((MfaError::WrongCode, therapist)) => {
            // Counted as a failed sign-in of the account by the caller's guard
            // (limits::sign_in); here it goes to the audit trail, and the token itself stops
            // working after a few wrong codes.
            let event = Event::of(
                Action::SignInFailed,
                ObjectType::Therapist,
                therapist.map(TherapistId::uuid),
                None,
            )
            .failed();
            audit::record(db, now, Actor::anonymous(source), event).await?;
            Err(AuthError::Refused(AuthProblem::MfaCodeInvalid))
        }
        Err((MfaError::ChallengeInvalid, _)) => {
            Err(AuthError::Refused(AuthProblem::MfaTokenInvalid))
        }
        Err((MfaError::Db(e), _)) => Err(e.into()),
        Err((other, _)) => Err(AuthError::Db(DbErr::Custom(other.to_string()))),
    }
}

impl Surface for Web {
    type Issued = String;
    const WEB: bool = true;

    async fn open(
        db: &DatabaseConnection,
        therapist: TherapistId,
        now: DateTime<Utc>,
        source: Option<IpAddr>,
    ) -> Result<String, DbErr> {
        let txn = crate::db::begin_write(db).await?;
        let subject = Subject::Therapist(therapist);
        let session = open_session(&txn, subject, Some("web".into()), now, source).await?;
        let token = tokens::generate();
        auth_token::Entity::insert(auth_token::ActiveModel {
            token_hash: Set(tokens::hash(&token)),
            session_id: Set(session),
            kind: Set(TokenKind::Web),
            created_at: Set(now),
            expires_at: Set(now + WEB_IDLE_TIMEOUT),
            used_at: Set(None),
        })
        .exec_without_returning(&txn)
        .await?;
        txn.commit().await?;
        Ok(token)
    }
}

/// Resolves a web cookie token and slides its idle timeout.
///
/// # Errors
/// `InvalidToken` when unknown, idle too long or signed out; database errors.
pub async fn web_authenticate(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    cookie_token: &str,
) -> Result<(SessionId, TherapistId), AuthError> {
    let hash = tokens::hash(cookie_token);
    let token = auth_token::Entity::find_by_id(hash.clone())
        .filter(auth_token::Column::Kind.eq(TokenKind::Web))
        .filter(auth_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .ok_or(AuthError::InvalidToken)?;
    let session = auth_session::Entity::find_by_id(token.session_id)
        .filter(auth_session::Column::RevokedAt.is_null())
        .one(db)
        .await?
        .ok_or(AuthError::InvalidToken)?;
    let therapist = session.therapist_id.ok_or(AuthError::InvalidToken)?;
    // Slide the idle timeout, at most once a minute to spare writes.
    if token.expires_at - now < WEB_IDLE_TIMEOUT - chrono::Duration::minutes(1) {
        auth_token::Entity::update_many()
            .col_expr(
                auth_token::Column::ExpiresAt,
                Expr::value(now + WEB_IDLE_TIMEOUT),
            )
            .filter(auth_token::Column::TokenHash.eq(hash))
            .exec(db)
            .await?;
    }
    Ok((session.id, therapist))
}
