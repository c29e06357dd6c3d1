//! The rule of each need field but the "when" ones: lengths, category and
//! number of helpers, each with the message a resident sees.

use super::Category;
use crate::kernel::ids::CategoryId;
use crate::kernel::text::clean_listed_line;

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

pub(super) fn parse_title(input: &str) -> Result<String, &'static str> {
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

pub(super) fn limited(
    text: String,
    max: usize,
    message: &'static str,
) -> Result<String, &'static str> {
    if text.chars().count() > max {
        Err(message)
    } else {
        Ok(text)
    }
}

pub(super) fn parse_category(
    input: &str,
    categories: &[Category],
    current: Option<CategoryId>,
) -> Result<CategoryId, &'static str> {
    let id = CategoryId(input.trim().parse().map_err(|_| "Choose a category.")?);
    let offered = categories
        .iter()
        .any(|c| c.id == id && (!c.retired || current == Some(id)));
    if offered {
        Ok(id)
    } else {
        Err("Choose one of the categories listed.")
    }
}

pub(super) fn parse_helpers(input: &str) -> Result<i32, &'static str> {
    match input.trim().parse::<i32>() {
        Ok(n) if (1..=10).contains(&n) => Ok(n),
        _ => Err("Ask for between 1 and 10 helpers."),
    }
}
