//! The board itself: its settings, the landing page for visitors and the
//! home page for members.

pub mod db;

use std::sync::{Arc, RwLock};

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::accounts::SessionUser;
use crate::error::AppError;
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
}

/// The settings as last loaded; pages read them without a query.
#[derive(Debug)]
pub struct SettingsCache(RwLock<Arc<SiteSettings>>);

impl SettingsCache {
    /// Holds `settings`.
    pub fn new(settings: SiteSettings) -> Self {
        Self(RwLock::new(Arc::new(settings)))
    }

    /// The settings now.
    pub fn current(&self) -> Arc<SiteSettings> {
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Replaces the settings (after an admin changed them).
    pub fn replace(&self, settings: SiteSettings) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(settings);
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

/// A member's home page.
#[derive(Template)]
#[template(path = "site/home.html")]
pub struct HomePage {
    ctx: PageContext,
    user: SessionUser,
}

/// `GET /`: the landing page, or the member's home.
pub async fn home(ctx: PageContext) -> Result<HttpResponse, AppError> {
    match ctx.user.clone() {
        Some(user) => render(StatusCode::OK, &HomePage { ctx, user }),
        None => render(StatusCode::OK, &LandingPage { ctx }),
    }
}
