//! One "open the app to stay connected" push before a phone's sign-in lapses. A phone that is
//! never opened lets its refresh token run out; from then on it gets no reminders (the
//! dispatcher sends only to phones whose sign-in lives), and only a new invite code from the
//! therapist brings it back. Three days before, at midday in the client's zone (after quiet
//! hours), that phone alone is asked to open the app, which refreshes the sign-in.
//!
//! The notice goes through the outbox like every reminder (leases, retries, the grace
//! window, the client's notification list), keyed by the sign-in and the nominal day, so a
//! sign-in is told once per lapse however often the scan runs and on however many replicas.

use super::kind::ReminderKind;
use super::plan::{Occurrence, after_quiet_hours, occurrence_key};
use crate::auth::liveness::{Lapsing, lapsing};
use crate::domain::local_to_utc;
use chrono::{DateTime, Duration, Timelike, Utc};
use entities::{LocalTimeOfDay, client, device, outbox};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect, TryInsertResult,
};
use std::collections::HashSet;

/// How long before the lapse the phone is told.
pub const NOTICE_AHEAD: Duration = Duration::days(3);
/// The local time of the notice (moved by quiet hours like every reminder).
pub const NOTICE_TIME: LocalTimeOfDay = LocalTimeOfDay::hm(12, 0);
/// How far ahead of its time a notice is put in the outbox: the scan runs every few minutes,
/// so a day covers any downtime short of a day without a notice coming late.
const SCAN_AHEAD: Duration = Duration::days(1);

/// Whether a sign-in that lives until `live_until` still needs the notice planned for
/// `scheduled_for`: not once the phone refreshed (its sign-in then lives weeks longer).
#[must_use]
pub fn still_lapsing(live_until: DateTime<Utc>, scheduled_for: DateTime<Utc>) -> bool {
    live_until <= scheduled_for + NOTICE_AHEAD + Duration::days(1)
}

/// Puts a notice in the outbox for every phone whose sign-in lapses soon and that is
/// registered for pushes; answers how many were new.
///
/// # Errors
/// Database errors.
pub async fn plan_notices(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let soon = lapsing(db, now, now + NOTICE_AHEAD + SCAN_AHEAD).await?;
    if soon.is_empty() {
        return Ok(0);
    }
    // Only a sign-in with a registered phone can be told anything.
    let mut with_device: HashSet<entities::SessionId> = HashSet::new();
    for chunk in soon.chunks(500) {
        let sessions: Vec<Option<entities::SessionId>> = device::Entity::find()
            .select_only()
            .column(device::Column::SessionId)
            .filter(device::Column::SessionId.is_in(chunk.iter().map(|l| l.session)))
            .into_tuple()
            .all(db)
            .await?;
        with_device.extend(sessions.into_iter().flatten());
    }
    let mut inserted = 0;
    for lapse in soon.iter().filter(|l| with_device.contains(&l.session)) {
        let Some(row) = notice(db, lapse, now).await? else {
            continue;
        };
        let result = outbox::Entity::insert(outbox::ActiveModel::from(row))
            .on_conflict(
                OnConflict::column(outbox::Column::OccurrenceKey)
                    .do_nothing()
                    .to_owned(),
            )
            .try_insert()
            .exec_without_returning(db)
            .await?;
        if let TryInsertResult::Inserted(n) = result {
            inserted += n;
        }
    }
    if inserted > 0 {
        tracing::info!(
            notices = inserted,
            "sign-ins lapsing soon: stay-connected notices planned"
        );
    }
    Ok(inserted)
}

/// The outbox row of the notice of `lapse`, in its client's zone and quiet hours; none if the
/// client is gone.
async fn notice(
    db: &DatabaseConnection,
    lapse: &Lapsing,
    now: DateTime<Utc>,
) -> Result<Option<outbox::Model>, DbErr> {
    let Some(client) = client::Entity::find_by_id(lapse.client).one(db).await? else {
        return Ok(None);
    };
    let tz = client.timezone.tz();
    let settings = super::service::load(db, lapse.client).await?;
    let local_date = (lapse.lapses_at - NOTICE_AHEAD)
        .with_timezone(&tz)
        .date_naive();
    let nominal = local_to_utc(
        tz,
        after_quiet_hours(settings.quiet_hours, local_date, NOTICE_TIME),
    );
    // Found late (after downtime, or a sign-in that was already close to lapsing): now, or
    // when the client's quiet hours end.
    let scheduled_for = if nominal >= now {
        nominal
    } else {
        let local = now.with_timezone(&tz).naive_local();
        let time = LocalTimeOfDay::hm(local.hour(), local.minute());
        local_to_utc(
            tz,
            after_quiet_hours(settings.quiet_hours, local.date(), time),
        )
        .max(now)
    };
    let kind = ReminderKind::StayConnected;
    let session = Some(lapse.session.uuid());
    let occurrence = Occurrence {
        kind,
        local_date,
        local_time: NOTICE_TIME,
        ref_id: session,
        scheduled_for,
        key: occurrence_key(lapse.client, kind, local_date, NOTICE_TIME, session),
    };
    Ok(Some(super::planner::new_row(lapse.client, &occurrence, now)))
}
