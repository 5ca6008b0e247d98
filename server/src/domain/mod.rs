//! Domain types: each can only be built by `parse`, so a value that exists is valid
//! ("parse, don't validate"). Validator rules on request bodies call these same parsers.

mod account;
mod timezone;
mod treatment;

pub use account::{DisplayName, Email, Password};
pub use timezone::Timezone;
pub use treatment::{Phase, PlannedSessions, ProblemArea, Treatment};

/// Adapts a domain parser to a `validator` custom rule, keeping the parser's message.
pub(crate) fn rule<T>(parsed: Result<T, &'static str>) -> Result<(), validator::ValidationError> {
    parsed
        .map(|_| ())
        .map_err(|message| validator::ValidationError::new("invalid").with_message(message.into()))
}
