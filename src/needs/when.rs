//! When help is needed: a day, a day between two times, or whenever suits.

use chrono::{NaiveDate, NaiveTime};

/// When help is needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// Some time on a day.
    Date(NaiveDate),
    /// A day, between two times.
    Window(NaiveDate, NaiveTime, NaiveTime),
    /// Whenever suits.
    Flexible,
}

/// The sort date of flexible needs: after every real date.
pub const FLEXIBLE_SORT_DATE: &str = "9999-12-31";

impl When {
    /// The stored kind word.
    pub fn kind(self) -> &'static str {
        match self {
            Self::Date(_) => "date",
            Self::Window(..) => "window",
            Self::Flexible => "flexible",
        }
    }

    /// The day, unless flexible.
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Self::Date(d) | Self::Window(d, _, _) => Some(d),
            Self::Flexible => None,
        }
    }

    /// The date the board sorts by.
    pub fn sort_date(self) -> String {
        self.date()
            .map_or_else(|| FLEXIBLE_SORT_DATE.to_owned(), |d| d.to_string())
    }

    /// Rebuilds from stored columns; anything unreadable reads as flexible.
    pub fn from_db(kind: &str, date: Option<&str>, start: Option<&str>, end: Option<&str>) -> Self {
        let date = date.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let time = |t: Option<&str>| t.and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok());
        match (kind, date, time(start), time(end)) {
            ("window", Some(d), Some(s), Some(e)) => Self::Window(d, s, e),
            ("date" | "window", Some(d), _, _) => Self::Date(d),
            _ => Self::Flexible,
        }
    }

    /// "Tuesday 1 December", "Tuesday 1 December, 09:00–12:00" or "Flexible".
    pub fn describe(self) -> String {
        match self {
            Self::Date(d) => d.format("%A %-d %B %Y").to_string(),
            Self::Window(d, s, e) => format!(
                "{}, {}–{}",
                d.format("%A %-d %B %Y"),
                s.format("%H:%M"),
                e.format("%H:%M")
            ),
            Self::Flexible => "Flexible: any day that suits".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_round_trips_through_its_stored_columns() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        let s = NaiveTime::from_hms_opt(9, 0, 0).expect("time");
        let e = NaiveTime::from_hms_opt(12, 30, 0).expect("time");
        assert_eq!(
            When::from_db("window", Some("2026-12-01"), Some("09:00"), Some("12:30")),
            When::Window(d, s, e)
        );
        assert_eq!(
            When::from_db("date", Some("2026-12-01"), None, None),
            When::Date(d)
        );
        assert_eq!(When::from_db("flexible", None, None, None), When::Flexible);
        assert_eq!(
            When::Window(d, s, e).describe(),
            "Tuesday 1 December 2026, 09:00–12:30"
        );
        assert_eq!(When::Flexible.sort_date(), FLEXIBLE_SORT_DATE);
    }
}
