//! One version of a client's document as it was written: the history behind
//! `client_documents`, which holds only the current version. Written in the same transaction
//! as the current row, never changed afterwards.

use crate::ClientId;
use crate::client_document::DocumentKind;
use sea_orm::entity::prelude::*;

/// One written version of one document.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "client_document_versions")]
pub struct Model {
    /// Whose document.
    #[sea_orm(primary_key, auto_increment = false)]
    pub client_id: ClientId,
    /// Which document.
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: DocumentKind,
    /// Which version (1 for the first write).
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i32,
    /// The contents as a JSON object, as `client_documents.body` held them for this version.
    pub body: String,
    /// When this version was written.
    pub updated_at: DateTimeUtc,
    /// Who wrote this version.
    pub updated_by_role: crate::auth_session::SessionRole,
    /// The id of the therapist or client who wrote this version.
    pub updated_by: Uuid,
    /// The client's change number of this version.
    pub change_seq: i64,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
