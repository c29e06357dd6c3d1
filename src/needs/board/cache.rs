//! Pages of the board, read from the database and kept for a moment, so
//! that popular pages cost one lookup instead of a query.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::AppState;
use crate::error::AppError;
use crate::needs::db::board::{self as board_db, BoardQuery, BoardRow};

/// A need as listed.
#[derive(Clone, Debug)]
pub struct Listed {
    /// The row.
    pub row: BoardRow,
    /// When, in words.
    pub when: String,
}

/// Turns board rows into listed needs, their days told as of `today`
/// (which is part of the cache's key, so "Today" never outlives the day).
pub fn listed(rows: Vec<BoardRow>, today: NaiveDate) -> Vec<Listed> {
    rows.into_iter()
        .map(|row| Listed {
            when: row.when().describe_on(today),
            row,
        })
        .collect()
}

/// One page of the board, ready to list.
#[derive(Debug)]
pub struct BoardPageData {
    /// The needs on it.
    pub needs: Vec<Listed>,
    /// Whether more follow.
    pub more: bool,
}

/// Board pages read recently, reused while nothing was written since and
/// for at most [`CACHE_TTL`] (which bounds how stale a page can be when
/// several server processes share one PostgreSQL database; a single
/// process sees its own writes at once). Popular pages, above all the
/// first one and common searches, are then one lookup instead of a query.
#[derive(Debug, Default)]
pub struct BoardCache {
    entries: std::sync::Mutex<HashMap<(BoardQuery, NaiveDate, i64), CachedPage>>,
}

#[derive(Debug)]
struct CachedPage {
    generation: u64,
    at: std::time::Instant,
    page: std::sync::Arc<BoardPageData>,
}

/// How long a cached board page may be reused at most.
pub const CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(2);
/// Board pages kept at most.
pub const CACHE_ENTRIES: usize = 512;

/// A page of the board: from the cache when still fresh, else from the database.
pub async fn board_page(
    state: &AppState,
    query: BoardQuery,
    today: NaiveDate,
    page_size: i64,
) -> Result<std::sync::Arc<BoardPageData>, AppError> {
    let key = (query, today, page_size);
    let generation = state.db.generation();
    {
        let entries = state
            .part::<BoardCache>()
            .entries
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(cached) = entries.get(&key)
            && cached.generation == generation
            && cached.at.elapsed() < CACHE_TTL
        {
            return Ok(cached.page.clone());
        }
    }
    let query = key.0.clone();
    let (rows, more) = state
        .db
        .run(move |conn| Ok(board_db::board(conn, &query, today, page_size)?))
        .await?;
    let page = std::sync::Arc::new(BoardPageData {
        needs: listed(rows, today),
        more,
    });
    let mut entries = state
        .part::<BoardCache>()
        .entries
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if entries.len() >= CACHE_ENTRIES {
        entries
            .retain(|_, cached| cached.generation == generation && cached.at.elapsed() < CACHE_TTL);
        if entries.len() >= CACHE_ENTRIES {
            entries.clear();
        }
    }
    entries.insert(
        key,
        CachedPage {
            generation,
            at: std::time::Instant::now(),
            page: page.clone(),
        },
    );
    Ok(page)
}
