//! The planner: keeps each client's outbox filled a horizon ahead. Replanning a client (after
//! any change, or when the sweep finds its plan running out) inserts what is missing, moves
//! what quiet hours now move, and deletes pending occurrences no longer wanted — never one
//! being sent, retried or already done, and never the same occurrence twice (unique key).

use super::plan::{Occurrence, PlanInput, plan};
use crate::aggregate::load_client;
use chrono::{DateTime, Duration, Utc};
use entities::outbox::{OutboxKind, OutboxStatus};
use entities::{ClientId, ReminderId, client, homework, outbox};
use sea_orm::sea_query::{Condition, Expr, OnConflict};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// Planning rules of a deployment.
#[derive(Debug, Clone)]
pub struct Planner {
    /// How far ahead occurrences are planned.
    pub horizon: Duration,
    /// Monthly maintenance check-in prompts after treatment ends.
    pub maintenance_months: u32,
}

/// What one planning of a client changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PlanReport {
    /// Occurrences added to the outbox.
    pub inserted: u64,
    /// Pending occurrences given a new due time (e.g. after a change of quiet hours).
    pub moved: u64,
    /// Pending occurrences removed because the plan no longer wants them.
    pub deleted: u64,
}

impl Planner {
    /// Replans `client` from `now` to `now + horizon`.
    ///
    /// # Errors
    /// Database errors.
    pub async fn plan_client(
        &self,
        db: &DatabaseConnection,
        client: ClientId,
        now: DateTime<Utc>,
    ) -> Result<PlanReport, DbErr> {
        let until = now + self.horizon;
        let txn = crate::db::begin_write(db).await?;
        // The write locks the client row: planning of one client is serialised with writes to
        // its settings and homework (which take the same lock), across replicas too.
        let locked = client::Entity::update_many()
            .col_expr(client::Column::RemindersPlannedUntil, Expr::value(until))
            .filter(client::Column::Id.eq(client))
            .exec(&txn)
            .await?;
        let Some(row) = (if locked.rows_affected == 1 {
            client::Entity::find_by_id(client).one(&txn).await?
        } else {
            None
        }) else {
            return Ok(PlanReport::default());
        };
        let client_row = load_client(&txn, row.clone()).await?;
        let acute_end = if client_row.treatment().kind == crate::domain::CourseKind::Acute {
            Some(client_row.treatment().end_date())
        } else {
            crate::aggregate::latest_acute(&txn, row)
                .await?
                .map(|acute| acute.treatment().end_date())
        };
        let open_homework = homework::Entity::find()
            .filter(homework::Column::ClientId.eq(client))
            .filter(homework::Column::Status.eq(entities::homework::HomeworkState::Assigned))
            .filter(homework::Column::DueAt.gt(now))
            .all(&txn)
            .await?;
        let input = PlanInput {
            client_id: client,
            tz: client_row.timezone().tz(),
            settings: super::service::load(&txn, client).await?,
            treatment: client_row.treatment().clone(),
            session_time: client_row.row().session_time,
            homework: open_homework
                .iter()
                .filter_map(|h| h.due_at.map(|due| (h.id.uuid(), due)))
                .collect(),
            maintenance_months: self.maintenance_months,
            acute_end,
        };
        let desired: HashMap<String, Occurrence> = plan(&input, now, until)
            .into_iter()
            .map(|o| (o.key.clone(), o))
            .collect();

        // Only untouched future occurrences may be moved or dropped, and only of the kinds the
        // plan makes (a sign-in's "stay connected" notice is not made from the settings).
        let replaceable = outbox::Entity::find()
            .filter(outbox::Column::ClientId.eq(client))
            .filter(outbox::Column::Kind.ne(OutboxKind::StayConnected))
            .filter(outbox::Column::Status.eq(OutboxStatus::Pending))
            .filter(outbox::Column::Attempts.eq(0))
            .filter(outbox::Column::LeaseOwner.is_null())
            .filter(outbox::Column::ScheduledFor.gte(now))
            .all(&txn)
            .await?;
        let mut report = PlanReport::default();
        let mut stale: Vec<ReminderId> = Vec::new();
        let mut known: HashMap<&str, &outbox::Model> = HashMap::new();
        for existing in &replaceable {
            match desired.get(&existing.occurrence_key) {
                None => stale.push(existing.id),
                Some(wanted) => {
                    known.insert(existing.occurrence_key.as_str(), existing);
                    if wanted.scheduled_for != existing.scheduled_for {
                        outbox::Entity::update_many()
                            .col_expr(
                                outbox::Column::ScheduledFor,
                                Expr::value(wanted.scheduled_for),
                            )
                            .col_expr(
                                outbox::Column::NextAttemptAt,
                                Expr::value(wanted.scheduled_for),
                            )
                            .col_expr(outbox::Column::UpdatedAt, Expr::value(now))
                            .filter(outbox::Column::Id.eq(existing.id))
                            .exec(&txn)
                            .await?;
                        report.moved += 1;
                    }
                }
            }
        }
        if !stale.is_empty() {
            report.deleted = outbox::Entity::delete_many()
                .filter(outbox::Column::Id.is_in(stale))
                .exec(&txn)
                .await?
                .rows_affected;
        }
        let fresh: Vec<outbox::ActiveModel> = desired
            .values()
            .filter(|o| !known.contains_key(o.key.as_str()))
            .map(|o| outbox::ActiveModel::from(new_row(client, o, now)))
            .collect();
        for chunk in fresh.chunks(500) {
            // A key already taken (sent, missed, being sent) stays as it is: never twice.
            let inserted = outbox::Entity::insert_many(chunk.to_vec())
                .on_conflict(
                    OnConflict::column(outbox::Column::OccurrenceKey)
                        .do_nothing()
                        .to_owned(),
                )
                .try_insert()
                .exec_without_returning(&txn)
                .await?;
            if let sea_orm::TryInsertResult::Inserted(n) = inserted {
                report.inserted += n;
            }
        }
        txn.commit().await?;
        Ok(report)
    }

    /// Replans the clients whose plan runs out within half the horizon (or was never made).
    ///
    /// # Errors
    /// Database errors.
    pub async fn sweep(
        &self,
        db: &DatabaseConnection,
        now: DateTime<Utc>,
        limit: u64,
    ) -> Result<usize, DbErr> {
        let due = client::Entity::find()
            .select_only()
            .column(client::Column::Id)
            .filter(
                Condition::any()
                    .add(client::Column::RemindersPlannedUntil.is_null())
                    .add(client::Column::RemindersPlannedUntil.lt(now + self.horizon / 2)),
            )
            .order_by_asc(client::Column::RemindersPlannedUntil)
            .limit(limit)
            .into_tuple::<ClientId>()
            .all(db)
            .await?;
        for client in &due {
            self.plan_client(db, *client, now).await?;
        }
        Ok(due.len())
    }
}

#[async_trait::async_trait]
impl crate::write::Replanner for Planner {
    /// Replans after a change; on failure the client is left for the next sweep (the change
    /// itself is already stored, so the request that made it must not fail).
    async fn replan_after_change(
        &self,
        db: &DatabaseConnection,
        client: ClientId,
        now: DateTime<Utc>,
    ) {
        if let Err(e) = self.plan_client(db, client, now).await {
            tracing::warn!(client_id = %client, error = %e, "replanning failed; the sweep retries");
            let _ = client::Entity::update_many()
                .col_expr(
                    client::Column::RemindersPlannedUntil,
                    Expr::value(Option::<DateTime<Utc>>::None),
                )
                .filter(client::Column::Id.eq(client))
                .exec(db)
                .await;
        }
    }
}

/// The outbox row of a planned occurrence: pending, never tried.
pub(super) fn new_row(client: ClientId, o: &Occurrence, now: DateTime<Utc>) -> outbox::Model {
    outbox::Model {
        id: ReminderId::new(),
        client_id: client,
        kind: o.kind.into(),
        occurrence_key: o.key.clone(),
        local_date: o.local_date,
        local_time: o.local_time,
        ref_id: o.ref_id,
        scheduled_for: o.scheduled_for,
        status: OutboxStatus::Pending,
        attempts: 0,
        next_attempt_at: o.scheduled_for,
        lease_owner: None,
        lease_expires_at: None,
        sent_at: None,
        opened_at: None,
        last_error: None,
        created_at: now,
        updated_at: now,
    }
}
