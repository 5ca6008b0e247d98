//! Account fields: e-mail, password, display name, language.

use validator::ValidateEmail;

/// A normalised (trimmed, lower-cased) e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// # Errors
    /// Not an e-mail address, or longer than 254 characters.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let email = raw.trim().to_lowercase();
        // An address is copied into e-mail headers: nothing that could start another line, even
        // should the syntax check ever admit a quoted local part.
        if email.len() > 254
            || !email.validate_email()
            || crate::extract::breaks_single_line(&email)
        {
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
    /// Shorter than 12 or longer than 1024 characters, or one of the 10,000 most common
    /// passwords.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let chars = raw.chars().count();
        if chars < Self::MIN_CHARS {
            return Err("must be at least 12 characters");
        }
        if chars > Self::MAX_CHARS {
            return Err("must be at most 1024 characters");
        }
        if is_common_password(raw) {
            return Err("is one of the most common passwords; choose another");
        }
        Ok(Self(raw.to_owned()))
    }

    /// The password in clear, for hashing or verifying only.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The 10,000 most common passwords, lower-cased, one a line: the first 10,000 entries of the
/// `passwords` frequency list of zxcvbn (Dropbox; this copy from the MIT-licensed Python port
/// `zxcvbn` 4.5.0 on PyPI, `zxcvbn/frequency_lists.py`), itself taken from Mark Burnett's
/// published 10 million password set. NIST SP 800-63B § 3.1.1.2 asks that a new password be
/// compared with such a list. Licence and source: `server/NOTICE`.
const COMMON_PASSWORDS: &str = include_str!("common-passwords.txt");

/// Whether `password`, as a whole and ignoring case, is one of [`COMMON_PASSWORDS`].
/// (A password that merely contains a common one is fine: length is what protects it.)
fn is_common_password(password: &str) -> bool {
    static LIST: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| COMMON_PASSWORDS.lines().collect());
    LIST.contains(password.to_lowercase().as_str())
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
        if crate::extract::breaks_single_line(name) {
            return Err(crate::extract::SINGLE_LINE_MESSAGE);
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

/// A language as a BCP 47 tag (`de-AT`, `es-419`), normalised (`de_at` is `de-AT`). Which
/// shipped language it gets is decided when a text is written (`i18n`), so a tag of a
/// language that does not ship yet is kept as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locale(String);

impl Locale {
    /// # Errors
    /// Not a language tag (language, script, region, variants), `und`, or longer than 35
    /// characters.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        const MESSAGE: &str = "must be a BCP 47 language tag, such as de-AT";
        let raw = raw.trim();
        if raw.is_empty() || raw.len() > 35 {
            return Err(MESSAGE);
        }
        let tag: unic_langid::LanguageIdentifier = raw.parse().map_err(|_| MESSAGE)?;
        if tag.language.is_empty() {
            return Err(MESSAGE);
        }
        Ok(Self(tag.to_string()))
    }

    /// The normalised tag.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_tag_is_normalised_and_a_non_tag_is_rejected() {
        assert_eq!(Locale::parse("de-at").map(|l| l.0), Ok("de-AT".into()));
        assert_eq!(Locale::parse(" es_419 ").map(|l| l.0), Ok("es-419".into()));
        assert_eq!(Locale::parse("fr").map(|l| l.0), Ok("fr".into()));
        for bad in [
            "",
            "english please",
            "und",
            "x",
            "de-AT-u-ca-gregory",
            &"a".repeat(36),
        ] {
            assert!(Locale::parse(bad).is_err(), "{bad:?}");
        }
    }

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
    fn a_common_password_is_rejected_whatever_its_case() {
        assert!(Password::parse("qwerty123456").is_err());
        assert!(Password::parse("LeaveMeAlone").is_err());
        assert!(Password::parse("leavemealone, please").is_ok());
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
