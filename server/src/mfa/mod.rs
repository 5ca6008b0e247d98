//! The therapists' second factor (issue 15): TOTP (RFC 6238; SHA-1, 6 digits, 30 s, one step
//! either side, each step's code once) with ten single-use recovery codes.
//!
//! Sign-in with a factor takes two steps: the password answers an `mfa_token` (a
//! `/problems/mfa-required` 401 in the API, a code form on the web), and the code exchanged with
//! it answers the sign-in. With `IPT_REQUIRE_MFA`, a therapist without a factor signs in as
//! before but may only set one up ([`enrolment_only`]); everything else answers 403
//! `/problems/mfa-enrolment-required` (the pages redirect to `/account/two-step`).

pub mod dto;
pub(crate) mod routes;
mod secret;
pub mod service;

/// The API routes a therapist without a second factor may use where one is required: who am I,
/// the enrolment, and signing out.
const ENROLMENT_ROUTES: [&str; 4] = [
    "/api/v1/me",
    "/api/v1/me/mfa/totp",
    "/api/v1/me/mfa/totp/confirm",
    "/api/v1/auth/logout",
];

/// The page paths such a therapist may open: the enrolment page and its forms, and sign-out.
const ENROLMENT_PAGES: [&str; 2] = ["/account/two-step", "/logout"];

/// Whether the request may be served to a therapist who still has to set up the required
/// second factor.
#[must_use]
pub(crate) fn enrolment_only(req: &actix_web::HttpRequest) -> bool {
    let path = req.path();
    ENROLMENT_ROUTES.contains(&path)
        || ENROLMENT_PAGES
            .iter()
            .any(|page| path == *page || path.starts_with(&format!("{page}/")))
}
