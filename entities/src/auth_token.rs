//! An access or refresh token of a sign-in, stored only as its SHA-256 hash.

use crate::SessionId;
use sea_orm::entity::prelude::*;

/// What a token opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum TokenKind {
    /// A bearer token of the API (short-lived).
    #[sea_orm(string_value = "access")]
    Access,
    /// Exchanged once for a new pair.
    #[sea_orm(string_value = "refresh")]
    Refresh,
    /// The cookie of a therapist's web session.
    #[sea_orm(string_value = "web")]
    Web,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "auth_tokens")]
pub struct Model {
    /// SHA-256 of the token, hex.
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    pub session_id: SessionId,
    pub kind: TokenKind,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    /// A refresh token is used once; a second use is theft and revokes the session. An access
    /// token's first use is recorded too: until either token of a pair was used, the refresh
    /// token it replaced may be presented again and is answered with this pair.
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::auth_session::Entity",
        from = "Column::SessionId",
        to = "super::auth_session::Column::Id"
    )]
    Session,
}

impl Related<super::auth_session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Session.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
