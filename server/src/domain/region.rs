//! A client's crisis region as its time zone suggests it: tzdata's `zone.tab` maps each zone to
//! the one ISO 3166-1 country it is used in (`zone1970.tab` may name several, which would
//! leave the choice open). Both files here are copies of tzdata 2025b (public domain), embedded
//! so that the answer does not depend on the host's tzdata; chrono-tz 0.10.4 carries the same
//! release.
//!
//! The old names of zones (`US/Central`, `Asia/Calcutta`) are links, which `zone.tab` leaves
//! out: `tz-links` (the `L` lines of tzdata's `tzdata.zi`) resolves them to the zone they name
//! first. A zone that belongs to no country (`UTC`, `Etc/GMT+5`, `CET`, `EST5EDT`) has no
//! region, and the therapist is asked to set one.

use crate::domain::Timezone;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Zone name → ISO 3166-1 alpha-2 country, from `zone.tab`.
static COUNTRIES: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    include_str!("zone.tab")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut columns = line.split('\t');
            let country = columns.next()?;
            let _coordinates = columns.next()?;
            Some((columns.next()?, country))
        })
        .collect()
});

/// Link name → the zone it names, from `tz-links`.
static LINKS: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    include_str!("tz-links")
        .lines()
        .filter_map(|line| {
            let mut columns = line.strip_prefix("L ")?.split(' ');
            let target = columns.next()?;
            Some((columns.next()?, target))
        })
        .collect()
});

/// The country (ISO 3166-1 alpha-2, upper case) whose crisis resources fit a client living in
/// `zone`, if the zone belongs to one country.
#[must_use]
pub fn region_of_zone(zone: &Timezone) -> Option<&'static str> {
    region_of_zone_name(zone.name())
}

/// [`region_of_zone`] by the zone's IANA name.
#[must_use]
pub fn region_of_zone_name(name: &str) -> Option<&'static str> {
    // A name in zone.tab first: some links cross borders (in tzdata's main data
    // `Europe/Oslo` is a link to `Europe/Berlin`), but zone.tab lists each such zone under its
    // own country.
    COUNTRIES
        .get(name)
        .or_else(|| LINKS.get(name).and_then(|target| COUNTRIES.get(target)))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(name: &str) -> Option<&'static str> {
        region_of_zone(&Timezone::parse(name).expect("a known zone"))
    }

    #[test]
    fn a_zone_gives_the_country_it_is_used_in() {
        assert_eq!(region("America/Chicago"), Some("US"));
        assert_eq!(region("Asia/Kolkata"), Some("IN"));
        assert_eq!(region("Europe/Berlin"), Some("DE"));
        assert_eq!(region("Europe/London"), Some("GB"));
        assert_eq!(region("Australia/Sydney"), Some("AU"));
        // zone.tab, not the merged zones of the main data: Oslo is Norway's.
        assert_eq!(region("Europe/Oslo"), Some("NO"));
    }

    #[test]
    fn an_old_name_of_a_zone_gives_the_country_of_the_zone_it_names() {
        assert_eq!(region("US/Central"), Some("US"));
        assert_eq!(region("Asia/Calcutta"), Some("IN"));
        assert_eq!(region("Europe/Kiev"), Some("UA"));
        assert_eq!(region("GB"), Some("GB"));
    }

    #[test]
    fn a_zone_of_no_country_gives_no_region() {
        for name in [
            "UTC",
            "Etc/UTC",
            "Etc/GMT+5",
            "Etc/GMT-14",
            "GMT",
            "CET",
            "EST5EDT",
        ] {
            assert_eq!(region(name), None, "{name}");
        }
    }

    #[test]
    fn every_zone_of_zone_tab_resolves_to_a_two_letter_country() {
        let listed: Vec<(&str, &str)> = include_str!("zone.tab")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| {
                let columns: Vec<&str> = l.split('\t').collect();
                (columns[2], columns[0])
            })
            .collect();
        assert!(listed.len() > 400, "{}", listed.len());
        for (zone, country) in listed {
            assert!(crate::safety::crisis::is_region_code(country), "{zone}");
            assert_eq!(region_of_zone_name(zone), Some(country), "{zone}");
            // Every zone the table names is one a client can be given.
            assert!(Timezone::parse(zone).is_ok(), "{zone}");
        }
    }

    #[test]
    fn every_zone_a_client_can_have_has_a_country_unless_it_belongs_to_none() {
        // What has no country: UTC and its aliases, the fixed offsets, and the old rule zones
        // named after an offset or a continent-wide time.
        let countryless = |name: &str| {
            name.starts_with("Etc/")
                || [
                    "UTC",
                    "UCT",
                    "Universal",
                    "Zulu",
                    "GMT",
                    "GMT0",
                    "GMT+0",
                    "GMT-0",
                    "Greenwich",
                    "CET",
                    "EET",
                    "MET",
                    "WET",
                    "EST",
                    "MST",
                    "HST",
                    "EST5EDT",
                    "CST6CDT",
                    "MST7MDT",
                    "PST8PDT",
                ]
                .contains(&name)
        };
        for tz in chrono_tz::TZ_VARIANTS {
            let name = tz.name();
            assert_eq!(
                region_of_zone_name(name).is_none(),
                countryless(name),
                "{name}"
            );
        }
    }
}
