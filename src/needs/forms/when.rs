//! The "when" fields of the need form: a day, a day between two times, or
//! flexible.

use chrono::{Days, NaiveDate, NaiveTime};

use super::NeedInput;
use crate::needs::{When, WhenKind};
use crate::web::fields::FormErrors;

/// How far ahead a need may be dated, in days.
pub const DAYS_AHEAD_MAX: u64 = 365;

impl NeedInput {
    /// Checks only the "when" fields (for giving an expired need a new date).
    pub fn parse_when_only(&self, today: NaiveDate) -> Result<When, FormErrors> {
        let mut errors = FormErrors::default();
        match self.parse_when(today, &mut errors) {
            Some(when) if errors.is_empty() => Ok(when),
            _ => Err(errors),
        }
    }

    pub(super) fn parse_when(&self, today: NaiveDate, errors: &mut FormErrors) -> Option<When> {
        match WhenKind::parse(&self.when_kind) {
            Some(WhenKind::Flexible) => Some(When::Flexible),
            Some(kind @ (WhenKind::Date | WhenKind::Window)) => {
                let date = errors.check("date", parse_date(&self.date, today))?;
                if kind == WhenKind::Date {
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
            None => {
                errors.add("when_kind", "Choose a date, a date and time, or flexible.");
                None
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
    }

    #[test]
    fn past_and_far_dates_are_refused() {
        assert!(parse_date("2026-11-25", today()).is_err());
        assert!(parse_date("2026-11-26", today()).is_ok());
        assert!(parse_date("2027-11-26", today()).is_ok());
        assert!(parse_date("2027-11-27", today()).is_err());
        assert!(parse_date("26/11/2026", today()).is_err());
    }
}
