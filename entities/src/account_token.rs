//! A single-use link of an account e-mail (password reset, address verification), stored only
//! as the SHA-256 hash of its token.

use crate::TherapistId;
use sea_orm::entity::prelude::*;

/// What a link does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum TokenPurpose {
    /// Sets a new password (30 minutes).
    #[sea_orm(string_value = "password_reset")]
    PasswordReset,
    /// Verifies the address of a new account (24 hours).
    #[sea_orm(string_value = "email_verification")]
    EmailVerification,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account_tokens")]
pub struct Model {
    /// SHA-256 of the token, hex.
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    pub therapist_id: TherapistId,
    pub purpose: TokenPurpose,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    /// Set when the link is used; it works once.
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
