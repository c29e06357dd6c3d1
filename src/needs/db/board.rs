//! The board's query: open needs, filtered, searched and paged.
//!
//! Word search is the database's own full-text index (SQLite FTS5 with the
//! porter stemmer, PostgreSQL `tsvector` with the English configuration and
//! a GIN index), ranked by relevance, never a `LIKE '%…%'` scan. Browsing
//! pages by keyset (`after` the last row shown), so a deep page costs what
//! the first does; search results, ranked by relevance, page by offset,
//! which is bounded by [`MAX_SEARCH_PAGE`]. A search ranks the newest
//! [`SEARCH_RANKS_NEWEST`] live needs that match its words and filters, so
//! its cost stops growing with how many needs hold a common word.
//!
//! The statement differs between the backends in its search clause and
//! placeholders, so it is assembled here, with every value bound.

use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text};

use crate::db::DbConnection;
use crate::db::sql::Sql;
use crate::kernel::identity::Role;
use crate::needs::{NeedStatus, When};

/// The most search pages offered.
pub const MAX_SEARCH_PAGE: u32 = 50;
/// The most words of a search used.
pub const MAX_SEARCH_WORDS: usize = 8;
/// A search ranks at most this many matching needs, the newest. Its fifty
/// pages of twenty show every one of them; a common word in a large
/// neighbourhood no longer makes the database rank every need holding it,
/// and what is left out is the oldest, which a resident narrows down by
/// adding a word or a filter.
pub const SEARCH_RANKS_NEWEST: i64 = 1_000;
/// Up to this many members kept out of sight, a board statement is kept
/// prepared for its next run; a longer list is prepared each time, so a
/// member with many blocks leaves no trail of statements behind.
const CACHED_HIDDEN_AUTHORS: usize = 16;

/// Which needs by date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum WhenFilter {
    /// Any date, today or later, and flexible.
    #[default]
    Any,
    /// Dated today.
    Today,
    /// Dated within the next seven days.
    ThisWeek,
    /// Flexible only.
    Flexible,
}

/// How the board is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Order {
    /// Soonest needed first; flexible last.
    #[default]
    Soonest,
    /// Most recently posted first.
    Newest,
}

/// Where the previous page ended.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Cursor {
    /// After this sort date and id.
    Soonest(String, i64),
    /// Before this id.
    Newest(i64),
}

/// What the board shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct BoardQuery {
    /// One category.
    pub category: Option<i64>,
    /// Urgent needs only.
    pub urgent_only: bool,
    /// By date.
    pub when: WhenFilter,
    /// Filled needs too.
    pub include_filled: bool,
    /// Search words (already split and cleaned).
    pub words: Vec<String>,
    /// Order when not searching.
    pub order: Order,
    /// Keyset position when browsing.
    pub after: Option<Cursor>,
    /// Page number (from 1) when searching.
    pub search_page: u32,
    /// Authors whose needs the viewer must not see (blocks either way).
    pub hidden_authors: Vec<i64>,
}

/// One need on the board.
#[derive(Clone, Debug, QueryableByName)]
pub struct BoardRow {
    /// Id.
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    /// Title.
    #[diesel(sql_type = Text)]
    pub title: String,
    /// Category name.
    #[diesel(sql_type = Text)]
    pub category_name: String,
    /// When kind.
    #[diesel(sql_type = Text)]
    pub when_kind: String,
    /// Date.
    #[diesel(sql_type = Nullable<Text>)]
    pub need_date: Option<String>,
    /// Start time.
    #[diesel(sql_type = Nullable<Text>)]
    pub start_time: Option<String>,
    /// End time.
    #[diesel(sql_type = Nullable<Text>)]
    pub end_time: Option<String>,
    /// Sort date.
    #[diesel(sql_type = Text)]
    pub sort_date: String,
    /// Place.
    #[diesel(sql_type = Text)]
    pub place: String,
    /// Urgency word.
    #[diesel(sql_type = Text)]
    pub urgency: String,
    /// Status word.
    #[diesel(sql_type = Text)]
    pub status: String,
    /// Helpers wanted.
    #[diesel(sql_type = Integer)]
    pub helpers_wanted: i32,
    /// Accepted so far.
    #[diesel(sql_type = Integer)]
    pub accepted_count: i32,
    /// Unix seconds.
    #[diesel(sql_type = BigInt)]
    pub created_at: i64,
    /// Author id.
    #[diesel(sql_type = BigInt)]
    pub author_id: i64,
    /// Author name.
    #[diesel(sql_type = Text)]
    pub author_name: String,
    /// Author's role, for the badge beside their name.
    #[diesel(sql_type = Text)]
    pub author_role: Role,
}

impl BoardRow {
    /// When help is needed.
    pub fn when(&self) -> When {
        When::from_db(
            &self.when_kind,
            self.need_date.as_deref(),
            self.start_time.as_deref(),
            self.end_time.as_deref(),
        )
    }
}

/// Words too common to search by. PostgreSQL's English configuration drops
/// these itself; dropping them here too makes both databases find the same
/// needs for the same words.
const STOP_WORDS: [&str; 32] = [
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "i", "in", "is", "it", "me",
    "my", "of", "on", "or", "our", "so", "that", "the", "their", "this", "to", "up", "us", "was",
    "we", "with", "you",
];

/// Splits what was typed into search words: letters and digits only (so
/// nothing typed is ever query syntax), lower-cased, common words dropped,
/// at most eight. Every word must match.
pub fn search_words(typed: &str) -> Vec<String> {
    typed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .take(MAX_SEARCH_WORDS)
        .collect()
}

/// The board's columns, from `n` (the need), `u` and `c`.
const COLUMNS: &str = "SELECT n.id, n.title, c.name AS category_name, n.when_kind, n.need_date, \
     n.start_time, n.end_time, n.sort_date, n.place, n.urgency, n.status, n.helpers_wanted, \
     n.accepted_count, n.created_at, n.author_id, u.display_name AS author_name, \
     u.role AS author_role";
/// The author's and category's names of need `n` (the category's key
/// follows, so that SQLite can be kept from driving the query by it).
const NAMES: &str = " JOIN users u ON u.id = n.author_id JOIN categories c ON c.id";

fn build(query: &BoardQuery, today: NaiveDate, limit: i64, postgres: bool) -> Sql {
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
    s.push(" AND n.hidden IS NULL");
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
    if !query.hidden_authors.is_empty() {
        s.push(" AND n.author_id NOT IN (");
        for (n, author) in query.hidden_authors.iter().enumerate() {
            if n > 0 {
                s.push(", ");
            }
            s.big(*author);
        }
        s.push(")");
    }
    if let Some(category) = query.category {
        s.push(" AND n.category_id = ");
        s.big(category);
    }
    if query.urgent_only {
        s.push(" AND n.urgency = ");
        s.text("urgent");
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
        s.big(id);
        s.push(")");
    }
    if let (Order::Newest, Some(Cursor::Newest(id))) = (&query.order, &query.after) {
        s.push(" AND n.id < ");
        s.big(*id);
    }
    s.push(match query.order {
        Order::Soonest => " ORDER BY n.sort_date, n.id",
        Order::Newest => " ORDER BY n.id DESC",
    });
    s.push(" LIMIT ");
    s.big(limit);
}

/// One page of the board: up to `page_size` rows, and whether more follow.
pub fn board(
    conn: &mut DbConnection,
    query: &BoardQuery,
    today: NaiveDate,
    page_size: i64,
) -> QueryResult<(Vec<BoardRow>, bool)> {
    let limit = page_size + 1;
    let postgres = matches!(conn, DbConnection::Pg(_));
    let mut rows: Vec<BoardRow> = build(query, today, limit, postgres).load(conn)?;
    let more = rows.len() as i64 > page_size;
    rows.truncate(usize::try_from(page_size).unwrap_or(0));
    Ok((rows, more))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::sql::Bind;

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
    fn search_words_are_letters_and_digits_only() {
        assert_eq!(
            search_words("Lift\" OR 1=1; -- to *clinic* NEAR(x)"),
            vec!["lift", "1", "1", "clinic", "near", "x"]
        );
        assert_eq!(search_words("Straße café"), vec!["straße", "café"]);
        assert_eq!(search_words("a b c d e f g h i j").len(), MAX_SEARCH_WORDS);
    }

    #[test]
    fn every_value_is_bound_never_spliced() {
        let query = BoardQuery {
            category: Some(3),
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
            after: Some(Cursor::Soonest("2026-12-01".into(), 40)),
            ..BoardQuery::default()
        };
        let sql = build(&query, today(), 21, false).text_for_sqlite();
        assert!(sql.contains("(n.sort_date, n.id) > (?, ?)"), "{sql}");
        assert!(!sql.contains("n.sort_date >= ?"), "{sql}");
        query.after = Some(Cursor::Soonest("2026-11-01".into(), 40));
        let s = build(&query, today(), 21, false);
        let sql = s.text_for_sqlite();
        assert!(sql.contains("n.sort_date >= ?"), "{sql}");
        assert!(!sql.contains("(n.sort_date, n.id) >"), "{sql}");
        assert!(s.binds().any(|b| *b == Bind::Text("2026-11-26".into())));
    }

    #[test]
    fn browsing_pages_by_keyset_and_searching_by_rank() {
        let mut query = BoardQuery {
            after: Some(Cursor::Soonest("2026-12-01".into(), 40)),
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
