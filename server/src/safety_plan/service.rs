//! Storing the plan: one row per client, replaced whole, one version more at each write.
//! A write takes the client's next change number first, which locks the client row until
//! commit: the version check and the write cannot interleave with another write of the plan.

use super::plan::{PlanAuthor, PlanContents, SafetyPlan};
use crate::audit::{Action, ObjectType};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::write::{ClientWrite, RecordError, Reminders};
use chrono::{DateTime, Utc};
use entities::{ClientId, safety_plan};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect,
};

/// One stored version of a client's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanVersion {
    /// The client whose plan it is.
    pub client: ClientId,
    /// The seven steps as written.
    pub contents: PlanContents,
    /// 1 for the first version, one more for each write after it (the `ETag`).
    pub version: i32,
    /// When this version was written.
    pub updated_at: DateTime<Utc>,
    /// Who wrote this version: the therapist or the client.
    pub updated_by: PlanAuthor,
    /// The client's change number of this version (the sync feed's position).
    pub change_seq: i64,
}

impl PlanVersion {
    fn from_row(row: safety_plan::Model) -> Result<Self, DbErr> {
        let contents = serde_json::from_str(&row.plan)
            .map_err(|e| DbErr::Json(format!("safety_plans.plan: {e}")))?;
        Ok(Self {
            client: row.client_id,
            contents,
            version: row.version,
            updated_at: row.updated_at,
            updated_by: row.updated_by_role.into(),
            change_seq: row.change_seq,
        })
    }
}

/// What a write expects of the current version (`If-Match`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Precondition {
    /// Any current plan (`*`).
    Any,
    /// One of these versions (empty: none can match).
    Versions(Vec<i32>),
}

impl Precondition {
    /// Whether a plan at `current` (none yet: `None`) meets it. Without a plan nothing does,
    /// not even `*` (RFC 9110 §13.1.1): a client that expects a plan must not create one.
    #[must_use]
    pub fn holds(&self, current: Option<i32>) -> bool {
        match (self, current) {
            (_, None) => false,
            (Self::Any, Some(_)) => true,
            (Self::Versions(versions), Some(current)) => versions.contains(&current),
        }
    }
}

/// Why a plan was not stored.
#[derive(Debug, thiserror::Error)]
pub enum SafetyPlanError {
    #[error("the plan is not at the version the write expected")]
    Stale,
    #[error(transparent)]
    Db(#[from] DbErr),
    /// What every client write can answer (the client is gone).
    #[error(transparent)]
    Write(#[from] RecordError),
}

impl From<SafetyPlanError> for ApiError {
    fn from(err: SafetyPlanError) -> Self {
        match err {
            SafetyPlanError::Stale => Self::PreconditionFailed,
            SafetyPlanError::Db(e) => e.into(),
            SafetyPlanError::Write(e) => e.into(),
        }
    }
}

/// Who wrote a version, by the caller's role.
fn author(principal: Principal) -> PlanAuthor {
    match principal {
        Principal::Therapist { .. } => PlanAuthor::Therapist,
        Principal::Client { .. } => PlanAuthor::Client,
    }
}

/// Stores `plan` as the client's next version, if `expected` (the `If-Match`, if any) holds.
/// Returns the stored version and whether it is the first.
///
/// # Errors
/// `Stale` when `expected` does not hold; database errors.
pub async fn save(
    db: &DatabaseConnection,
    client: ClientId,
    now: DateTime<Utc>,
    plan: &SafetyPlan,
    expected: Option<&Precondition>,
    principal: Principal,
) -> Result<(PlanVersion, bool), SafetyPlanError> {
    let write = ClientWrite::begin(db, client, now, principal).await?;
    let seq = write.seq();
    let current = safety_plan::Entity::find_by_id(client)
        .select_only()
        .column(safety_plan::Column::Version)
        .into_tuple::<i32>()
        .one(write.txn())
        .await?;
    if let Some(expected) = expected
        && !expected.holds(current)
    {
        // Dropping the transaction rolls back the change number taken above.
        return Err(SafetyPlanError::Stale);
    }
    let version = match current {
        None => 1,
        Some(v) => v
            .checked_add(1)
            .ok_or_else(|| DbErr::Custom("safety plan version overflow".into()))?,
    };
    let contents = plan.contents();
    let by = author(principal);
    let row = safety_plan::Model {
        client_id: client,
        plan: serde_json::to_string(&contents).map_err(|e| DbErr::Json(e.to_string()))?,
        version,
        updated_at: now,
        updated_by_role: by.into(),
        updated_by: principal.actor().0,
        change_seq: seq,
    };
    safety_plan::Entity::insert(safety_plan::ActiveModel::from(row))
        .on_conflict(
            OnConflict::column(safety_plan::Column::ClientId)
                .update_columns([
                    safety_plan::Column::Plan,
                    safety_plan::Column::Version,
                    safety_plan::Column::UpdatedAt,
                    safety_plan::Column::UpdatedByRole,
                    safety_plan::Column::UpdatedBy,
                    safety_plan::Column::ChangeSeq,
                ])
                .to_owned(),
        )
        .exec_without_returning(write.txn())
        .await?;
    let first = current.is_none();
    let action = if first {
        Action::Create
    } else {
        Action::Update
    };
    write
        .commit(
            action,
            ObjectType::SafetyPlan,
            Some(client.uuid()),
            Reminders::Unaffected,
        )
        .await?;
    Ok((
        PlanVersion {
            client,
            contents,
            version,
            updated_at: now,
            updated_by: by,
            change_seq: seq,
        },
        first,
    ))
}

/// The client's current plan, if one was ever written.
///
/// # Errors
/// Database errors, and a stored plan that is not readable.
pub async fn load<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
) -> Result<Option<PlanVersion>, DbErr> {
    safety_plan::Entity::find_by_id(client)
        .one(db)
        .await?
        .map(PlanVersion::from_row)
        .transpose()
}

/// The client's plan if it changed after change number `since` (for the sync feed).
///
/// # Errors
/// Database errors, and a stored plan that is not readable.
pub async fn changed_since<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    since: i64,
) -> Result<Option<PlanVersion>, DbErr> {
    safety_plan::Entity::find_by_id(client)
        .filter(safety_plan::Column::ChangeSeq.gt(since))
        .one(db)
        .await?
        .map(PlanVersion::from_row)
        .transpose()
}

/// Whether the client has a safety plan (a client in crisis is told whether to open it).
///
/// # Errors
/// Database errors.
pub async fn exists<C: ConnectionTrait>(db: &C, client: ClientId) -> Result<bool, DbErr> {
    Ok(safety_plan::Entity::find_by_id(client)
        .select_only()
        .column(safety_plan::Column::ClientId)
        .into_tuple::<ClientId>()
        .one(db)
        .await?
        .is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_plan_no_precondition_holds() {
        assert!(!Precondition::Any.holds(None));
        assert!(!Precondition::Versions(vec![1]).holds(None));
    }

    #[test]
    fn a_star_holds_for_any_version() {
        assert!(Precondition::Any.holds(Some(4)));
    }

    #[test]
    fn only_the_current_version_holds() {
        assert!(Precondition::Versions(vec![1, 2]).holds(Some(2)));
        assert!(!Precondition::Versions(vec![1]).holds(Some(2)));
        assert!(!Precondition::Versions(vec![]).holds(Some(1)));
    }
}
