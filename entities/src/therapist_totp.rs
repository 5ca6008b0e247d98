//! A therapist's TOTP second factor: pending until confirmed with a first code.

use crate::TherapistId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "therapist_totp")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub therapist_id: TherapistId,
    /// The shared secret, sealed (AEAD) with a key derived from the server's token key:
    /// base64url of nonce ‖ ciphertext ‖ tag.
    pub sealed_secret: String,
    pub created_at: DateTimeUtc,
    /// Set once a first code proved the authenticator holds the secret; until then the
    /// enrolment is pending and sign-in does not ask for a code.
    pub confirmed_at: Option<DateTimeUtc>,
    /// The time step (Unix time / 30 s) of the last code accepted: a code of that step or an
    /// earlier one is refused, so a code works once.
    pub last_step: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
