//! The board itself: its settings, the landing page for visitors and the
//! home page for members.

pub mod db;

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::SessionUser;
use crate::needs::OfferStatus;
use crate::needs::board::{BoardPageData, board_page};
use crate::needs::db::board::{BoardQuery, Order};
use crate::needs::db::{self as needs_db, NeedRow};
use crate::web::context::PageContext;
use crate::web::render;

/// What the admin says about the board.
#[derive(Clone, Debug)]
pub struct SiteSettings {
    /// The board's name.
    pub name: String,
    /// What the board is, for the landing page.
    pub description: String,
    /// The rules, in order.
    pub rules: Vec<String>,
    /// Limits on posting.
    pub limits: PostingLimits,
    /// How people join, and what visitors see.
    pub joining: Joining,
}

/// How new people join.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegistrationMode {
    /// Anyone may sign up and take part at once.
    Open,
    /// Applicants answer a question and wait for a moderator.
    Approval,
    /// Sign-up needs an invite code.
    Invite,
}

impl RegistrationMode {
    /// Every mode, in the order the admin page offers them.
    pub const ALL: [Self; 3] = [Self::Open, Self::Approval, Self::Invite];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Approval => "approval",
            Self::Invite => "invite",
        }
    }

    /// Reads a stored or submitted word.
    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == word)
    }

    /// How the admin page describes it.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Open => "Open: anyone may sign up and take part at once.",
            Self::Approval => {
                "Approval: applicants answer your question and wait until a moderator approves them."
            }
            Self::Invite => "Invite: signing up needs an invite code from a member or an admin.",
        }
    }
}

/// The registration gate and the board's visibility to visitors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Joining {
    /// How people join.
    pub mode: RegistrationMode,
    /// What applicants are asked in approval mode.
    pub question: String,
    /// Whether members, not only admins, may make invite codes.
    pub members_may_invite: bool,
    /// Whether visitors see the board (titles, categories and dates only).
    pub board_public: bool,
}

/// How much members may post in a day; new members less.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PostingLimits {
    /// For how many days after joining a member counts as new.
    pub new_member_days: i32,
    /// Needs a new member may post in 24 hours.
    pub new_member_needs_per_day: i32,
    /// Offers a new member may make in 24 hours.
    pub new_member_offers_per_day: i32,
    /// Needs anyone may post in 24 hours.
    pub needs_per_day: i32,
}

impl Default for PostingLimits {
    fn default() -> Self {
        Self {
            new_member_days: 7,
            new_member_needs_per_day: 3,
            new_member_offers_per_day: 10,
            needs_per_day: 10,
        }
    }
}

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
        state.categories.before_reading(),
    );
    let settings = db::load_settings(conn)?;
    let categories = crate::needs::db::list_categories(conn, true)?;
    state.settings.reloaded(settings, seen.0);
    state.categories.reloaded(categories, seen.1);
    Ok(())
}

/// The settings as last loaded; pages read them without a query.
#[derive(Debug)]
pub struct SettingsCache(crate::db::changes::Cached<SiteSettings>);

impl SettingsCache {
    /// Holds `settings`, as read from `db` just now.
    pub fn new(settings: SiteSettings, db: &crate::db::Db) -> Self {
        Self(crate::db::changes::Cached::new(
            settings,
            db.generation_counter(),
        ))
    }

    /// The settings now.
    pub fn current(&self) -> Arc<SiteSettings> {
        self.0.current()
    }

    /// Replaces the settings (after an admin changed them).
    pub fn replace(&self, settings: SiteSettings) {
        self.0.replace(settings);
    }

    /// See [`crate::db::changes::Cached::before_reading`].
    pub fn before_reading(&self) -> u64 {
        self.0.before_reading()
    }

    /// See [`crate::db::changes::Cached::reloaded`].
    pub fn reloaded(&self, settings: SiteSettings, seen: u64) {
        self.0.reloaded(settings, seen);
    }
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
    let (mine, helping) = state
        .db
        .run(move |conn| {
            let mine = needs_db::needs_by_author(conn, me, HOME_LIST)?;
            let helping = needs_db::offers::helping_with(conn, me, HOME_LIST)?;
            Ok((mine, helping))
        })
        .await?;
    let mine = mine
        .into_iter()
        .map(|(need, waiting)| {
            let when = need.when().describe();
            (need, waiting, when)
        })
        .collect();
    let helping = helping
        .into_iter()
        .map(|(need, offer)| {
            let when = need.when().describe();
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
