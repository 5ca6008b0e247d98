//! Domain types: each can only be built by `parse`, so a value that exists is valid
//! ("parse, don't validate"). Validator rules on request bodies call these same parsers.

mod account;
mod measures;
mod region;
pub mod relapse;
mod sessions;
mod time;
mod treatment;

pub use account::{DisplayName, Email, Locale, Password};
pub use entities::{LocalTimeOfDay, ProblemAreaSet, Timezone};
pub use measures::{
    Answers, Gad7Answers, Gad7Band, Phq9Alert, Phq9Answers, Phq9Band, Rating, Score0To10,
};
pub use region::{region_of_zone, region_of_zone_name};
pub use sessions::{Session, SessionMark, SessionStatus, sessions, slot_count, slot_date};
pub use time::{IsoWeekday, QuietHours, happened, local_to_utc, planned};
pub use treatment::{CourseEnd, CourseKind, Phase, PlannedSessions, ProblemArea, Treatment};

/// Adapts a domain parser to a `validator` custom rule, keeping the parser's message.
pub(crate) fn rule<T>(parsed: Result<T, &'static str>) -> Result<(), validator::ValidationError> {
    parsed
        .map(|_| ())
        .map_err(|message| validator::ValidationError::new("invalid").with_message(message.into()))
}

/// A client-supplied instant in UTC, truncated to microseconds: both databases keep
/// microseconds, so a replayed write compares equal to the stored one.
#[must_use]
pub fn to_utc_micros(at: chrono::DateTime<chrono::FixedOffset>) -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    at.with_timezone(&chrono::Utc).trunc_subsecs(6)
}
