//! IANA time zones.

use chrono_tz::Tz;

/// A known IANA time zone (`Europe/Berlin`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timezone(Tz);

impl Timezone {
    /// # Errors
    /// Not a name in the IANA database.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        raw.parse::<Tz>()
            .map(Self)
            .map_err(|_| "must be a known IANA time zone, such as Europe/Berlin")
    }

    #[must_use]
    pub fn tz(self) -> Tz {
        self.0
    }

    #[must_use]
    pub fn name(self) -> &'static str {
        self.0.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_zone_parses_and_an_unknown_one_is_rejected() {
        assert_eq!(
            Timezone::parse("Asia/Kathmandu").map(Timezone::name),
            Ok("Asia/Kathmandu")
        );
        assert!(Timezone::parse("Mars/Olympus_Mons").is_err());
        assert!(Timezone::parse("").is_err());
    }
}
