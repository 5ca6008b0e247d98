//! The therapists' second factor: TOTP (RFC 6238; SHA-1, 6 digits, 30 s, one step
//! either side, each step's code once) with ten single-use recovery codes.
//!
//! Sign-in with a factor takes two steps: the password answers an `mfa_token` (a
//! `/problems/mfa-required` 401 in the API, a code form on the web), and the code exchanged with
//! it answers the sign-in. With `IPT_REQUIRE_MFA`, a therapist without a factor signs in as
//! before but may only set one up ([`enrolment_only`]); everything else answers 403
//! `/problems/mfa-enrolment-required` (the pages redirect to `/account/two-step`).

pub mod dto;
pub(crate) mod model;
pub(crate) mod routes;
mod secret;
pub mod service;

use actix_web::http::Method;

/// The API requests a therapist without a second factor may make where one is required: who am
/// I, the enrolment, and signing out. By method as well as path: `PATCH /api/v1/me` shares its
/// path with `GET` but changes the account, which waits for the factor like everything else.
const ENROLMENT_ROUTES: [(Method, &str); 4] = [
    (Method::GET, "/api/v1/me"),
    (Method::POST, "/api/v1/me/mfa/totp"),
    (Method::POST, "/api/v1/me/mfa/totp/confirm"),
    (Method::POST, "/api/v1/auth/logout"),
];

/// The pages such a therapist may open: the enrolment page and its two forms, and sign-out.
const ENROLMENT_PAGES: [(Method, &str); 4] = [
    (Method::GET, "/account/two-step"),
    (Method::POST, "/account/two-step/start"),
    (Method::POST, "/account/two-step/confirm"),
    (Method::POST, "/logout"),
];

/// Whether the request may be served to a therapist who still has to set up the required
/// second factor.
#[must_use]
pub(crate) fn enrolment_only(req: &actix_web::HttpRequest) -> bool {
    allowed_before_enrolment(req.method(), req.path())
}

fn allowed_before_enrolment(method: &Method, path: &str) -> bool {
    ENROLMENT_ROUTES
        .iter()
        .chain(ENROLMENT_PAGES.iter())
        .any(|(m, p)| m == method && *p == path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn before_enrolment_only_reading_the_account_enrolling_and_signing_out_are_allowed() {
        assert!(allowed_before_enrolment(&Method::GET, "/api/v1/me"));
        assert!(allowed_before_enrolment(
            &Method::POST,
            "/api/v1/me/mfa/totp"
        ));
        assert!(allowed_before_enrolment(
            &Method::POST,
            "/api/v1/me/mfa/totp/confirm"
        ));
        assert!(allowed_before_enrolment(
            &Method::POST,
            "/api/v1/auth/logout"
        ));
        assert!(allowed_before_enrolment(&Method::GET, "/account/two-step"));
        assert!(allowed_before_enrolment(
            &Method::POST,
            "/account/two-step/confirm"
        ));
        assert!(allowed_before_enrolment(&Method::POST, "/logout"));
    }

    #[test]
    fn before_enrolment_the_same_paths_with_another_method_are_refused() {
        assert!(!allowed_before_enrolment(&Method::PATCH, "/api/v1/me"));
        assert!(!allowed_before_enrolment(&Method::DELETE, "/api/v1/me"));
        assert!(!allowed_before_enrolment(
            &Method::DELETE,
            "/api/v1/me/mfa/totp"
        ));
        assert!(!allowed_before_enrolment(
            &Method::POST,
            "/account/two-step/disable"
        ));
        assert!(!allowed_before_enrolment(
            &Method::GET,
            "/api/v1/me/devices"
        ));
        assert!(!allowed_before_enrolment(
            &Method::GET,
            "/account/two-step/other"
        ));
    }
}
