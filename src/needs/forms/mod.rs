//! The need form: what is typed, parsed field by field into a [`NeedFields`]
//! (each field's rule is in [`fields`], the "when" fields' in [`when`]).

pub mod fields;
pub mod when;

use chrono::NaiveDate;
use serde::Deserialize;

use super::{Category, Urgency, When, WhenKind};
use crate::kernel::ids::CategoryId;
use crate::kernel::text::{clean_listed_line, clean_multiline};
use crate::web::fields::FormErrors;
use fields::{
    DETAILS_MAX, PLACE_MAX, PRIVATE_MAX, limited, parse_category, parse_helpers, parse_title,
};

pub use fields::{TITLE_MAX, TITLE_MIN};
pub use when::{DAYS_AHEAD_MAX, parse_date};

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
    pub category_id: CategoryId,
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
        current_category: Option<CategoryId>,
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

    /// Whether the form has `kind` chosen for when help is needed.
    pub fn when_is(&self, kind: WhenKind) -> bool {
        WhenKind::parse(&self.when_kind) == Some(kind)
    }

    /// Whether the form has urgent chosen.
    pub fn is_urgent(&self) -> bool {
        Urgency::parse(&self.urgency) == Some(Urgency::Urgent)
    }

    /// The form filled with a need's current fields, for editing.
    pub fn from_fields(fields: &NeedFields) -> Self {
        let (date, start_time, end_time) = match fields.when {
            When::Flexible => (String::new(), String::new(), String::new()),
            When::Date(d) => (d.to_string(), String::new(), String::new()),
            When::Window(d, s, e) => (
                d.to_string(),
                s.format("%H:%M").to_string(),
                e.format("%H:%M").to_string(),
            ),
        };
        Self {
            title: fields.title.clone(),
            details: fields.details.clone(),
            category_id: fields.category_id.to_string(),
            when_kind: fields.when.kind().as_str().into(),
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
            when_kind: WhenKind::Date.as_str().into(),
            helpers_wanted: "1".into(),
            urgency: Urgency::Normal.as_str().into(),
            ..Self::default()
        }
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
                id: CategoryId(1),
                name: "Lifts & transport".into(),
                retired: false,
            },
            Category {
                id: CategoryId(2),
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
            when_kind: WhenKind::Window.as_str().into(),
            date: "2026-12-01".into(),
            start_time: "09:00".into(),
            end_time: "12:00".into(),
            place: "Elm Street".into(),
            helpers_wanted: "1".into(),
            urgency: Urgency::Urgent.as_str().into(),
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
        assert!(
            need.parse(today(), &categories(), Some(CategoryId(2)))
                .is_ok()
        );
    }

    #[test]
    fn flexible_needs_need_no_date() {
        let mut need = input();
        need.when_kind = WhenKind::Flexible.as_str().into();
        need.date = String::new();
        assert_eq!(
            need.parse(today(), &categories(), None).map(|f| f.when),
            Ok(When::Flexible)
        );
    }
}
