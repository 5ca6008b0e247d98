//! Local wall-clock times and weekdays of reminder settings, and how a local time becomes an
//! instant.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use entities::LocalTimeOfDay;

/// ISO weekday, Monday = 1 … Sunday = 7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeekday(u8);

impl IsoWeekday {
    /// # Errors
    /// Outside 1–7.
    pub fn parse(raw: i64) -> Result<Self, &'static str> {
        u8::try_from(raw)
            .ok()
            .filter(|d| (1..=7).contains(d))
            .map(Self)
            .ok_or("must be a weekday from 1 (Monday) to 7 (Sunday)")
    }

    /// The weekday number, 1 (Monday) to 7 (Sunday).
    #[must_use]
    pub fn get(self) -> u8 {
        self.0
    }
}

/// Hours in which no reminder is sent; may wrap midnight (22:00–07:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    /// Local time the quiet hours begin (inclusive).
    pub start: LocalTimeOfDay,
    /// Local time the quiet hours end (exclusive); before `start` when they wrap midnight.
    pub end: LocalTimeOfDay,
}

impl QuietHours {
    /// # Errors
    /// Start equals end (an empty or a whole-day window is ambiguous).
    pub fn new(start: LocalTimeOfDay, end: LocalTimeOfDay) -> Result<Self, &'static str> {
        if start == end {
            return Err("must differ from start");
        }
        Ok(Self { start, end })
    }

    /// Whether `t` falls in the quiet hours (start inclusive, end exclusive).
    #[must_use]
    pub fn contains(self, t: LocalTimeOfDay) -> bool {
        if self.start < self.end {
            self.start <= t && t < self.end
        } else {
            t >= self.start || t < self.end
        }
    }
}

/// The instant of a local wall-clock time, by the *compatible* rule: a time that does not exist
/// (spring-forward gap) moves forward by the gap's length; a time that exists twice (fall-back
/// fold) is the earlier instant.
#[must_use]
pub fn local_to_utc(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(earlier, _) => earlier.with_timezone(&Utc),
        LocalResult::None => {
            // Read the wall time with the offset in force before the transition: the result
            // lies after the gap, exactly the gap's length later on the wall clock.
            let before = tz
                .offset_from_utc_datetime(&(local - Duration::days(1)))
                .fix();
            (local - Duration::seconds(i64::from(before.local_minus_utc()))).and_utc()
        }
    }
}

/// The earliest instant the server accepts for anything: no record of this product is older.
fn earliest() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2000, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(DateTime::<Utc>::MIN_UTC, |t| t.and_utc())
}

/// How far ahead of the server's clock a phone may say something happened (clock skew).
pub const MAX_FUTURE_SKEW: Duration = Duration::days(1);

/// Checks the time of something that happened (a check-in, a practice, a completion): from
/// 2000-01-01 to a day after `now`. Year 0 or 10000 is a bug or an attack, never a record.
///
/// # Errors
/// The message for the field.
pub fn happened(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<DateTime<Utc>, &'static str> {
    if at < earliest() {
        return Err("must not be before 2000-01-01");
    }
    if at > now + MAX_FUTURE_SKEW {
        return Err("must not be in the future");
    }
    Ok(at)
}

/// Checks the time of something planned (a due date): 2000-01-01 up to the end of 2100.
///
/// # Errors
/// The message for the field.
pub fn planned(at: DateTime<Utc>) -> Result<DateTime<Utc>, &'static str> {
    let latest = NaiveDate::from_ymd_opt(2101, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(DateTime::<Utc>::MAX_UTC, |t| t.and_utc());
    if at < earliest() || at >= latest {
        return Err("must be between 2000-01-01 and 2100-12-31");
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> LocalTimeOfDay {
        LocalTimeOfDay::parse(s).expect("a time")
    }

    #[test]
    fn a_time_must_be_hh_mm() {
        assert_eq!(t("07:05").to_string(), "07:05");
        assert_eq!(t("23:59").to_string(), "23:59");
        for bad in [
            "24:00", "7:05", "07:60", "07-05", "07:05:00", "+7:05", "", "ab:cd",
        ] {
            assert!(LocalTimeOfDay::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn weekdays_run_from_one_to_seven() {
        assert!(IsoWeekday::parse(0).is_err());
        assert!(IsoWeekday::parse(1).is_ok());
        assert!(IsoWeekday::parse(7).is_ok());
        assert!(IsoWeekday::parse(8).is_err());
    }

    #[test]
    fn quiet_hours_may_wrap_midnight() {
        let night = QuietHours::new(t("22:00"), t("07:00")).expect("valid");
        assert!(night.contains(t("22:00")));
        assert!(night.contains(t("23:30")));
        assert!(night.contains(t("00:00")));
        assert!(night.contains(t("06:59")));
        assert!(!night.contains(t("07:00")));
        assert!(!night.contains(t("12:00")));
        let afternoon = QuietHours::new(t("13:00"), t("15:00")).expect("valid");
        assert!(afternoon.contains(t("14:00")));
        assert!(!afternoon.contains(t("15:00")));
        assert!(!afternoon.contains(t("12:59")));
    }

    #[test]
    fn quiet_hours_that_start_where_they_end_are_rejected() {
        assert!(QuietHours::new(t("22:00"), t("22:00")).is_err());
    }
}
