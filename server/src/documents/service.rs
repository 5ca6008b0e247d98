//! Storing a document: one row per client and kind, replaced whole, one version more at each
//! write. A write takes the client's next change number first, which locks the client row until
//! commit: the version check and the write cannot interleave with another write of the client.

use super::model::{PlanAuthor, Version, VersionInfo};
use crate::audit::{Action, ObjectType};
use crate::conditional::Precondition;
use crate::error::ApiError;
use crate::identity::Principal;
use crate::write::{ClientWrite, RecordError, Reminders};
use chrono::{DateTime, Utc};
use entities::ClientId;
use entities::auth_session::SessionRole;
use entities::client_document::{self, DocumentKind};
use entities::client_document_version;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The stored contents of one kind of document. Written only from checked values, read back
/// as they are: a client must see the plan it has even if a rule tightens later.
pub trait Document: Serialize + DeserializeOwned + Clone {
    /// Which row of the client's documents it is.
    const KIND: DocumentKind;
    /// What the audit log calls it.
    const OBJECT: ObjectType;
    /// Whether replacing a version that the other party (therapist or client) wrote needs
    /// `If-Match` (428 without it): where both write, neither may wipe the other's words unseen.
    const OTHER_AUTHOR_NEEDS_IF_MATCH: bool = false;

    /// What else a new version writes, in the same write (the formulation sets the client's
    /// problem areas). Most documents write nothing else.
    fn also_write(
        &self,
        write: &ClientWrite,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), DbErr>> {
        let _ = (write, now);
        std::future::ready(Ok(()))
    }
}

impl<D: Document> Version<D> {
    fn from_row(row: client_document::Model) -> Result<Self, DbErr> {
        let contents = serde_json::from_str(&row.body).map_err(|e| {
            tracing::error!(client_id = %row.client_id, kind = ?row.kind, "stored document does not parse");
            DbErr::Json(format!("client_documents.body ({:?}): {e}", row.kind))
        })?;
        Ok(Self {
            client: row.client_id,
            contents,
            version: row.version,
            updated_at: row.updated_at,
            updated_by: row.updated_by_role.into(),
            change_seq: row.change_seq,
        })
    }

    fn from_history(row: client_document_version::Model) -> Result<Self, DbErr> {
        Self::from_row(client_document::Model {
            client_id: row.client_id,
            kind: row.kind,
            body: row.body,
            version: row.version,
            updated_at: row.updated_at,
            updated_by_role: row.updated_by_role,
            updated_by: row.updated_by,
            change_seq: row.change_seq,
        })
    }
}

/// Why a document was not stored.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The `If-Match` does not name the current version.
    #[error("the document is not at the version the write expected")]
    Stale,
    /// The write would replace the other party's version and sent no `If-Match`.
    #[error("replacing the other party's version needs If-Match")]
    PreconditionRequired,
    /// What every client write can answer (the client is gone, a value refused).
    #[error(transparent)]
    Write(#[from] RecordError),
}

impl From<DbErr> for DocumentError {
    fn from(err: DbErr) -> Self {
        Self::Write(err.into())
    }
}

impl From<DocumentError> for ApiError {
    fn from(err: DocumentError) -> Self {
        match err {
            DocumentError::Stale => Self::PreconditionFailed,
            DocumentError::PreconditionRequired => Self::PreconditionRequired,
            DocumentError::Write(e) => e.into(),
        }
    }
}

/// Writes `contents` as the client's next version of `D` inside `write`, if `expected` (the
/// `If-Match`, if any) holds, and keeps it in the document's history. Returns the version and
/// whether it is the first; [`save`] commits.
///
/// # Errors
/// `Stale` when `expected` does not hold, `PreconditionRequired` when `D` asks for `If-Match`
/// before replacing the other party's version and there is none (nothing is written: dropping
/// `write` rolls back); database errors.
async fn stage<D: Document>(
    write: &ClientWrite,
    contents: D,
    expected: Option<&Precondition>,
    by: PlanAuthor,
    by_id: uuid::Uuid,
) -> Result<(Version<D>, bool), DocumentError> {
    let client = write.client();
    let found = client_document::Entity::find_by_id((client, D::KIND))
        .select_only()
        .column(client_document::Column::Version)
        .column(client_document::Column::UpdatedByRole)
        .into_tuple::<(i32, SessionRole)>()
        .one(write.txn())
        .await?;
    let current = found.map(|(version, _)| version);
    match expected {
        Some(expected) if !expected.holds(current.map(i64::from)) => {
            return Err(DocumentError::Stale);
        }
        None if D::OTHER_AUTHOR_NEEDS_IF_MATCH
            && found.is_some_and(|(_, role)| PlanAuthor::from(role) != by) =>
        {
            return Err(DocumentError::PreconditionRequired);
        }
        _ => {}
    }
    let version = match current {
        None => 1,
        Some(v) => v
            .checked_add(1)
            .ok_or_else(|| DbErr::Custom("document version overflow".into()))?,
    };
    let row = client_document::Model {
        client_id: client,
        kind: D::KIND,
        body: serde_json::to_string(&contents).map_err(|e| DbErr::Json(e.to_string()))?,
        version,
        updated_at: write.now(),
        updated_by_role: by.into(),
        updated_by: by_id,
        change_seq: write.seq(),
    };
    client_document_version::Entity::insert(client_document_version::ActiveModel::from(
        client_document_version::Model {
            client_id: row.client_id,
            kind: row.kind,
            version: row.version,
            body: row.body.clone(),
            updated_at: row.updated_at,
            updated_by_role: row.updated_by_role,
            updated_by: row.updated_by,
            change_seq: row.change_seq,
        },
    ))
    .exec_without_returning(write.txn())
    .await?;
    client_document::Entity::insert(client_document::ActiveModel::from(row))
        .on_conflict(
            OnConflict::columns([
                client_document::Column::ClientId,
                client_document::Column::Kind,
            ])
            .update_columns([
                client_document::Column::Body,
                client_document::Column::Version,
                client_document::Column::UpdatedAt,
                client_document::Column::UpdatedByRole,
                client_document::Column::UpdatedBy,
                client_document::Column::ChangeSeq,
            ])
            .to_owned(),
        )
        .exec_without_returning(write.txn())
        .await?;
    Ok((
        Version {
            client,
            contents,
            version,
            updated_at: write.now(),
            updated_by: by,
            change_seq: write.seq(),
        },
        current.is_none(),
    ))
}

/// The audit action of a write: the first version is a create.
#[must_use]
pub fn action(first: bool) -> Action {
    if first {
        Action::Create
    } else {
        Action::Update
    }
}

/// Stores `contents` as the client's next version of `D`, if `expected` holds, and commits.
/// Returns the stored version and whether it is the first.
///
/// # Errors
/// `Stale` when `expected` does not hold; database errors.
pub async fn save<D: Document>(
    db: &DatabaseConnection,
    client: ClientId,
    now: DateTime<Utc>,
    contents: D,
    expected: Option<&Precondition>,
    principal: Principal,
) -> Result<(Version<D>, bool), DocumentError> {
    let write = ClientWrite::begin(db, client, now, principal).await?;
    contents.also_write(&write, now).await?;
    let (saved, first) = stage(
        &write,
        contents,
        expected,
        principal.into(),
        principal.actor().0,
    )
    .await?;
    write
        .commit(
            action(first),
            D::OBJECT,
            Some(client.uuid()),
            Reminders::Unaffected,
        )
        .await?;
    Ok((saved, first))
}

/// The client's current version of `D`, if one was ever written.
///
/// # Errors
/// Database errors, and a stored document that is not readable.
pub async fn load<D: Document, C: ConnectionTrait>(
    db: &C,
    client: ClientId,
) -> Result<Option<Version<D>>, DbErr> {
    client_document::Entity::find_by_id((client, D::KIND))
        .one(db)
        .await?
        .map(Version::from_row)
        .transpose()
}

/// The client's `D` if it changed after change number `since` (for the sync feed).
///
/// # Errors
/// Database errors, and a stored document that is not readable.
pub async fn changed_since<D: Document, C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    since: i64,
) -> Result<Option<Version<D>>, DbErr> {
    client_document::Entity::find_by_id((client, D::KIND))
        .filter(client_document::Column::ChangeSeq.gt(since))
        .one(db)
        .await?
        .map(Version::from_row)
        .transpose()
}

/// Up to `limit` versions of the client's `D` before version `before` (all when `None`), newest
/// first: the document's history, without its contents.
///
/// # Errors
/// Database errors.
pub async fn history<D: Document, C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    before: Option<i32>,
    limit: u64,
) -> Result<Vec<VersionInfo>, DbErr> {
    use client_document_version::Column as V;
    let mut query = client_document_version::Entity::find()
        .select_only()
        .columns([V::Version, V::UpdatedAt, V::UpdatedByRole])
        .filter(V::ClientId.eq(client))
        .filter(V::Kind.eq(D::KIND));
    if let Some(before) = before {
        query = query.filter(V::Version.lt(before));
    }
    Ok(query
        .order_by_desc(V::Version)
        .limit(limit)
        .into_tuple::<(i32, DateTime<Utc>, SessionRole)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(version, updated_at, role)| VersionInfo {
            version,
            updated_at,
            updated_by: role.into(),
        })
        .collect())
}

/// Version `version` of the client's `D`, if it was ever written.
///
/// # Errors
/// Database errors, and a stored document that is not readable.
pub async fn load_version<D: Document, C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    version: i32,
) -> Result<Option<Version<D>>, DbErr> {
    client_document_version::Entity::find_by_id((client, D::KIND, version))
        .one(db)
        .await?
        .map(Version::from_history)
        .transpose()
}

/// Every version of the client's `D`, oldest first (for the export).
///
/// # Errors
/// Database errors, and a stored document that is not readable.
pub async fn every_version<D: Document, C: ConnectionTrait>(
    db: &C,
    client: ClientId,
) -> Result<Vec<Version<D>>, DbErr> {
    use client_document_version::Column as V;
    client_document_version::Entity::find()
        .filter(V::ClientId.eq(client))
        .filter(V::Kind.eq(D::KIND))
        .order_by_asc(V::Version)
        .all(db)
        .await?
        .into_iter()
        .map(Version::from_history)
        .collect()
}

/// Gives the client's document of kind `D` the change number of `write` without a new version,
/// so that the sync feed sends it again: what it carries besides its contents changed (the
/// formulation's goal ratings). No document: nothing to send.
///
/// # Errors
/// Database errors.
pub async fn touch<D: Document>(write: &ClientWrite) -> Result<(), DbErr> {
    client_document::Entity::update_many()
        .col_expr(
            client_document::Column::ChangeSeq,
            sea_orm::sea_query::Expr::value(write.seq()),
        )
        .filter(client_document::Column::ClientId.eq(write.client()))
        .filter(client_document::Column::Kind.eq(D::KIND))
        .exec(write.txn())
        .await?;
    Ok(())
}
