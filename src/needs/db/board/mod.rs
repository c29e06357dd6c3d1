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
//! placeholders, so it is assembled in [`statement`], with every value bound.

mod filters;
mod search;
mod statement;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text};

use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::kernel::identity::{Role, UserId};
use crate::kernel::ids::CategoryId;
use crate::needs::{NeedId, NeedStatus, Urgency, When, WhenKind};

pub use search::{MAX_SEARCH_WORDS, search_words};

/// The most search pages offered.
pub const MAX_SEARCH_PAGE: u32 = 50;
/// A search ranks at most this many matching needs, the newest. Its fifty
/// pages of twenty show every one of them; a common word in a large
/// neighbourhood no longer makes the database rank every need holding it,
/// and what is left out is the oldest, which a resident narrows down by
/// adding a word or a filter.
pub const SEARCH_RANKS_NEWEST: i64 = 1_000;

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
    Soonest(String, NeedId),
    /// Before this id.
    Newest(NeedId),
}

/// What the board shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct BoardQuery {
    /// One category.
    pub category: Option<CategoryId>,
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
    /// Authors whose needs the viewer must not see (blocks either way),
    /// as the session keeps them.
    pub hidden_authors: Vec<UserId>,
}

/// One need on the board.
#[derive(Clone, Debug, QueryableByName)]
pub struct BoardRow {
    /// Id.
    #[diesel(sql_type = BigInt)]
    pub id: NeedId,
    /// Title.
    #[diesel(sql_type = Text)]
    pub title: String,
    /// Category name.
    #[diesel(sql_type = Text)]
    pub category_name: String,
    /// When kind.
    #[diesel(sql_type = Text)]
    pub when_kind: WhenKind,
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
    /// How pressing.
    #[diesel(sql_type = Text)]
    pub urgency: Urgency,
    /// Open or filled.
    #[diesel(sql_type = Text)]
    pub status: NeedStatus,
    /// Helpers wanted.
    #[diesel(sql_type = Integer)]
    pub helpers_wanted: i32,
    /// Accepted so far.
    #[diesel(sql_type = Integer)]
    pub accepted_count: i32,
    /// Unix seconds.
    #[diesel(sql_type = BigInt)]
    pub created_at: Timestamp,
    /// Author id.
    #[diesel(sql_type = BigInt)]
    pub author_id: UserId,
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
            self.when_kind,
            self.need_date.as_deref(),
            self.start_time.as_deref(),
            self.end_time.as_deref(),
        )
    }
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
    let mut rows: Vec<BoardRow> = statement::build(query, today, limit, postgres).load(conn)?;
    let more = rows.len() as i64 > page_size;
    rows.truncate(usize::try_from(page_size).unwrap_or(0));
    Ok((rows, more))
}
