//! `GET /needs`: the board. Every filter lives in the URL, so a result can
//! be bookmarked or shared.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;

use super::db::board::{
    self as board_db, BoardQuery, BoardRow, Cursor, MAX_SEARCH_PAGE, Order, WhenFilter,
    search_words,
};
use super::{Category, FLEXIBLE_SORT_DATE};
use crate::AppState;
use crate::error::AppError;
use crate::web::context::PageContext;
use crate::web::extract::{MaybeUser, query_pairs};
use crate::web::render;

/// Needs per page.
pub const PAGE_SIZE: i64 = 20;

/// The board's filters as they appear in the URL.
#[derive(Clone, Debug, Default)]
pub struct BoardParams {
    q: String,
    category: String,
    urgent: bool,
    when: String,
    order: String,
    filled: bool,
}

impl BoardParams {
    /// Whether any filter beyond the words is set.
    fn narrowed(&self) -> bool {
        !self.category.is_empty()
            || !self.when.is_empty()
            || !self.order.is_empty()
            || self.urgent
            || self.filled
    }

    /// The URL query for these filters plus `extra`.
    fn href(&self, extra: &[(&str, String)]) -> String {
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
fn parse(
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
            let id: i64 = id
                .parse()
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
                .map_err(|_| AppError::BadRequest("bad page position"))?;
            if !valid_date {
                return Err(AppError::BadRequest("bad page position"));
            }
            Some(Cursor::Soonest(date.to_owned(), id))
        }
        (cursor, Order::Newest) => Some(Cursor::Newest(
            cursor
                .parse()
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

/// A need as listed.
#[derive(Clone, Debug)]
pub struct Listed {
    /// The row.
    pub row: BoardRow,
    /// When, in words.
    pub when: String,
}

/// Turns board rows into listed needs.
pub fn listed(rows: Vec<BoardRow>) -> Vec<Listed> {
    rows.into_iter()
        .map(|row| Listed {
            when: row.when().describe(),
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
            .board_cache
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
        needs: listed(rows),
        more,
    });
    let mut entries = state
        .board_cache
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

/// The board page.
#[derive(Template)]
#[template(path = "needs/board.html")]
pub struct BoardPage {
    ctx: PageContext,
    params: BoardParams,
    categories: Vec<Category>,
    page: std::sync::Arc<BoardPageData>,
    searching: bool,
    next_href: Option<String>,
    first_href: Option<String>,
}

impl BoardPage {
    fn category_selected(&self, id: &i64) -> bool {
        self.params.category == id.to_string()
    }
}

/// `GET /needs`.
pub async fn board(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    MaybeUser(user): MaybeUser,
) -> Result<HttpResponse, AppError> {
    let Some(user) = user else {
        if ctx.site.joining.board_public {
            return visitor_board(&req, ctx, &state).await;
        }
        return Err(AppError::LoginRequired);
    };
    let pairs = query_pairs(&req)?;
    let categories = state.categories.all().to_vec();
    let (params, mut query) = parse(&pairs, &categories)?;
    query.hidden_authors = user.kept_apart.clone();
    let today = state.config.clock.today();
    let searching = !query.words.is_empty();
    let paged = query.after.is_some() || query.search_page > 1;
    let search_page = query.search_page;
    let order = query.order;
    let page = board_page(&state, query, today, PAGE_SIZE).await?;
    let next_href = match (page.more, page.needs.last()) {
        (true, Some(_)) if searching && search_page < MAX_SEARCH_PAGE => {
            Some(params.href(&[("page", (search_page + 1).to_string())]))
        }
        (true, Some(last)) if !searching => {
            let cursor = match order {
                Order::Soonest => format!("{}~{}", last.row.sort_date, last.row.id),
                Order::Newest => last.row.id.to_string(),
            };
            Some(params.href(&[("after", cursor)]))
        }
        _ => None,
    };
    let first_href = paged.then(|| params.href(&[]));
    let categories = categories.into_iter().filter(|c| !c.retired).collect();
    let page = BoardPage {
        ctx,
        params,
        categories,
        page,
        searching,
        next_href,
        first_href,
    };
    render(StatusCode::OK, &page)
}

/// The board as a visitor sees it when the admin allows: titles,
/// categories and dates only, never names, places or details; no search
/// (words would match the details), newest pages by category only.
#[derive(Template)]
#[template(path = "needs/visitor_board.html")]
pub struct VisitorBoardPage {
    ctx: PageContext,
    page: std::sync::Arc<BoardPageData>,
    categories: Vec<Category>,
    category: Option<i64>,
    next_href: Option<String>,
}

impl VisitorBoardPage {
    fn selected(&self, id: &i64) -> bool {
        self.category == Some(*id)
    }
}

async fn visitor_board(
    req: &HttpRequest,
    ctx: PageContext,
    state: &AppState,
) -> Result<HttpResponse, AppError> {
    let pairs = query_pairs(req)?;
    let categories: Vec<Category> = state
        .categories
        .all()
        .iter()
        .filter(|c| !c.retired)
        .cloned()
        .collect();
    let category = pairs
        .get("category")
        .and_then(|c| c.parse::<i64>().ok())
        .filter(|id| categories.iter().any(|c| c.id == *id));
    let after = pairs.get("after").and_then(|a| {
        let (date, id) = a.split_once('~')?;
        Some(Cursor::Soonest(date.to_owned(), id.parse().ok()?))
    });
    let query = BoardQuery {
        category,
        after,
        search_page: 1,
        ..BoardQuery::default()
    };
    let today = state.config.clock.today();
    let page = board_page(state, query, today, PAGE_SIZE).await?;
    let next_href = match (page.more, page.needs.last()) {
        (true, Some(last)) => {
            let mut href = format!("/needs?after={}~{}", last.row.sort_date, last.row.id);
            if let Some(c) = category {
                href.push_str(&format!("&category={c}"));
            }
            Some(href)
        }
        _ => None,
    };
    let page = VisitorBoardPage {
        ctx,
        page,
        categories,
        category,
        next_href,
    };
    render(StatusCode::OK, &page)
}
