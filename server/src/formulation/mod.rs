//! The interpersonal formulation: the problem areas the work focuses on, the therapist's
//! summary linking the depression to what happens between the client and others, the goals for
//! each problem area, and, per problem area, its IPT structure (a dispute's stage, a
//! transition's roles, the person grieved). The therapist writes it; the client reads it, as
//! IPT shares the formulation with the client. Each goal is rated 0–10 at held sessions
//! (`PUT …/sessions/{n}` with `goal_ratings`), so progress can be charted.

pub mod dto;
pub(crate) mod model;
pub(crate) mod record;
pub(crate) mod routes;
pub(crate) mod service;

use crate::safety_plan::plan::PlanText;

/// At most this many goals.
pub const MAX_GOALS: usize = 10;
/// At most this many characters in the summary.
pub const MAX_SUMMARY_CHARS: usize = 4000;

/// Tab, line feed and carriage return may appear in free text; no other control character.
fn has_forbidden_control(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// The summary: at most 4000 characters after trimming (it may be empty while the therapist
/// is still forming it), no control characters but tab and line breaks.
///
/// # Errors
/// Too long, or holding control characters.
pub fn parse_summary(raw: &str) -> Result<String, &'static str> {
    let text = raw.trim();
    if text.chars().count() > MAX_SUMMARY_CHARS {
        return Err("must be at most 4000 characters");
    }
    if has_forbidden_control(text) {
        return Err("must not contain control characters");
    }
    Ok(text.to_owned())
}

/// One line of a structure (a role, a person): 1–500 characters, like a plan's line.
///
/// # Errors
/// As [`PlanText::parse`].
pub fn parse_line(raw: &str) -> Result<String, &'static str> {
    PlanText::parse(raw).map(|t| t.as_str().to_owned())
}
