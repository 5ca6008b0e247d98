//! Account fields: e-mail, password, display name.

use validator::ValidateEmail;

/// A normalised (trimmed, lower-cased) e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// # Errors
    /// Not an e-mail address, or longer than 254 characters.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let email = raw.trim().to_lowercase();
        if email.len() > 254 || !email.validate_email() {
            return Err("must be a valid e-mail address");
        }
        Ok(Self(email))
    }

    /// The normalised address.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password as typed; never logged or stored, only hashed.
#[derive(Clone)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(..)")
    }
}

impl Password {
    /// Fewest characters a password may have.
    pub const MIN_CHARS: usize = 12;
    /// Hashing cost grows with length; a cap keeps a login from becoming a CPU attack.
    pub const MAX_CHARS: usize = 1024;

    /// # Errors
    /// Shorter than 12 or longer than 1024 characters.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let chars = raw.chars().count();
        if chars < Self::MIN_CHARS {
            return Err("must be at least 12 characters");
        }
        if chars > Self::MAX_CHARS {
            return Err("must be at most 1024 characters");
        }
        Ok(Self(raw.to_owned()))
    }

    /// The password in clear, for hashing or verifying only.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A name shown in the app and the dashboard: 1–100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    /// Most characters a display name may have.
    pub const MAX_CHARS: usize = 100;

    /// # Errors
    /// Empty after trimming, too long, or containing control characters.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let name = raw.trim();
        if name.is_empty() {
            return Err("must not be empty");
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err("must be at most 100 characters");
        }
        if name.chars().any(char::is_control) {
            return Err("must not contain control characters");
        }
        Ok(Self(name.to_owned()))
    }

    /// The trimmed name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The trimmed name, taken out of the wrapper.
    #[must_use]
    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Ada@Example.ORG ").map(|e| e.0),
            Ok("ada@example.org".into())
        );
    }

    #[test]
    fn an_email_without_a_domain_is_rejected() {
        assert!(Email::parse("ada@").is_err());
        assert!(Email::parse("ada").is_err());
    }

    #[test]
    fn a_password_of_eleven_characters_is_rejected_and_twelve_accepted() {
        assert!(Password::parse("abcdefghijk").is_err());
        assert!(Password::parse("abcdefghijkl").is_ok());
    }

    #[test]
    fn a_password_counts_characters_not_bytes() {
        assert!(Password::parse("ééééééééééé").is_err());
    }

    #[test]
    fn a_blank_or_control_character_name_is_rejected() {
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse("a\u{0}b").is_err());
        assert!(DisplayName::parse(&"x".repeat(101)).is_err());
        assert_eq!(
            DisplayName::parse(" Sam ").map(DisplayName::into_inner),
            Ok("Sam".into())
        );
    }
}
