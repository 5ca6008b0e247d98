//! Bodies of the second-factor routes.

use crate::wire::Text;
use super::model::Enrolment;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// A started TOTP enrolment: add it to an authenticator app, then confirm with a code.
#[derive(Debug, Serialize, ToSchema)]
pub struct TotpEnrolmentResponse {
    /// The shared secret in base32, for typing into the app by hand.
    #[schema(example = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")]
    pub secret: String,
    /// The `otpauth://totp/…` URI the QR code holds (SHA-1, 6 digits, 30 s).
    #[schema(
        example = "otpauth://totp/IPT%20Companion:r.okafor%40praxis.example?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=IPT%20Companion"
    )]
    pub otpauth_uri: String,
    /// The URI as a QR code, an SVG document to show inline.
    pub qr_svg: String,
}

impl From<Enrolment> for TotpEnrolmentResponse {
    fn from(e: Enrolment) -> Self {
        Self {
            secret: e.secret,
            otpauth_uri: e.otpauth_uri,
            qr_svg: e.qr_svg,
        }
    }
}

/// A code from the authenticator app (or, where said, a recovery code).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "492039"}))]
pub struct TotpCodeRequest {
    /// Six digits from the app (spaces ignored); or a recovery code `xxxxx-xxxxx` where the
    /// operation accepts one.
    #[validate(nested)]
    pub code: Text<1, 64>,
}

/// The recovery codes of a factor just turned on: shown this once, each works once.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecoveryCodesResponse {
    /// Ten codes `xxxxx-xxxxx`; any one stands in for an app code once.
    #[schema(example = json!(["k7m2p-qx9ta", "b3nhe-w8r4c"]))]
    pub recovery_codes: Vec<String>,
}

/// The sign-in's second step.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"mfa_token": "hL2…", "code": "492039"}))]
pub struct LoginMfaRequest {
    /// The `mfa_token` of the `/problems/mfa-required` answer of `POST /auth/login`.
    #[validate(nested)]
    pub mfa_token: Text<1, 256>,
    /// Six digits from the authenticator app, or one of the recovery codes.
    #[validate(nested)]
    pub code: Text<1, 64>,
}
