//! The board's filters, read from the URL into a [`BoardQuery`] and
//! written back into links.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::error::AppError;
use crate::kernel::ids::CategoryId;
use crate::needs::db::board::{
    BoardQuery, Cursor, MAX_SEARCH_PAGE, Order, WhenFilter, search_words,
};
use crate::needs::{Category, FLEXIBLE_SORT_DATE, NeedId};

/// The board's filters as they appear in the URL.
#[derive(Clone, Debug, Default)]
pub struct BoardParams {
    pub(super) q: String,
    pub(super) category: String,
    pub(super) urgent: bool,
    pub(super) when: String,
    pub(super) order: String,
    pub(super) filled: bool,
}

impl BoardParams {
    /// Whether any filter beyond the words is set.
    pub(super) fn narrowed(&self) -> bool {
        !self.category.is_empty()
            || !self.when.is_empty()
            || !self.order.is_empty()
            || self.urgent
            || self.filled
    }

    /// The URL query for these filters plus `extra`.
    pub(super) fn href(&self, extra: &[(&str, String)]) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (name, value) in [
            ("q", &self.q),
            ("category", &self.category),
            ("when", &self.when),
            ("order", &self.order),
        ] {
            if !value.is_empty() {
                pairs.push((name, value.clone()));
            }
        }
        if self.urgent {
            pairs.push(("urgent", "yes".into()));
        }
        if self.filled {
            pairs.push(("filled", "yes".into()));
        }
        pairs.extend(extra.iter().cloned());
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        if query.is_empty() {
            "/needs".into()
        } else {
            format!("/needs?{query}")
        }
    }
}

/// Reads the filters; values that are not on offer are a bad request
/// (booleans are `yes` or absent, nothing else).
pub(super) fn parse(
    pairs: &HashMap<String, String>,
    categories: &[Category],
) -> Result<(BoardParams, BoardQuery), AppError> {
    let get = |name: &str| pairs.get(name).map(String::as_str).unwrap_or("");
    let flag = |name: &str| match get(name) {
        "" => Ok(false),
        "yes" => Ok(true),
        _ => Err(AppError::BadRequest("a yes-or-no filter had another value")),
    };
    let params = BoardParams {
        q: get("q").chars().take(200).collect(),
        category: get("category").to_owned(),
        urgent: flag("urgent")?,
        when: get("when").to_owned(),
        order: get("order").to_owned(),
        filled: flag("filled")?,
    };
    let category = match params.category.as_str() {
        "" => None,
        id => {
            let id = id
                .parse()
                .map(CategoryId)
                .map_err(|_| AppError::BadRequest("unknown category"))?;
            categories
                .iter()
                .find(|c| c.id == id)
                .ok_or(AppError::BadRequest("unknown category"))?;
            Some(id)
        }
    };
    let when = match params.when.as_str() {
        "" | "any" => WhenFilter::Any,
        "today" => WhenFilter::Today,
        "week" => WhenFilter::ThisWeek,
        "flexible" => WhenFilter::Flexible,
        _ => return Err(AppError::BadRequest("unknown date filter")),
    };
    let order = match params.order.as_str() {
        "" | "soonest" => Order::Soonest,
        "newest" => Order::Newest,
        _ => return Err(AppError::BadRequest("unknown order")),
    };
    let after = match (get("after"), order) {
        ("", _) => None,
        (cursor, Order::Soonest) => {
            let (date, id) = cursor
                .split_once('~')
                .ok_or(AppError::BadRequest("bad page position"))?;
            let valid_date =
                date == FLEXIBLE_SORT_DATE || NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok();
            let id = id
                .parse()
                .map(NeedId)
                .map_err(|_| AppError::BadRequest("bad page position"))?;
            if !valid_date {
                return Err(AppError::BadRequest("bad page position"));
            }
            Some(Cursor::Soonest(date.to_owned(), id))
        }
        (cursor, Order::Newest) => Some(Cursor::Newest(
            cursor
                .parse()
                .map(NeedId)
                .map_err(|_| AppError::BadRequest("bad page position"))?,
        )),
    };
    let search_page = match get("page") {
        "" => 1,
        page => page
            .parse::<u32>()
            .map_err(|_| AppError::BadRequest("bad page number"))?
            .clamp(1, MAX_SEARCH_PAGE),
    };
    let query = BoardQuery {
        category,
        urgent_only: params.urgent,
        when,
        include_filled: params.filled,
        words: search_words(&params.q),
        order,
        after,
        search_page,
        hidden_authors: Vec::new(),
    };
    Ok((params, query))
}
