//! Request and response bodies of `/api/v1/clients`.

use super::model::{InitialPhaseFacts, NewClient, TreatmentChange};
use crate::aggregate::Client;
use crate::auth::IssuedInvite;
use crate::domain::{
    CourseKind, DisplayName, LocalTimeOfDay, Phase, PlannedSessions, ProblemArea, Timezone,
    Treatment, rule,
};
use crate::error::ApiError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::{Validate, ValidationError};

fn valid_display_name(raw: &str) -> Result<(), ValidationError> {
    rule(DisplayName::parse(raw))
}
fn valid_timezone(raw: &str) -> Result<(), ValidationError> {
    rule(Timezone::parse(raw))
}
fn valid_time(raw: &str) -> Result<(), ValidationError> {
    rule(LocalTimeOfDay::parse(raw))
}
fn plausible_date(date: &NaiveDate) -> Result<(), ValidationError> {
    let plausible = NaiveDate::from_ymd_opt(2000, 1, 1)..=NaiveDate::from_ymd_opt(2100, 12, 31);
    let (Some(low), Some(high)) = (plausible.start(), plausible.end()) else {
        return Ok(());
    };
    if date < low || date > high {
        return Err(
            ValidationError::new("range").with_message("must be between 2000 and 2100".into())
        );
    }
    Ok(())
}

/// A client's course of IPT as the therapist sets it: start, length, focus and session time.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TreatmentRequest {
    /// The first session's date, in the client's zone.
    #[validate(custom(function = "plausible_date"))]
    pub start_date: NaiveDate,
    /// 8–24 weekly sessions.
    #[validate(range(min = 8, max = 24, message = "must be between 8 and 24"))]
    #[schema(minimum = 8, maximum = 24, example = 12)]
    pub planned_sessions: i64,
    /// One or two IPT problem areas the work focuses on (default none): IPT focuses on one, at
    /// most two. (Up to four before v1.2; a stored treatment with more keeps them.)
    #[serde(default)]
    #[validate(length(max = 2, message = "has at most two problem areas"))]
    #[schema(max_items = 2)]
    pub problem_areas: Vec<ProblemArea>,
    /// Local time of day of the weekly session, `HH:MM` (default 10:00); session reminders
    /// come the day before at this time.
    #[validate(custom(function = "valid_time"))]
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "10:00")]
    pub session_time: Option<String>,
    /// Whether the questionnaire before each session asks for the GAD-7 as well as the
    /// PHQ-9. Absent: unchanged (off for a new client).
    pub gad7_enabled: Option<bool>,
    /// The check-in (with a PHQ-9) to use as the baseline instead of the intake measure;
    /// `null` returns to the intake rule. Absent: unchanged.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>, nullable)]
    pub baseline_checkin_id: Option<Option<Uuid>>,
}

/// Tells a field sent as `null` (`Some(None)`) from one left out (`None`, by `default`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// A new client as the therapist enters it.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "display_name": "Sam",
    "timezone": "Europe/Berlin",
    "region": "DE",
    "treatment": {
        "start_date": "2026-03-02",
        "planned_sessions": 12,
        "problem_areas": ["role_transition"],
        "session_time": "10:00"
    }
}))]
pub struct CreateClientRequest {
    /// Name shown in the app and the dashboard, 1–100 characters.
    #[validate(custom(function = "valid_display_name"))]
    #[schema(min_length = 1, max_length = 100)]
    pub display_name: String,
    /// IANA zone name, e.g. `Europe/Berlin`.
    #[validate(custom(function = "valid_timezone"))]
    #[schema(example = "Europe/Berlin")]
    pub timezone: String,
    /// The client's course of IPT.
    #[validate(nested)]
    pub treatment: TreatmentRequest,
    /// ISO 3166-1 alpha-2 region (`DE`): which crisis resources the client is shown. Left
    /// out: derived from `timezone` (`region_source: derived`) where the zone belongs to a
    /// country, to be confirmed.
    #[validate(custom(function = "valid_region"))]
    #[schema(example = "DE", min_length = 2, max_length = 2)]
    pub region: Option<String>,
}

fn valid_region(raw: &str) -> Result<(), validator::ValidationError> {
    crate::domain::rule(
        Some(raw)
            .filter(|r| crate::safety::crisis::is_region_code(r))
            .ok_or("must be an ISO 3166-1 alpha-2 code in capitals, e.g. DE"),
    )
}

/// `PUT /clients/{id}/region`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionRequest {
    /// ISO 3166-1 alpha-2 region (`DE`), or null for the international resources.
    #[validate(custom(function = "valid_region"))]
    #[schema(example = "DE", min_length = 2, max_length = 2)]
    pub region: Option<String>,
}

/// Where a client's crisis region came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegionSource {
    /// Written by the therapist or the client (at creation or with `PUT …/region`): confirmed.
    Set,
    /// Derived from the time zone; it follows the zone until someone sets a region.
    Derived,
}

impl From<entities::client::RegionSource> for RegionSource {
    fn from(stored: entities::client::RegionSource) -> Self {
        match stored {
            entities::client::RegionSource::Set => Self::Set,
            entities::client::RegionSource::Derived => Self::Derived,
        }
    }
}

/// A single-use invite code for the client's phone.
#[derive(Debug, Serialize, ToSchema)]
pub struct InviteResponse {
    /// The code the client types into the phone app (`POST /auth/invite`).
    #[schema(example = "K7M2-QX9P-4HTR")]
    pub code: String,
    /// When the code stops working (7 days after it was issued).
    pub expires_at: DateTime<Utc>,
}

/// A client's course of IPT, with where it stands today in the client's zone.
#[derive(Debug, Serialize, ToSchema)]
pub struct TreatmentResponse {
    /// The first session's date, in the client's zone.
    pub start_date: NaiveDate,
    /// Number of weekly sessions, 8–24.
    pub planned_sessions: u8,
    /// The IPT problem areas the work focuses on.
    pub problem_areas: Vec<ProblemArea>,
    /// The last session's day.
    pub end_date: NaiveDate,
    /// The phase of treatment today.
    pub phase: Phase,
    /// Whole weeks until the last session's day, rounded up; 0 once it has passed.
    pub weeks_remaining: i64,
    /// Local time of day of the weekly session.
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub session_time: String,
    /// Sessions held so far, marked by the therapist or presumed once their time passed.
    pub sessions_held: u16,
    /// Planned sessions still to be held: `planned_sessions − sessions_held`, at least 0; 0 once
    /// the course is over.
    pub sessions_remaining: u16,
    /// When the next session is; `null` when none is still to come.
    pub next_session_at: Option<DateTime<Utc>>,
    /// The current course (`GET …/courses` lists them all).
    pub course_id: Uuid,
    /// The current course's kind: in `maintenance` the phase is `ended` (the acute treatment
    /// ended) while maintenance sessions go on.
    pub course_kind: CourseKind,
    /// Weeks between the current course's sessions (1 in an acute course).
    pub interval_weeks: u8,
    /// Whether the questionnaire before each session asks for the GAD-7 too.
    pub gad7_enabled: bool,
    /// The check-in the therapist chose as the PHQ-9 baseline; `null`: the intake rule
    /// (`docs/adherence.md`).
    pub baseline_checkin_id: Option<Uuid>,
    /// The initial phase's checklist for the current course (`docs/treatment.md`).
    pub initial_phase: InitialPhase,
}

/// The initial phase's checklist: the sick role is the therapist's mark
/// (`PUT …/initial-phase`), the rest follow from the client's records. From session 4 on, a
/// missing item is an attention reason (`initial_phase_incomplete`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct InitialPhase {
    /// The therapist discussed the sick role with the client.
    pub sick_role_discussed: bool,
    /// At least one person is in the interpersonal inventory.
    pub inventory_done: bool,
    /// A formulation was written and shared (the client reads it).
    pub formulation_shared: bool,
    /// The treatment names a problem area (the formulation sets them, or the treatment).
    pub problem_area_chosen: bool,
}

impl InitialPhase {
    /// The checklist of `client`'s current course with `facts` from its records.
    #[must_use]
    pub fn of(client: &Client, facts: InitialPhaseFacts) -> Self {
        Self {
            sick_role_discussed: client.course().sick_role_discussed,
            inventory_done: facts.inventory,
            formulation_shared: facts.formulation,
            problem_area_chosen: !client.treatment().problem_areas.is_empty(),
        }
    }

    /// What is still missing, in the checklist's order, as the attention reason names it.
    #[must_use]
    pub fn missing(self) -> Vec<&'static str> {
        [
            (self.sick_role_discussed, "sick role not discussed"),
            (self.inventory_done, "inventory empty"),
            (self.formulation_shared, "no formulation"),
            (self.problem_area_chosen, "no problem area"),
        ]
        .into_iter()
        .filter(|(done, _)| !done)
        .map(|(_, what)| what)
        .collect()
    }
}

/// The therapist's mark of the initial phase.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"sick_role_discussed": true}))]
pub struct InitialPhaseRequest {
    /// Whether the sick role was discussed with the client.
    pub sick_role_discussed: bool,
}

/// A client as the therapist's dashboard and the client's app see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClientResponse {
    /// The id.
    pub id: Uuid,
    /// Name shown in the app and the dashboard.
    pub display_name: String,
    /// IANA zone name, e.g. `Europe/Berlin`; dates and reminders follow it.
    pub timezone: String,
    /// ISO 3166-1 alpha-2 region for crisis resources; null: the international ones.
    pub region: Option<String>,
    /// Where `region` came from: `set` by the therapist or the client (confirmed), or
    /// `derived` from the time zone (tzdata's `zone.tab`) while nobody set one; null while
    /// there is no region and nobody set one.
    pub region_source: Option<RegionSource>,
    /// The language the client set on its phone (a BCP 47 tag, `de-AT`); null: none yet.
    #[schema(example = "de-AT")]
    pub locale: Option<String>,
    /// Only when the client is created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invite: Option<InviteResponse>,
    /// The client's course of IPT.
    pub treatment: TreatmentResponse,
}

/// A session at ten in the morning unless the therapist says otherwise.
const DEFAULT_SESSION_TIME: LocalTimeOfDay = LocalTimeOfDay::TEN_AM;

impl ClientResponse {
    /// A client with its treatment as it stands today in its zone, and its invite code when
    /// one was just issued.
    #[must_use]
    pub fn of(
        client: &Client,
        now: DateTime<Utc>,
        invite: Option<IssuedInvite>,
        facts: InitialPhaseFacts,
    ) -> Self {
        let treatment = client.treatment();
        let today = client.today(now);
        let row = client.row();
        Self {
            id: row.id.uuid(),
            display_name: row.display_name.clone(),
            timezone: row.timezone.name().to_owned(),
            region: row.region.clone(),
            region_source: row.region_source.map(RegionSource::from),
            locale: row.locale.clone(),
            invite: invite.map(|i| InviteResponse {
                code: i.code,
                expires_at: i.expires_at,
            }),
            treatment: TreatmentResponse {
                start_date: treatment.start_date,
                planned_sessions: treatment.planned_sessions.get(),
                end_date: treatment.end_date(),
                phase: treatment.phase(today),
                weeks_remaining: treatment.weeks_remaining(today),
                session_time: row.session_time.to_string(),
                problem_areas: treatment.problem_areas.clone(),
                sessions_held: client.sessions_held(now),
                // An ended course has nothing left to hold, however few it held.
                sessions_remaining: if treatment.is_over(today) {
                    0
                } else {
                    u16::from(treatment.planned_sessions.get())
                        .saturating_sub(client.sessions_held(now))
                },
                next_session_at: client.next_session_at(now),
                course_id: client.course_id(),
                course_kind: treatment.kind,
                interval_weeks: treatment.interval_weeks,
                gad7_enabled: row.gad7_enabled,
                baseline_checkin_id: row.baseline_checkin_id,
                initial_phase: InitialPhase::of(client, facts),
            },
        }
    }
}

/// The treatment of a request; `prefix` names its place in the body.
pub(crate) fn parse_treatment(
    body: TreatmentRequest,
    prefix: &str,
) -> Result<TreatmentChange, ApiError> {
    let mut treatment = Treatment::acute(
        body.start_date,
        PlannedSessions::parse(body.planned_sessions)
            .map_err(|m| ApiError::field(format!("{prefix}planned_sessions"), m))?,
    );
    treatment.problem_areas = body.problem_areas;
    let session_time = match body.session_time.as_deref() {
        Some(raw) => LocalTimeOfDay::parse(raw)
            .map_err(|m| ApiError::field(format!("{prefix}session_time"), m))?,
        None => DEFAULT_SESSION_TIME,
    };
    Ok(TreatmentChange {
        treatment,
        session_time,
        gad7_enabled: body.gad7_enabled,
        baseline_checkin_id: body.baseline_checkin_id,
    })
}

impl TryFrom<CreateClientRequest> for NewClient {
    type Error = ApiError;

    fn try_from(body: CreateClientRequest) -> Result<Self, ApiError> {
        let field = |path: &'static str| move |m: &'static str| ApiError::field(path, m);
        let change = parse_treatment(body.treatment, "treatment.")?;
        if change.baseline_checkin_id.flatten().is_some() {
            return Err(ApiError::field(
                "treatment.baseline_checkin_id",
                "a new client has no check-ins yet",
            ));
        }
        Ok(Self {
            display_name: DisplayName::parse(&body.display_name).map_err(field("display_name"))?,
            timezone: Timezone::parse(&body.timezone).map_err(field("timezone"))?,
            treatment: change.treatment,
            session_time: change.session_time,
            gad7_enabled: change.gad7_enabled.unwrap_or(false),
            region: body.region,
        })
    }
}

/// The weekly practice target a therapist sets for a client.
#[derive(Debug, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PracticeTarget {
    /// Exercise practices asked for per week, 0–28.
    #[validate(range(min = 0, max = 28, message = "must be between 0 and 28"))]
    #[schema(minimum = 0, maximum = 28, example = 3)]
    pub weekly_target: i32,
}

/// The client's own record as written.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClientRecord {
    /// Name shown in the app and the dashboard.
    pub display_name: String,
    /// IANA zone name; dates and reminders follow it.
    pub timezone: String,
    /// ISO 3166-1 alpha-2 region for crisis resources; null: the international ones.
    pub region: Option<String>,
    /// Where `region` came from: `set` (confirmed) or `derived` from the zone; null while
    /// there is none.
    pub region_source: Option<crate::clients::dto::RegionSource>,
    /// The language the client set (a BCP 47 tag, `de-AT`); null: none yet.
    #[schema(example = "de-AT")]
    pub locale: Option<String>,
    /// Local time of day of the sessions, `HH:MM`.
    pub session_time: String,
    /// The problem areas the treatment works on.
    pub problem_areas: Vec<crate::domain::ProblemArea>,
    /// Exercise practices asked for per week.
    pub weekly_practice_target: i32,
    /// Whether the questionnaire before each session asks for the GAD-7 too.
    pub gad7_enabled: bool,
}
