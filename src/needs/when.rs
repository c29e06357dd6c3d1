//! When help is needed: a day, a day between two times, or whenever suits.

use chrono::{NaiveDate, NaiveTime};

use crate::kernel::words::day;
use diesel::deserialize::FromSqlRow;
use diesel::expression::AsExpression;
use diesel::sql_types::Text;

/// Which kind of "when" a need has, as stored beside its date and times.
#[derive(Clone, Copy, Debug, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum WhenKind {
    /// Some time on a day.
    Date,
    /// A day, between two times.
    Window,
    /// Whenever suits.
    Flexible,
}

crate::text_column!(WhenKind);

impl WhenKind {
    /// The stored (and submitted) word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Date => "date",
            Self::Window => "window",
            Self::Flexible => "flexible",
        }
    }

    /// Reads a submitted word, strictly.
    pub fn parse(word: &str) -> Option<Self> {
        [Self::Date, Self::Window, Self::Flexible]
            .into_iter()
            .find(|k| k.as_str() == word)
    }

    /// Reads a stored word; anything else reads as flexible.
    pub fn from_db(word: &str) -> Self {
        Self::parse(word).unwrap_or(Self::Flexible)
    }
}

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
    /// Its kind, as stored.
    pub fn kind(self) -> WhenKind {
        match self {
            Self::Date(_) => WhenKind::Date,
            Self::Window(..) => WhenKind::Window,
            Self::Flexible => WhenKind::Flexible,
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
    pub fn from_db(
        kind: WhenKind,
        date: Option<&str>,
        start: Option<&str>,
        end: Option<&str>,
    ) -> Self {
        let date = date.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let time = |t: Option<&str>| t.and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok());
        match (kind, date, time(start), time(end)) {
            (WhenKind::Window, Some(d), Some(s), Some(e)) => Self::Window(d, s, e),
            (WhenKind::Date | WhenKind::Window, Some(d), _, _) => Self::Date(d),
            _ => Self::Flexible,
        }
    }

    /// On a page, as of `today`: "Today", "Tomorrow, 09:00–12:00",
    /// "Thursday 3 December" (the year only when it is not this one; see
    /// [`crate::kernel::words::day`]), or "Flexible".
    pub fn describe_on(self, today: NaiveDate) -> String {
        match self {
            Self::Date(d) => day(d, today),
            Self::Window(d, s, e) => format!(
                "{}, {}–{}",
                day(d, today),
                s.format("%H:%M"),
                e.format("%H:%M")
            ),
            Self::Flexible => self.describe(),
        }
    }

    /// In full, for mail that may be read on another day: "Tuesday 1
    /// December 2026", "Tuesday 1 December 2026, 09:00–12:00" or
    /// "Flexible".
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
            When::from_db(
                WhenKind::Window,
                Some("2026-12-01"),
                Some("09:00"),
                Some("12:30")
            ),
            When::Window(d, s, e)
        );
        assert_eq!(
            When::from_db(WhenKind::Date, Some("2026-12-01"), None, None),
            When::Date(d)
        );
        assert_eq!(
            When::from_db(WhenKind::Flexible, None, None, None),
            When::Flexible
        );
        assert_eq!(
            When::Window(d, s, e).describe(),
            "Tuesday 1 December 2026, 09:00–12:30"
        );
        assert_eq!(When::Flexible.sort_date(), FLEXIBLE_SORT_DATE);
    }

    #[test]
    fn on_a_page_a_need_is_for_today_tomorrow_or_a_weekday() {
        let day = |n| NaiveDate::from_ymd_opt(2026, 12, n).expect("date");
        let s = NaiveTime::from_hms_opt(9, 0, 0).expect("time");
        let e = NaiveTime::from_hms_opt(12, 30, 0).expect("time");
        assert_eq!(When::Date(day(1)).describe_on(day(1)), "Today");
        assert_eq!(
            When::Window(day(2), s, e).describe_on(day(1)),
            "Tomorrow, 09:00–12:30"
        );
        assert_eq!(
            When::Date(day(3)).describe_on(day(1)),
            "Thursday 3 December"
        );
        assert_eq!(
            When::Flexible.describe_on(day(1)),
            When::Flexible.describe()
        );
    }

    #[test]
    fn every_when_kind_round_trips_through_its_word() {
        for kind in [WhenKind::Date, WhenKind::Window, WhenKind::Flexible] {
            assert_eq!(WhenKind::from_db(kind.as_str()), kind);
            assert_eq!(WhenKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(WhenKind::from_db("someday"), WhenKind::Flexible);
        assert_eq!(WhenKind::parse("Date"), None);
    }
}
