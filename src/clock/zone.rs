//! The neighbourhood's time zone: an IANA name, with the rules bundled in
//! the binary (the server may have no `/usr/share/zoneinfo`).

use chrono::{DateTime, TimeZone};
use chrono_tz::Tz;

use super::Timestamp;

/// A time zone, such as `Europe/London`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Zone(Tz);

impl Default for Zone {
    fn default() -> Self {
        Self::UTC
    }
}

impl Zone {
    /// Coordinated Universal Time.
    pub const UTC: Self = Self(Tz::UTC);

    /// The zone called `name` (`Europe/London`); the error says what is
    /// wrong in words an operator can act on.
    pub fn named(name: &str) -> Result<Self, String> {
        let name = name.trim();
        // POSIX lets `TZ` start with a colon before a zone's name.
        let bare = name.strip_prefix(':').unwrap_or(name);
        bare.parse::<Tz>().map(Self).map_err(|_| {
            format!("\u{201c}{name}\u{201d} is not a time zone name; give one such as Europe/London or UTC")
        })
    }

    /// The machine's zone: `TZ` when it is set, otherwise UTC.
    pub fn of_machine() -> Result<Self, String> {
        match std::env::var("TZ") {
            Ok(name) if !name.trim().is_empty() => Self::named(&name),
            _ => Ok(Self::UTC),
        }
    }

    /// Its IANA name.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// `at` on this zone's clocks.
    pub fn at(self, at: Timestamp) -> DateTime<Tz> {
        self.0
            .timestamp_opt(at.0, 0)
            .single()
            .unwrap_or_else(|| self.0.from_utc_datetime(&chrono::NaiveDateTime::default()))
    }

    /// What the zone is called at `at`: its abbreviation where it has a
    /// lettered one ("GMT", "BST", "CET"), else its name in brackets
    /// ("(Asia/Dubai)").
    pub fn label(self, at: Timestamp) -> String {
        let abbreviation = self.at(at).format("%Z").to_string();
        if abbreviation.starts_with(['+', '-']) || abbreviation.is_empty() {
            format!("({})", self.name())
        } else {
            abbreviation
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Timestamp, Zone};

    #[test]
    fn zones_are_known_by_their_names_and_nonsense_is_refused() {
        assert_eq!(
            Zone::named("Europe/London").expect("known").name(),
            "Europe/London"
        );
        assert_eq!(Zone::named(":UTC").expect("known"), Zone::UTC);
        let refused = Zone::named("Mars/Olympus").expect_err("unknown");
        assert!(refused.contains("Mars/Olympus"), "{refused}");
        assert!(refused.contains("Europe/London"), "{refused}");
    }

    #[test]
    fn a_zone_is_labelled_by_its_abbreviation_in_summer_and_winter() {
        let london = Zone::named("Europe/London").expect("known");
        // 1 December 2026 and 1 July 2026, noon UTC.
        assert_eq!(london.label(Timestamp(1_796_126_400)), "GMT");
        assert_eq!(london.label(Timestamp(1_782_907_200)), "BST");
        assert_eq!(Zone::UTC.label(Timestamp(0)), "UTC");
        let dubai = Zone::named("Asia/Dubai").expect("known");
        assert_eq!(dubai.label(Timestamp(0)), "(Asia/Dubai)");
    }
}
