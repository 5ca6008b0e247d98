//! The benchmark seeder (`ipt-seed`): fills a database with realistic synthetic data —
//! therapists with clients spread over time zones and treatment phases, days of check-ins with
//! a drifting mood and weekly PHQ-9s, exercise practice, homework and reminder settings.
//! Deterministic for a given `--seed`; rows go in as multi-row inserts, a transaction per client.

use anyhow::Context;
use chrono::{DateTime, Duration, SubsecRound, Utc};
use clap::Args;
use entities::{
    CheckinId, ClientId, ExerciseLogId, HomeworkId, TherapistId, checkin, client, course,
    exercise_log, homework, therapist,
};
use ipt_server::domain::{LocalTimeOfDay, Phq9Answers, ProblemArea, ProblemAreaSet, Timezone};
use ipt_server::domain::{PlannedSessions, Treatment};
use ipt_server::reminders::service::store;
use ipt_server::reminders::settings::ReminderSettings;
use ipt_server::{first_course, hash_password};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// How much to generate.
#[derive(Debug, Clone, Args)]
pub struct SeedArgs {
    /// Therapists to create (e-mails `bench-t0@example.org`, `bench-t1@…`).
    #[arg(long, default_value_t = 40)]
    pub therapists: u32,
    /// Clients per therapist.
    #[arg(long, default_value_t = 50)]
    pub clients_per_therapist: u32,
    /// Days of history per client.
    #[arg(long, default_value_t = 365)]
    pub days: u32,
    /// Random seed (same seed, same data).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// The password of every seeded therapist.
    #[arg(long, default_value = "benchmark password")]
    pub password: String,
}

/// The zones seeded clients live in: both hemispheres, DST and not, 30- and 45-minute offsets.
pub const ZONES: [&str; 6] = [
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "UTC",
    "America/Los_Angeles",
];
const EXERCISES: [&str; 4] = [
    "communication_analysis",
    "i_statements",
    "role_play_rehearsal",
    "mood_relationship_diary",
];

/// What was written.
#[derive(Debug, Default, Clone, Copy)]
pub struct SeedReport {
    /// Therapist accounts created.
    pub therapists: u64,
    /// Clients created.
    pub clients: u64,
    /// Check-ins written.
    pub checkins: u64,
    /// Exercise practice logs written.
    pub exercise_logs: u64,
    /// Homework assignments written.
    pub homework: u64,
}

async fn insert_chunked<A>(db: &sea_orm::DatabaseTransaction, rows: Vec<A>) -> anyhow::Result<()>
where
    A: ActiveModelTrait + Send,
{
    for chunk in rows.chunks(1000) {
        <A::Entity as EntityTrait>::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Writes the synthetic data.
///
/// # Errors
/// Database errors.
pub async fn seed(
    db: &DatabaseConnection,
    args: &SeedArgs,
    now: DateTime<Utc>,
) -> anyhow::Result<SeedReport> {
    let now = now.trunc_subsecs(0);
    let mut rng = StdRng::seed_from_u64(args.seed);
    // One hash for every account: hashing is deliberately slow, and the accounts are fake.
    let password_hash =
        hash_password(&args.password).map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
    let mut report = SeedReport::default();
    for t in 0..args.therapists {
        let therapist_id = TherapistId::new();
        therapist::Entity::insert(therapist::ActiveModel::from(therapist::Model {
            id: therapist_id,
            email: format!("bench-t{t}@example.org"),
            password_hash: password_hash.clone(),
            display_name: format!("Therapist {t}"),
            created_at: now,
            escalation_email: None,
            contact_phone: None,
        }))
        .exec_without_returning(db)
        .await
        .context("inserting a therapist")?;
        report.therapists += 1;
        for c in 0..args.clients_per_therapist {
            let txn = ipt_server::db::begin_write(db).await?;
            let client_id = ClientId::new();
            let start = (now - Duration::days(rng.gen_range(0..140))).date_naive();
            let mut seq: i64 = 1;
            client::Entity::insert(client::ActiveModel::from(client::Model {
                id: client_id,
                therapist_id,
                display_name: format!("Client {t}-{c}"),
                timezone: Timezone::parse(ZONES[rng.gen_range(0..ZONES.len())])
                    .map_err(|e| anyhow::anyhow!(e))?,
                session_time: LocalTimeOfDay::TEN_AM,
                reminders_planned_until: None,
                problem_areas: ProblemAreaSet::new(&[[
                    ProblemArea::Grief,
                    ProblemArea::RoleDispute,
                    ProblemArea::RoleTransition,
                    ProblemArea::InterpersonalDeficits,
                ][rng.gen_range(0..4)]]),
                weekly_practice_target: 3,
                change_seq: 0,
                profile_seq: 0,
                region: None,
                // Derived at the next start, as for every client without a region.
                region_source: None,
                locale: None,
                gad7_enabled: false,
                baseline_checkin_id: None,
                created_at: now,
                updated_at: now,
            }))
            .exec_without_returning(&txn)
            .await?;
            let planned =
                PlannedSessions::parse(rng.gen_range(12..=16)).map_err(|e| anyhow::anyhow!(e))?;
            let course = first_course(client_id, &Treatment::acute(start, planned), now, 0);
            course::Entity::insert(course::ActiveModel::from(course))
                .exec_without_returning(&txn)
                .await?;
            store(&txn, client_id, now, seq, &ReminderSettings::defaults()).await?;
            let adherence: f64 = rng.gen_range(0.3..1.0);
            let mut mood: f64 = rng.gen_range(3.0..7.0);
            let (mut checkins, mut logs, mut homework_rows) = (Vec::new(), Vec::new(), Vec::new());
            for day in 0..args.days {
                let midnight = now - Duration::days(i64::from(args.days - day));
                if rng.gen_bool(adherence) {
                    let entries = if rng.gen_bool(0.4) { 2 } else { 1 };
                    for _ in 0..entries {
                        mood = (mood + rng.gen_range(-1.0..1.0)).clamp(0.0, 10.0);
                        seq += 1;
                        let phq9 = (day % 7 == 0)
                            .then(|| {
                                let answers: Vec<i64> = (0..9)
                                    .map(|i| if i == 8 { 0 } else { rng.gen_range(0..=3) })
                                    .collect();
                                Phq9Answers::parse(&answers).ok()
                            })
                            .flatten();
                        #[expect(
                            clippy::cast_possible_truncation,
                            reason = "mood is clamped to 0..=10"
                        )]
                        let mood_value = mood.round() as i32;
                        checkins.push(checkin::ActiveModel::from(checkin::Model {
                            id: CheckinId::new(),
                            client_id,
                            recorded_at: midnight
                                + Duration::minutes(rng.gen_range(6 * 60..23 * 60)),
                            mood: mood_value,
                            note: None,
                            relationship_id: None,
                            phq9: phq9.map(Phq9Answers::to_stored),
                            phq9_total: phq9.and_then(Phq9Answers::total).map(i32::from),
                            gad7: None,
                            gad7_total: None,
                            risk_flag: false,
                            created_at: midnight,
                            change_seq: seq,
                        }));
                    }
                }
                if rng.gen_bool(adherence * 0.45) {
                    seq += 1;
                    logs.push(exercise_log::ActiveModel::from(exercise_log::Model {
                        id: ExerciseLogId::new(),
                        client_id,
                        exercise_key: EXERCISES[rng.gen_range(0..EXERCISES.len())].into(),
                        practiced_at: midnight + Duration::hours(19),
                        difficulty: Some(rng.gen_range(0..=10)),
                        outcome: Some(rng.gen_range(0..=10)),
                        note: None,
                        responses: None,
                        safety_check: None,
                        relationship_id: None,
                        created_at: midnight,
                        change_seq: seq,
                    }));
                }
                if day % 7 == 0 {
                    seq += 1;
                    let due = midnight + Duration::days(6);
                    let done = rng.gen_bool(adherence);
                    homework_rows.push(homework::ActiveModel::from(homework::Model {
                        id: HomeworkId::new(),
                        client_id,
                        therapist_id,
                        title: "Practise an I statement".into(),
                        instructions: None,
                        due_at: Some(due),
                        problem_area: None,
                        exercise_key: Some("i_statements".into()),
                        status: if done {
                            entities::homework::HomeworkState::Completed
                        } else {
                            entities::homework::HomeworkState::Assigned
                        },
                        completed_at: done.then(|| due - Duration::hours(rng.gen_range(-24..72))),
                        reflection: None,
                        helpfulness: done.then(|| rng.gen_range(0..=10)),
                        created_at: midnight,
                        updated_at: midnight,
                        change_seq: seq,
                    }));
                }
            }
            report.checkins += checkins.len() as u64;
            report.exercise_logs += logs.len() as u64;
            report.homework += homework_rows.len() as u64;
            insert_chunked(&txn, checkins).await?;
            insert_chunked(&txn, logs).await?;
            insert_chunked(&txn, homework_rows).await?;
            client::Entity::update_many()
                .col_expr(
                    client::Column::ChangeSeq,
                    sea_orm::sea_query::Expr::value(seq),
                )
                .filter(client::Column::Id.eq(client_id))
                .exec(&txn)
                .await?;
            txn.commit().await?;
            report.clients += 1;
        }
        tracing::info!(
            therapist = t,
            checkins = report.checkins,
            "seeded a therapist's clients"
        );
    }
    Ok(report)
}
