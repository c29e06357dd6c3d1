//! The board as a visitor sees it, when the admin allows.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use super::PAGE_SIZE;
use super::cache::{BoardPageData, board_page};
use crate::AppState;
use crate::error::AppError;
use crate::kernel::ids::CategoryId;
use crate::needs::db::board::{BoardQuery, Cursor};
use crate::needs::{Category, NeedId};
use crate::web::context::PageContext;
use crate::web::extract::query_pairs;
use crate::web::render;

/// The board as a visitor sees it when the admin allows: titles,
/// categories and dates only, never names, places or details; no search
/// (words would match the details), newest pages by category only.
#[derive(Template)]
#[template(path = "needs/visitor_board.html")]
pub struct VisitorBoardPage {
    ctx: PageContext,
    page: std::sync::Arc<BoardPageData>,
    categories: Vec<Category>,
    category: Option<CategoryId>,
    next_href: Option<String>,
}

impl VisitorBoardPage {
    fn selected(&self, id: &CategoryId) -> bool {
        self.category == Some(*id)
    }
}

/// Renders the visitor board for `req`.
pub(super) async fn visitor_board(
    req: &HttpRequest,
    ctx: PageContext,
    state: &AppState,
) -> Result<HttpResponse, AppError> {
    let pairs = query_pairs(req)?;
    let categories: Vec<Category> = state
        .part::<crate::needs::CategoryCache>()
        .all()
        .iter()
        .filter(|c| !c.retired)
        .cloned()
        .collect();
    let category = pairs
        .get("category")
        .and_then(|c| c.parse().ok().map(CategoryId))
        .filter(|id| categories.iter().any(|c| c.id == *id));
    let after = pairs.get("after").and_then(|a| {
        let (date, id) = a.split_once('~')?;
        Some(Cursor::Soonest(date.to_owned(), NeedId(id.parse().ok()?)))
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
