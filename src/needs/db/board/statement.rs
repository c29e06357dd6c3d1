//! The board's statement, assembled for either backend: its search clause
//! and placeholders differ between them, and every value is bound.

use chrono::NaiveDate;

use super::{BoardQuery, Cursor, MAX_SEARCH_PAGE, Order, SEARCH_RANKS_NEWEST};
use crate::db::sql::Sql;
use crate::needs::NeedStatus;

/// Up to this many members kept out of sight, a board statement is kept
/// prepared for its next run; a longer list is prepared each time, so a
/// member with many blocks leaves no trail of statements behind.
const CACHED_HIDDEN_AUTHORS: usize = 16;

/// The board's columns, from `n` (the need), `u` and `c`.
const COLUMNS: &str = "SELECT n.id, n.title, c.name AS category_name, n.when_kind, n.need_date, \
     n.start_time, n.end_time, n.sort_date, n.place, n.urgency, n.status, n.helpers_wanted, \
     n.accepted_count, n.created_at, n.author_id, u.display_name AS author_name, \
     u.role AS author_role";
/// The author's and category's names of need `n` (the category's key
/// follows, so that SQLite can be kept from driving the query by it).
const NAMES: &str = " JOIN users u ON u.id = n.author_id JOIN categories c ON c.id";

/// The board's statement for `query`, fetching up to `limit` rows.
pub(super) fn build(query: &BoardQuery, today: NaiveDate, limit: i64, postgres: bool) -> Sql {
    let mut s = Sql::new();
    if query.hidden_authors.len() > CACHED_HIDDEN_AUTHORS {
        s.uncached();
    }
    let searching = !query.words.is_empty();
    if query.include_filled && !searching {
        // Open and filled needs, each read in order from the board's index
        // up to the page's length, then merged: `status IN (open, filled)`
        // made the database sort every live need to show twenty.
        let order = match query.order {
            Order::Soonest => "sort_date, id",
            Order::Newest => "id DESC",
        };
        s.push("SELECT * FROM (");
        body(&mut s, postgres, query, today, limit, NeedStatus::Open);
        s.push(") AS open_needs UNION ALL SELECT * FROM (");
        body(&mut s, postgres, query, today, limit, NeedStatus::Filled);
        s.push(&format!(") AS filled_needs ORDER BY {order} LIMIT "));
        s.big(limit);
        return s;
    }
    if searching {
        // The newest matches first, as ids and ranks only (each backend
        // reads its word index newest first and stops at the bound); then
        // the page's rows, ranked, with their names.
        s.push(COLUMNS);
        s.push(" FROM (");
        body(&mut s, postgres, query, today, limit, NeedStatus::Open);
        s.push(") AS newest JOIN needs n ON n.id = newest.need_id");
        s.push(NAMES);
        s.push(" = n.category_id");
        s.push(if postgres {
            " ORDER BY ts_rank(newest.search, newest.q) DESC, n.id"
        } else {
            " ORDER BY newest.rank, n.id"
        });
        s.push(" LIMIT ");
        s.big(limit);
        s.push(" OFFSET ");
        s.big(i64::from(query.search_page.clamp(1, MAX_SEARCH_PAGE) - 1) * (limit - 1));
        return s;
    }
    body(&mut s, postgres, query, today, limit, NeedStatus::Open);
    s
}

/// One statement of the board for needs of `status` (and filled ones too
/// when searching, where relevance orders them anyway).
fn body(
    s: &mut Sql,
    postgres: bool,
    query: &BoardQuery,
    today: NaiveDate,
    limit: i64,
    status: NeedStatus,
) {
    let searching = !query.words.is_empty();
    // On SQLite the `+` keeps the planner from driving the query through
    // the categories table or a date range when the board's own index
    // gives the rows in order (with statistics it chose to sort every
    // live need instead).
    let (category_key, newest_date) = if postgres {
        ("n.category_id", "n.sort_date")
    } else {
        ("+n.category_id", "+n.sort_date")
    };
    if !searching {
        s.push(COLUMNS);
        s.push(" FROM needs n");
        s.push(NAMES);
        s.push(" = ");
        s.push(category_key);
    } else if postgres {
        // What the ranking around this statement needs.
        s.push("SELECT n.id AS need_id, n.search, q FROM needs n");
        s.push(" CROSS JOIN plainto_tsquery('english', ");
        s.text(query.words.join(" "));
        s.push(") AS q");
    } else {
        s.push("SELECT n.id AS need_id, needs_fts.rank AS rank FROM needs n");
        s.push(" JOIN needs_fts ON needs_fts.rowid = n.id");
    }
    let mut statuses = vec![status.as_str()];
    if query.include_filled && searching {
        statuses.push(NeedStatus::Filled.as_str());
    }
    if postgres {
        // Written into the statement (they are constants, not input) so that
        // PostgreSQL can use its partial index of live needs' words.
        s.push(&format!(" WHERE n.status IN ('{}')", statuses.join("', '")));
    } else {
        // Bound: SQLite's planner keeps to the board's index this way.
        s.push(" WHERE n.status IN (");
        for (n, status) in statuses.into_iter().enumerate() {
            if n > 0 {
                s.push(", ");
            }
            s.text(status);
        }
        s.push(")");
    }
    // Hidden needs (by a moderator, or with a banned author) are on no board.
    s.push(" AND ");
    s.push(crate::policy::seeing::ON_THE_BOARD_SQL);
    // Past needs are on no board. A page that starts after a cursor on or
    // after today needs only the cursor (which implies it), so that the
    // database seeks the board's index straight to the cursor instead of
    // reading every need from today's up to it; a cursor from before today
    // is implied by today's date, which is used alone.
    let today_text = today.to_string();
    let after = match (&query.order, &query.after) {
        (Order::Soonest, Some(Cursor::Soonest(date, id))) if !searching && *date >= today_text => {
            Some((date.clone(), *id))
        }
        _ => None,
    };
    if after.is_none() {
        s.push(" AND ");
        s.push(match query.order {
            Order::Newest if !searching => newest_date,
            _ => "n.sort_date",
        });
        s.push(" >= ");
        s.text(today_text);
    }
    if searching {
        if postgres {
            s.push(" AND n.search @@ q");
        } else {
            s.push(" AND needs_fts MATCH ");
            let phrase = query
                .words
                .iter()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(" ");
            s.text(phrase);
        }
    }
    super::filters::push(s, query, today);
    if searching {
        s.push(if postgres {
            " ORDER BY n.id DESC LIMIT "
        } else {
            " ORDER BY needs_fts.rowid DESC LIMIT "
        });
        s.big(SEARCH_RANKS_NEWEST);
        return;
    }
    if let Some((date, id)) = after {
        // A row value, which both databases compare along the index.
        s.push(" AND (n.sort_date, n.id) > (");
        s.text(date);
        s.push(", ");
        s.big(id.0);
        s.push(")");
    }
    if let (Order::Newest, Some(Cursor::Newest(id))) = (&query.order, &query.after) {
        s.push(" AND n.id < ");
        s.big(id.0);
    }
    s.push(match query.order {
        Order::Soonest => " ORDER BY n.sort_date, n.id",
        Order::Newest => " ORDER BY n.id DESC",
    });
    s.push(" LIMIT ");
    s.big(limit);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::sql::Bind;
    use crate::kernel::ids::CategoryId;
    use crate::needs::NeedId;

    fn rendered(s: &Sql, postgres: bool) -> String {
        if postgres {
            s.text_for_postgres()
        } else {
            s.text_for_sqlite()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
    }

    #[test]
    fn every_value_is_bound_never_spliced() {
        let query = BoardQuery {
            category: Some(CategoryId(3)),
            urgent_only: true,
            words: vec!["robert".into(), "tables".into()],
            ..BoardQuery::default()
        };
        for postgres in [false, true] {
            let s = build(&query, today(), 21, postgres);
            let sql = rendered(&s, postgres);
            assert!(
                !sql.contains("robert") && !sql.contains("2026-11-26"),
                "{}",
                sql
            );
            let placeholders = if postgres {
                sql.matches('$').count()
            } else {
                sql.matches('?').count()
            };
            assert_eq!(placeholders, s.binds().count());
        }
    }

    #[test]
    fn open_and_filled_needs_are_read_in_order_each_then_merged() {
        let query = BoardQuery {
            include_filled: true,
            ..BoardQuery::default()
        };
        for postgres in [false, true] {
            let s = build(&query, today(), 21, postgres);
            let sql = rendered(&s, postgres);
            assert_eq!(sql.matches("ORDER BY n.sort_date, n.id LIMIT").count(), 2);
            assert!(sql.contains(" UNION ALL "), "{}", sql);
            assert!(sql.ends_with("ORDER BY sort_date, id LIMIT ?") || postgres);
            assert!(!sql.contains("IN (?, ?)") && !sql.contains("'open', 'filled'"));
        }
    }

    #[test]
    fn a_later_page_seeks_from_its_cursor_and_a_cursor_from_the_past_gives_way_to_today() {
        let mut query = BoardQuery {
            after: Some(Cursor::Soonest("2026-12-01".into(), NeedId(40))),
            ..BoardQuery::default()
        };
        let sql = build(&query, today(), 21, false).text_for_sqlite();
        assert!(sql.contains("(n.sort_date, n.id) > (?, ?)"), "{sql}");
        assert!(!sql.contains("n.sort_date >= ?"), "{sql}");
        query.after = Some(Cursor::Soonest("2026-11-01".into(), NeedId(40)));
        let s = build(&query, today(), 21, false);
        let sql = s.text_for_sqlite();
        assert!(sql.contains("n.sort_date >= ?"), "{sql}");
        assert!(!sql.contains("(n.sort_date, n.id) >"), "{sql}");
        assert!(s.binds().any(|b| *b == Bind::Text("2026-11-26".into())));
    }

    #[test]
    fn browsing_pages_by_keyset_and_searching_by_rank() {
        let mut query = BoardQuery {
            after: Some(Cursor::Soonest("2026-12-01".into(), NeedId(40))),
            ..BoardQuery::default()
        };
        let s = build(&query, today(), 21, false);
        let sql = rendered(&s, false);
        assert!(sql.contains("(n.sort_date, n.id) > (?, ?)"));
        assert!(sql.ends_with("ORDER BY n.sort_date, n.id LIMIT ?"));
        query.words = vec!["lift".into()];
        let s = build(&query, today(), 21, true);
        let sql = rendered(&s, true);
        assert!(sql.contains("ORDER BY ts_rank(newest.search, newest.q) DESC"));
        assert!(sql.contains("ORDER BY n.id DESC LIMIT $"), "{sql}");
        let sql = rendered(&build(&query, today(), 21, false), false);
        assert!(
            sql.contains("ORDER BY needs_fts.rowid DESC LIMIT ?"),
            "{sql}"
        );
        assert!(
            sql.contains("ORDER BY newest.rank, n.id LIMIT ? OFFSET ?"),
            "{sql}"
        );
        assert!(!sql.contains("n.id >"), "search pages by offset");
    }
}
