//! The need form: what is typed, parsed field by field into a [`NeedFields`].

use chrono::{Days, NaiveDate, NaiveTime};
use serde::Deserialize;

use super::{Category, Urgency, When};
use crate::kernel::text::{clean_listed_line, clean_multiline};
use crate::web::fields::FormErrors;

/// Title length in characters.
pub const TITLE_MIN: usize = 5;
/// Title length in characters.
pub const TITLE_MAX: usize = 120;
/// Details length in characters.
pub const DETAILS_MAX: usize = 4_000;
/// Place length in characters.
pub const PLACE_MAX: usize = 120;
/// Private details length in characters.
pub const PRIVATE_MAX: usize = 1_000;
/// How far ahead a need may be dated, in days.
pub const DAYS_AHEAD_MAX: u64 = 365;

/// What the need form sends, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct NeedInput {
    /// Title.
    pub title: String,
    /// Details.
    pub details: String,
    /// Category id.
    pub category_id: String,
    /// `date`, `window` or `flexible`.
    pub when_kind: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`.
    pub start_time: String,
    /// `HH:MM`.
    pub end_time: String,
    /// Rough place.
    pub place: String,
    /// 1 to 10.
    pub helpers_wanted: String,
    /// `normal` or `urgent`.
    pub urgency: String,
    /// Only for accepted volunteers.
    pub private_details: String,
}

/// A need's fields, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeedFields {
    /// Title.
    pub title: String,
    /// Details.
    pub details: String,
    /// Category id.
    pub category_id: i64,
    /// When.
    pub when: When,
    /// Rough place.
    pub place: String,
    /// Helpers wanted.
    pub helpers_wanted: i32,
    /// Urgency.
    pub urgency: Urgency,
    /// Private details.
    pub private_details: String,
}

impl NeedInput {
    /// Checks every field against `today` and the categories on offer
    /// (`current_category` stays allowed when editing, even if retired).
    pub fn parse(
        &self,
        today: NaiveDate,
        categories: &[Category],
        current_category: Option<i64>,
    ) -> Result<NeedFields, FormErrors> {
        let mut errors = FormErrors::default();
        let title = errors.check("title", parse_title(&self.title));
        let details = errors.check(
            "details",
            limited(
                clean_multiline(&self.details),
                DETAILS_MAX,
                "Keep the details to 4,000 characters or fewer.",
            ),
        );
        let category_id = errors.check(
            "category_id",
            parse_category(&self.category_id, categories, current_category),
        );
        let when = self.parse_when(today, &mut errors);
        let place = errors.check(
            "place",
            limited(
                clean_listed_line(&self.place),
                PLACE_MAX,
                "Keep the place to 120 characters or fewer: a street or landmark is enough.",
            ),
        );
        let helpers_wanted = errors.check("helpers_wanted", parse_helpers(&self.helpers_wanted));
        let urgency = errors.check(
            "urgency",
            Urgency::parse(&self.urgency).ok_or("Choose normal or urgent."),
        );
        let private_details = errors.check(
            "private_details",
            limited(
                clean_multiline(&self.private_details),
                PRIVATE_MAX,
                "Keep the private details to 1,000 characters or fewer.",
            ),
        );
        match (
            title,
            details,
            category_id,
            when,
            place,
            helpers_wanted,
            urgency,
            private_details,
        ) {
            (
                Some(title),
                Some(details),
                Some(category_id),
                Some(when),
                Some(place),
                Some(helpers_wanted),
                Some(urgency),
                Some(private_details),
            ) if errors.is_empty() => Ok(NeedFields {
                title,
                details,
                category_id,
                when,
                place,
                helpers_wanted,
                urgency,
                private_details,
            }),
            _ => Err(errors),
        }
    }

    /// Checks only the "when" fields (for giving an expired need a new date).
    pub fn parse_when_only(&self, today: NaiveDate) -> Result<When, FormErrors> {
        let mut errors = FormErrors::default();
        match self.parse_when(today, &mut errors) {
            Some(when) if errors.is_empty() => Ok(when),
            _ => Err(errors),
        }
    }

    fn parse_when(&self, today: NaiveDate, errors: &mut FormErrors) -> Option<When> {
        match self.when_kind.as_str() {
            "flexible" => Some(When::Flexible),
            "date" | "window" => {
                let date = errors.check("date", parse_date(&self.date, today))?;
                if self.when_kind == "date" {
                    return Some(When::Date(date));
                }
                let start = errors.check(
                    "start_time",
                    parse_time(&self.start_time, "Give the time from which help is needed."),
                );
                let end = errors.check(
                    "end_time",
                    parse_time(&self.end_time, "Give the time by which help is needed."),
                );
                let (start, end) = (start?, end?);
                if end <= start {
                    errors.add("end_time", "The end time must be after the start time.");
                    return None;
                }
                Some(When::Window(date, start, end))
            }
            _ => {
                errors.add("when_kind", "Choose a date, a date and time, or flexible.");
                None
            }
        }
    }

    /// The form filled with a need's current fields, for editing.
    pub fn from_fields(fields: &NeedFields) -> Self {
        let (when_kind, date, start_time, end_time) = match fields.when {
            When::Flexible => ("flexible", String::new(), String::new(), String::new()),
            When::Date(d) => ("date", d.to_string(), String::new(), String::new()),
            When::Window(d, s, e) => (
                "window",
                d.to_string(),
                s.format("%H:%M").to_string(),
                e.format("%H:%M").to_string(),
            ),
        };
        Self {
            title: fields.title.clone(),
            details: fields.details.clone(),
            category_id: fields.category_id.to_string(),
            when_kind: when_kind.into(),
            date,
            start_time,
            end_time,
            place: fields.place.clone(),
            helpers_wanted: fields.helpers_wanted.to_string(),
            urgency: fields.urgency.as_str().into(),
            private_details: fields.private_details.clone(),
        }
    }

    /// An empty form with the defaults: one helper, normal urgency, a date.
    pub fn blank() -> Self {
        Self {
            when_kind: "date".into(),
            helpers_wanted: "1".into(),
            urgency: "normal".into(),
            ..Self::default()
        }
    }
}

fn parse_title(input: &str) -> Result<String, &'static str> {
    let title = clean_listed_line(input);
    let length = title.chars().count();
    if length < TITLE_MIN {
        Err("Give your need a title of at least 5 characters, such as \"Lift to the clinic\".")
    } else if length > TITLE_MAX {
        Err("Keep the title to 120 characters or fewer; put the rest in the details.")
    } else {
        Ok(title)
    }
}

fn limited(text: String, max: usize, message: &'static str) -> Result<String, &'static str> {
    if text.chars().count() > max {
        Err(message)
    } else {
        Ok(text)
    }
}

fn parse_category(
    input: &str,
    categories: &[Category],
    current: Option<i64>,
) -> Result<i64, &'static str> {
    let id: i64 = input.trim().parse().map_err(|_| "Choose a category.")?;
    let offered = categories
        .iter()
        .any(|c| c.id == id && (!c.retired || current == Some(id)));
    if offered {
        Ok(id)
    } else {
        Err("Choose one of the categories listed.")
    }
}

/// Reads a date typed as `YYYY-MM-DD`; today up to a year ahead.
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, &'static str> {
    let input = input.trim();
    if input.is_empty() {
        return Err("Give the date help is needed, or choose flexible.");
    }
    let date = NaiveDate::parse_from_str(input, "%Y-%m-%d")
        .map_err(|_| "Give the date as year-month-day, like 2026-12-03.")?;
    if date < today {
        return Err("That date has passed. Choose today or a later day.");
    }
    let latest = today
        .checked_add_days(Days::new(DAYS_AHEAD_MAX))
        .unwrap_or(today);
    if date > latest {
        return Err("Choose a date within the next year.");
    }
    Ok(date)
}

fn parse_time(input: &str, missing: &'static str) -> Result<NaiveTime, &'static str> {
    let input = input.trim();
    if input.is_empty() {
        return Err(missing);
    }
    NaiveTime::parse_from_str(input, "%H:%M")
        .map_err(|_| "Give the time as hours and minutes, like 14:30.")
}

fn parse_helpers(input: &str) -> Result<i32, &'static str> {
    match input.trim().parse::<i32>() {
        Ok(n) if (1..=10).contains(&n) => Ok(n),
        _ => Err("Ask for between 1 and 10 helpers."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
    }

    fn categories() -> Vec<Category> {
        vec![
            Category {
                id: 1,
                name: "Lifts & transport".into(),
                retired: false,
            },
            Category {
                id: 2,
                name: "Old".into(),
                retired: true,
            },
        ]
    }

    fn input() -> NeedInput {
        NeedInput {
            title: "  Lift to the clinic ".into(),
            details: "Tuesday morning,\r\nback by noon".into(),
            category_id: "1".into(),
            when_kind: "window".into(),
            date: "2026-12-01".into(),
            start_time: "09:00".into(),
            end_time: "12:00".into(),
            place: "Elm Street".into(),
            helpers_wanted: "1".into(),
            urgency: "urgent".into(),
            private_details: "Flat 3, ring twice".into(),
        }
    }

    #[test]
    fn a_complete_need_parses_and_is_tidied() {
        let fields = input().parse(today(), &categories(), None).expect("valid");
        assert_eq!(fields.title, "Lift to the clinic");
        assert_eq!(fields.details, "Tuesday morning,\nback by noon");
        assert_eq!(fields.urgency, Urgency::Urgent);
        assert!(matches!(fields.when, When::Window(..)));
        assert_eq!(
            NeedInput::from_fields(&fields).parse(today(), &categories(), None),
            Ok(fields)
        );
    }

    #[test]
    fn past_and_far_dates_are_refused() {
        assert!(parse_date("2026-11-25", today()).is_err());
        assert!(parse_date("2026-11-26", today()).is_ok());
        assert!(parse_date("2027-11-26", today()).is_ok());
        assert!(parse_date("2027-11-27", today()).is_err());
        assert!(parse_date("26/11/2026", today()).is_err());
    }

    #[test]
    fn a_window_must_end_after_it_starts() {
        let mut bad = input();
        bad.end_time = "08:00".into();
        let errors = bad
            .parse(today(), &categories(), None)
            .expect_err("invalid");
        assert!(errors.get("end_time").is_some());
    }

    #[test]
    fn every_field_reports_its_own_problem() {
        let bad = NeedInput {
            title: "Hi".into(),
            details: "x".repeat(4_001),
            category_id: "2".into(),
            when_kind: "sometime".into(),
            place: "p".repeat(121),
            helpers_wanted: "11".into(),
            urgency: "very".into(),
            private_details: "y".repeat(1_001),
            ..NeedInput::default()
        };
        let errors = bad
            .parse(today(), &categories(), None)
            .expect_err("invalid");
        for field in [
            "title",
            "details",
            "category_id",
            "when_kind",
            "place",
            "helpers_wanted",
            "urgency",
            "private_details",
        ] {
            assert!(errors.get(field).is_some(), "{field} not reported");
        }
    }

    #[test]
    fn a_retired_category_is_kept_only_by_needs_that_have_it() {
        let mut need = input();
        need.category_id = "2".into();
        assert!(need.parse(today(), &categories(), None).is_err());
        assert!(need.parse(today(), &categories(), Some(2)).is_ok());
    }

    #[test]
    fn flexible_needs_need_no_date() {
        let mut need = input();
        need.when_kind = "flexible".into();
        need.date = String::new();
        assert_eq!(
            need.parse(today(), &categories(), None).map(|f| f.when),
            Ok(When::Flexible)
        );
    }
}
