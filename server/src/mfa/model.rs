//! The second factor's domain types: a started enrolment, as the authenticator app needs it.

/// A started enrolment: what the authenticator app needs.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// The shared secret in base32, to type in by hand.
    pub secret: String,
    /// `otpauth://totp/…`, what the QR code holds.
    pub otpauth_uri: String,
    /// The QR code of the URI as an SVG document (no XML declaration: it goes inline).
    pub qr_svg: String,
}
