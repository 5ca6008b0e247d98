//! Therapist accounts: sign-up.

use crate::audit::{self, Action, Actor, Event};
use crate::auth::hash_password;
use crate::domain::{DisplayName, Email, Password, rule};
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::limits::Door;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use chrono::{DateTime, Utc};
use entities::{TherapistId, therapist};
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, SqlErr, TransactionTrait};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

fn valid_email(raw: &str) -> Result<(), validator::ValidationError> {
    rule(Email::parse(raw))
}
fn valid_password(raw: &str) -> Result<(), validator::ValidationError> {
    rule(Password::parse(raw))
}
fn valid_display_name(raw: &str) -> Result<(), validator::ValidationError> {
    rule(DisplayName::parse(raw))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    #[validate(custom(function = "valid_email"))]
    pub email: String,
    /// At least 12 characters.
    #[validate(custom(function = "valid_password"))]
    pub password: String,
    #[validate(custom(function = "valid_display_name"))]
    pub display_name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TherapistResponse {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SignupError {
    #[error("sign-up is disabled")]
    Disabled,
    #[error("e-mail already registered")]
    EmailTaken,
    #[error("invalid field {0}: {1}")]
    Invalid(&'static str, &'static str),
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("hashing failed")]
    Hash,
    #[error(transparent)]
    Blocking(#[from] actix_web::error::BlockingError),
}

impl From<SignupError> for ApiError {
    fn from(err: SignupError) -> Self {
        match err {
            SignupError::Disabled => Self::Forbidden,
            SignupError::EmailTaken => {
                Self::Conflict("An account with this e-mail already exists.".into())
            }
            SignupError::Invalid(field, message) => Self::field(field, message),
            SignupError::Db(e) => e.into(),
            SignupError::Hash => Self::Internal(anyhow::anyhow!("password hashing failed")),
            SignupError::Blocking(e) => e.into(),
        }
    }
}

/// A therapist account as created.
pub struct NewTherapist {
    pub email: Email,
    pub password: Password,
    pub display_name: DisplayName,
}

/// Creates a therapist account.
///
/// # Errors
/// `EmailTaken` for a registered e-mail; database errors.
pub async fn sign_up(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    new: NewTherapist,
    source: Option<std::net::IpAddr>,
) -> Result<therapist::Model, SignupError> {
    let password = new.password;
    let password_hash = actix_web::web::block(move || hash_password(password.expose()))
        .await?
        .map_err(|_| SignupError::Hash)?;
    let model = therapist::Model {
        id: TherapistId::new(),
        email: new.email.as_str().to_owned(),
        password_hash,
        display_name: new.display_name.into_inner(),
        created_at: now,
        escalation_email: None,
        contact_phone: None,
    };
    let active = therapist::ActiveModel::from(model.clone());
    let txn = db.begin().await?;
    match therapist::Entity::insert(active)
        .exec_without_returning(&txn)
        .await
    {
        Ok(_) => {
            let actor = Actor {
                id: Some(model.id.uuid()),
                role: entities::audit_entry::ActorRole::Therapist,
                source,
            };
            audit::record(
                &txn,
                now,
                actor,
                Event::of(Action::SignUp, "therapist", Some(model.id.uuid()), None),
            )
            .await?;
            txn.commit().await?;
            Ok(model)
        }
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Err(SignupError::EmailTaken)
        }
        Err(e) => Err(e.into()),
    }
}

/// Creates a therapist account (when the server allows sign-up).
#[utoipa::path(
    tag = "accounts",
    request_body = SignupRequest,
    responses(
        (status = 201, description = "Account created", body = TherapistResponse),
        (status = 403, description = "Sign-up is disabled on this server", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "E-mail already registered", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/therapists")]
pub async fn create_therapist(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    body: Json<SignupRequest>,
) -> Result<HttpResponse, ApiError> {
    if !state.settings.allow_signup {
        return Err(SignupError::Disabled.into());
    }
    let body = body.0;
    let source = req.peer_addr().map(|a| a.ip());
    state.limits.check(
        Door::SignUp,
        source,
        Some(&body.email.trim().to_lowercase()),
    )?;
    let new = NewTherapist {
        email: Email::parse(&body.email).map_err(|m| SignupError::Invalid("email", m))?,
        password: Password::parse(&body.password)
            .map_err(|m| SignupError::Invalid("password", m))?,
        display_name: DisplayName::parse(&body.display_name)
            .map_err(|m| SignupError::Invalid("display_name", m))?,
    };
    let created = sign_up(
        &state.db,
        state.clock.now(),
        new,
        req.peer_addr().map(|a| a.ip()),
    )
    .await?;
    tracing::info!(therapist_id = %created.id, "therapist account created");
    Ok(HttpResponse::Created().json(TherapistResponse {
        id: created.id.uuid(),
        email: created.email,
        display_name: created.display_name,
    }))
}
