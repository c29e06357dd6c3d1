//! The board itself: its settings, the landing page for visitors and the
//! home page for members.

pub mod db;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::AppState;
pub use crate::config::site::{
    Joining, PostingLimits, RegistrationMode, SettingsCache, SiteSettings,
};
use crate::error::AppError;
use crate::kernel::identity::SessionUser;
use crate::needs::OfferStatus;
use crate::needs::board::{BoardPageData, board_page};
use crate::needs::db::board::{BoardQuery, Order};
use crate::needs::db::{self as needs_db, NeedRow};
use crate::web::context::PageContext;
use crate::web::render;

/// How often each process reloads the settings and categories, so that a
/// change an admin made through another process reaches this one.
pub const REFRESH_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// Reloads the settings and categories every [`REFRESH_EVERY`], for as
/// long as the server runs. (The process that saves a change shows it at
/// once; the others within this interval.)
pub async fn refresh_forever(state: web::Data<AppState>) {
    let mut ticks = tokio::time::interval(REFRESH_EVERY);
    ticks.tick().await;
    loop {
        ticks.tick().await;
        let reloading = state.clone();
        let reloaded = state
            .db
            .run(move |conn| Ok(reload(&reloading, conn)?))
            .await;
        if let Err(e) = reloaded {
            tracing::error!(error = %e, "reloading the settings failed");
        }
    }
}

/// Reads the settings and categories again; a change this process saved
/// while they were being read is kept.
pub fn reload(state: &AppState, conn: &mut crate::db::DbConnection) -> diesel::QueryResult<()> {
    let seen = (
        state.settings.before_reading(),
        state.part::<crate::needs::CategoryCache>().before_reading(),
    );
    let settings = db::load_settings(conn)?;
    let categories = crate::needs::db::list_categories(conn, true)?;
    state.settings.reloaded(settings, seen.0);
    state
        .part::<crate::needs::CategoryCache>()
        .reloaded(categories, seen.1);
    Ok(())
}

/// Registers the board's routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home));
}

/// The landing page for visitors.
#[derive(Template)]
#[template(path = "site/landing.html")]
pub struct LandingPage {
    ctx: PageContext,
}

/// A member's home page: the newest needs, "My needs" and "I'm helping with".
#[derive(Template)]
#[template(path = "site/home.html")]
pub struct HomePage {
    ctx: PageContext,
    user: SessionUser,
    newest: std::sync::Arc<BoardPageData>,
    mine: Vec<(NeedRow, i64, String)>,
    helping: Vec<(NeedRow, OfferStatus, String)>,
}

/// How many needs each list on the home page shows.
pub const HOME_LIST: i64 = 10;

/// `GET /`: the landing page, or the member's home.
pub async fn home(ctx: PageContext, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let Some(user) = ctx.user.clone() else {
        return render(StatusCode::OK, &LandingPage { ctx });
    };
    let today = state.config.clock.today();
    let me = user.id;
    let query = BoardQuery {
        order: Order::Newest,
        hidden_authors: user.kept_apart.clone(),
        ..BoardQuery::default()
    };
    let newest = board_page(&state, query, today, 5).await?;
    let ended_since = crate::needs::mine::ended_since(state.config.clock.now());
    let (mine, helping) = state
        .db
        .run(move |conn| {
            let mine = needs_db::needs_by_author(conn, me, HOME_LIST)?;
            let helping = needs_db::offers::helping_with(conn, me, ended_since, HOME_LIST)?;
            Ok((mine, helping))
        })
        .await?;
    let mine = mine
        .into_iter()
        .map(|(need, waiting)| {
            let when = need.when().describe_on(today);
            (need, waiting, when)
        })
        .collect();
    let helping = helping
        .into_iter()
        .map(|(need, offer)| {
            let when = need.when().describe_on(today);
            (need, offer, when)
        })
        .collect();
    render(
        StatusCode::OK,
        &HomePage {
            ctx,
            user,
            newest,
            mine,
            helping,
        },
    )
}
