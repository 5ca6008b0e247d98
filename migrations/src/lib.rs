//! Schema migrations, one per file, each with `up` and `down`. They run at server start and
//! through `ipt-server migrate`; the same files serve SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_create_therapists;
mod m20261126_000002_create_clients;
mod m20261126_000003_create_auth;
mod m20261126_000004_create_records;
mod m20261126_000005_create_reminder_settings;
mod m20261126_000006_create_devices;
mod m20261126_000007_create_reminders;
mod m20261126_000008_create_audit_log;
mod m20261130_000009_safety_loop;
mod m20261130_000010_create_safety_plans;
mod m20261130_000011_rename_reminder_outbox;
mod m20261130_000012_create_session_marks;
mod m20261130_000013_create_reading_opens;
mod m20261130_000014_courses_and_documents;
mod m20261130_000015_inventory_ratings;
mod m20261130_000016_therapist_timezone;
mod m20261130_000017_phone_sign_in;
mod m20261130_000018_client_profile_seq;
mod m20261130_000019_device_settings;
mod m20261130_000020_client_locale;
mod m20261130_000021_sign_in_lapse;
mod m20261130_000022_account_verification;
mod m20261130_000023_totp;
mod m20261130_000024_sign_in_failures;
mod m20261207_000025_alert_episodes_and_risk_screens;
mod m20261207_000026_client_region_source;
mod m20261207_000027_safety_plan_versions;
mod m20261207_000028_exercise_safety_check;
mod m20261207_000029_address_requests;
mod m20261207_000030_sync_epoch;
mod m20261207_000031_relapse_watch;
mod m20261207_000032_course_end_reason;
mod m20261207_000033_sick_role;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_create_therapists::Migration),
            Box::new(m20261126_000002_create_clients::Migration),
            Box::new(m20261126_000003_create_auth::Migration),
            Box::new(m20261126_000004_create_records::Migration),
            Box::new(m20261126_000005_create_reminder_settings::Migration),
            Box::new(m20261126_000006_create_devices::Migration),
            Box::new(m20261126_000007_create_reminders::Migration),
            Box::new(m20261126_000008_create_audit_log::Migration),
            Box::new(m20261130_000009_safety_loop::Migration),
            Box::new(m20261130_000010_create_safety_plans::Migration),
            Box::new(m20261130_000011_rename_reminder_outbox::Migration),
            Box::new(m20261130_000012_create_session_marks::Migration),
            Box::new(m20261130_000013_create_reading_opens::Migration),
            Box::new(m20261130_000014_courses_and_documents::Migration),
            Box::new(m20261130_000015_inventory_ratings::Migration),
            Box::new(m20261130_000016_therapist_timezone::Migration),
            Box::new(m20261130_000017_phone_sign_in::Migration),
            Box::new(m20261130_000018_client_profile_seq::Migration),
            Box::new(m20261130_000019_device_settings::Migration),
            Box::new(m20261130_000020_client_locale::Migration),
            Box::new(m20261130_000021_sign_in_lapse::Migration),
            Box::new(m20261130_000022_account_verification::Migration),
            Box::new(m20261130_000023_totp::Migration),
            Box::new(m20261130_000024_sign_in_failures::Migration),
            Box::new(m20261207_000025_alert_episodes_and_risk_screens::Migration),
            Box::new(m20261207_000026_client_region_source::Migration),
            Box::new(m20261207_000027_safety_plan_versions::Migration),
            Box::new(m20261207_000028_exercise_safety_check::Migration),
            Box::new(m20261207_000029_address_requests::Migration),
            Box::new(m20261207_000030_sync_epoch::Migration),
            Box::new(m20261207_000031_relapse_watch::Migration),
            Box::new(m20261207_000032_course_end_reason::Migration),
            Box::new(m20261207_000033_sick_role::Migration),
        ]
    }
}
