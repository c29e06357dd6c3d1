//! The board's filters (members kept apart, category, urgency, date) as
//! clauses of its statement, every value bound.

use chrono::{Days, NaiveDate};

use super::{BoardQuery, WhenFilter};
use crate::db::sql::Sql;
use crate::needs::Urgency;

/// Appends a clause for each filter `query` sets.
pub(super) fn push(s: &mut Sql, query: &BoardQuery, today: NaiveDate) {
    if !query.hidden_authors.is_empty() {
        s.push(" AND n.author_id NOT IN (");
        for (n, author) in query.hidden_authors.iter().enumerate() {
            if n > 0 {
                s.push(", ");
            }
            s.big(author.0);
        }
        s.push(")");
    }
    if let Some(category) = query.category {
        s.push(" AND n.category_id = ");
        s.big(category.0);
    }
    if query.urgent_only {
        s.push(" AND n.urgency = ");
        s.text(Urgency::Urgent.as_str());
    }
    match query.when {
        WhenFilter::Any => {}
        WhenFilter::Today => {
            s.push(" AND n.sort_date = ");
            s.text(today.to_string());
        }
        WhenFilter::ThisWeek => {
            s.push(" AND n.sort_date <= ");
            s.text(
                today
                    .checked_add_days(Days::new(6))
                    .unwrap_or(today)
                    .to_string(),
            );
        }
        WhenFilter::Flexible => {
            // Flexible needs are exactly those sorted last: an equality the
            // board's index answers at once.
            s.push(" AND n.sort_date = ");
            s.text(crate::needs::FLEXIBLE_SORT_DATE);
        }
    }
}
