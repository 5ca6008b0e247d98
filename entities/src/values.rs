//! Value types stored as text: a time zone by its IANA name, a local time as `HH:MM`, a set of
//! problem areas as a comma-separated list. Each parses when a row is read, so a stored value
//! that does not parse fails the read with an error (logged and answered 500) instead of
//! quietly becoming a default.

use crate::ProblemArea;
use chrono::{NaiveTime, Timelike};
use chrono_tz::Tz;
use sea_orm::DeriveValueType;

/// Why a stored or sent value did not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadValue(pub &'static str);

impl std::fmt::Display for BadValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for BadValue {}

/// A known IANA time zone (`Europe/Berlin`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, DeriveValueType)]
#[sea_orm(
    value_type = "String",
    from_str = "Timezone::from_stored",
    to_str = "Timezone::name"
)]
pub struct Timezone(Tz);

impl From<Tz> for Timezone {
    fn from(tz: Tz) -> Self {
        Self(tz)
    }
}

impl Timezone {
    /// # Errors
    /// Not a name in the IANA database.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        raw.parse::<Tz>()
            .map(Self)
            .map_err(|_| "must be a known IANA time zone, such as Europe/Berlin")
    }

    /// The zone, for date arithmetic.
    #[must_use]
    pub fn tz(self) -> Tz {
        self.0
    }

    /// The IANA name.
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    fn from_stored(raw: &str) -> Result<Self, BadValue> {
        Self::parse(raw).map_err(BadValue)
    }
}

/// A local time of day with minute precision, written `HH:MM` (24-hour).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, DeriveValueType)]
#[sea_orm(
    value_type = "String",
    from_str = "LocalTimeOfDay::from_stored",
    to_str = "LocalTimeOfDay::to_string"
)]
pub struct LocalTimeOfDay(NaiveTime);

impl LocalTimeOfDay {
    /// 10:00.
    pub const TEN_AM: Self = Self::hm(10, 0);

    /// A constant time (for defaults).
    #[must_use]
    pub const fn hm(hour: u32, minute: u32) -> Self {
        match NaiveTime::from_hms_opt(hour, minute, 0) {
            Some(t) => Self(t),
            None => panic!("an invalid constant time"),
        }
    }

    /// # Errors
    /// Not exactly `HH:MM` with 00–23 and 00–59.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        const MESSAGE: &str = "must be a time of day as HH:MM (00:00 to 23:59)";
        let bytes = raw.as_bytes();
        if bytes.len() != 5 || bytes[2] != b':' {
            return Err(MESSAGE);
        }
        let number = |s: &str| {
            s.parse::<u32>()
                .ok()
                .filter(|_| s.bytes().all(|b| b.is_ascii_digit()))
        };
        let (Some(hour), Some(minute)) = (number(&raw[0..2]), number(&raw[3..5])) else {
            return Err(MESSAGE);
        };
        NaiveTime::from_hms_opt(hour, minute, 0)
            .map(Self)
            .ok_or(MESSAGE)
    }

    /// The time, for date arithmetic.
    #[must_use]
    pub fn time(self) -> NaiveTime {
        self.0
    }

    fn from_stored(raw: &str) -> Result<Self, BadValue> {
        Self::parse(raw).map_err(BadValue)
    }
}

impl std::fmt::Display for LocalTimeOfDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0.hour(), self.0.minute())
    }
}

/// The problem areas a client works on: a small closed set, stored sorted and comma-separated.
#[derive(Debug, Clone, PartialEq, Eq, Default, DeriveValueType)]
#[sea_orm(
    value_type = "String",
    from_str = "ProblemAreaSet::from_stored",
    to_str = "ProblemAreaSet::to_stored"
)]
pub struct ProblemAreaSet(Vec<ProblemArea>);

impl ProblemAreaSet {
    /// The set of `areas` (order and repeats do not matter).
    #[must_use]
    pub fn new(areas: &[ProblemArea]) -> Self {
        let mut areas = areas.to_vec();
        areas.sort();
        areas.dedup();
        Self(areas)
    }

    /// The areas, in their fixed order.
    #[must_use]
    pub fn areas(&self) -> &[ProblemArea] {
        &self.0
    }

    /// Whether `area` is one of them.
    #[must_use]
    pub fn contains(&self, area: ProblemArea) -> bool {
        self.0.contains(&area)
    }

    fn from_stored(raw: &str) -> Result<Self, BadValue> {
        if raw.is_empty() {
            return Ok(Self::default());
        }
        raw.split(',')
            .map(|s| ProblemArea::parse(s).map_err(BadValue))
            .collect::<Result<Vec<_>, _>>()
            .map(|areas| Self::new(&areas))
    }

    fn to_stored(&self) -> String {
        self.0
            .iter()
            .map(|a| a.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_zone_parses_and_an_unknown_one_is_rejected() {
        assert_eq!(
            Timezone::parse("Asia/Kathmandu").map(|z| z.name()),
            Ok("Asia/Kathmandu")
        );
        assert!(Timezone::parse("Mars/Olympus_Mons").is_err());
        assert!(Timezone::parse("").is_err());
    }

    #[test]
    fn problem_areas_round_trip_in_a_fixed_order_and_refuse_unknown_names() {
        let set = ProblemAreaSet::new(&[
            ProblemArea::RoleTransition,
            ProblemArea::Grief,
            ProblemArea::Grief,
        ]);
        assert_eq!(set.to_stored(), "grief,role_transition");
        assert_eq!(
            ProblemAreaSet::from_stored("grief,role_transition"),
            Ok(set)
        );
        assert_eq!(
            ProblemAreaSet::from_stored(""),
            Ok(ProblemAreaSet::default())
        );
        assert!(ProblemAreaSet::from_stored("grief,astrology").is_err());
    }

    #[test]
    fn a_local_time_round_trips_as_hh_mm() {
        let t = LocalTimeOfDay::from_stored("07:05").expect("a time");
        assert_eq!(t.to_string(), "07:05");
        assert!(LocalTimeOfDay::from_stored("7:05").is_err());
    }
}
