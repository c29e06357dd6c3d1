//! `GET /needs`: the board. Every filter lives in the URL, so a result can
//! be bookmarked or shared. Members see [`BoardPage`]; visitors, when the
//! admin allows, the [`visitor`] board.

pub mod cache;
pub mod params;
pub mod visitor;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::Category;
use super::db::board::{MAX_SEARCH_PAGE, Order};
use crate::AppState;
use crate::error::AppError;
use crate::kernel::ids::CategoryId;
use crate::web::context::PageContext;
use crate::web::extract::{MaybeUser, query_pairs};
use crate::web::render;
use params::BoardParams;

pub use cache::{BoardCache, BoardPageData, CACHE_ENTRIES, CACHE_TTL, Listed, board_page, listed};

/// Needs per page.
pub const PAGE_SIZE: i64 = 20;

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
    fn category_selected(&self, id: &CategoryId) -> bool {
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
            return visitor::visitor_board(&req, ctx, &state).await;
        }
        return Err(AppError::LoginRequired);
    };
    let pairs = query_pairs(&req)?;
    let categories = state.part::<crate::needs::CategoryCache>().all().to_vec();
    let (params, mut query) = params::parse(&pairs, &categories)?;
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
