//! A client (patient). Their courses of treatment are rows of `courses`.

use crate::{ClientId, TherapistId};
use sea_orm::entity::prelude::*;

/// Where a client's crisis region came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum RegionSource {
    /// Written by the therapist or the client (at creation or with `PUT …/region`): confirmed.
    #[sea_orm(string_value = "set")]
    Set,
    /// Derived from the client's time zone (tzdata's `zone.tab`); follows the zone until
    /// someone sets a region.
    #[sea_orm(string_value = "derived")]
    Derived,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "clients")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ClientId,
    pub therapist_id: TherapistId,
    pub display_name: String,
    /// IANA zone name; every local date and time of this client is in it.
    pub timezone: crate::Timezone,
    /// Local time of day of the weekly session, `HH:MM`.
    pub session_time: crate::LocalTimeOfDay,
    /// How far ahead reminders are planned; the planner's sweep extends it.
    pub reminders_planned_until: Option<DateTimeUtc>,
    /// The problem areas the treatment works on.
    pub problem_areas: crate::ProblemAreaSet,
    /// Exercise practices per week the therapist asks for.
    pub weekly_practice_target: i32,
    /// The last value of the client's change counter (see the sync feed).
    pub change_seq: i64,
    /// The change number of the last change to this row's own fields (the sync feed's
    /// `client` record).
    pub profile_seq: i64,
    /// ISO 3166-1 alpha-2 region, for crisis resources.
    pub region: Option<String>,
    /// Where `region` came from; `None` while nobody set one and the zone gave none.
    pub region_source: Option<RegionSource>,
    /// The client's language, a BCP 47 tag (`de-AT`) as the phone set it; `None`: English
    /// unless a request asks for another.
    pub locale: Option<String>,
    /// Whether the questionnaire before each session asks for the GAD-7 too.
    pub gad7_enabled: bool,
    /// The check-in the therapist chose as the PHQ-9 baseline (else the intake rule applies).
    pub baseline_checkin_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
