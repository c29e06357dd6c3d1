//! What every page's layout needs: the site, the visitor, a CSRF token for
//! forms, the flash message left by the last form post (`flash`), and the
//! moment and zone every time on the page is told in.

mod flash;

pub use flash::{Flash, redirect_with_flash};

use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use crate::AppState;
use crate::clock::{Timestamp, Zone};
use crate::config::site::SiteSettings;
use crate::error::AppError;
use crate::kernel::identity::SessionUser;
use crate::kernel::words::{self, Manner};
use crate::web::session::{Visitor, queue_cookie, visitor};

/// The layout's data, built from the request by the extractor.
#[derive(Clone, Debug)]
pub struct PageContext {
    /// The board's settings (name, description, rules).
    pub site: Arc<SiteSettings>,
    /// The logged-in member, if any.
    pub user: Option<SessionUser>,
    /// The token every form on the page carries.
    pub csrf_token: String,
    /// The message left by the last form post.
    pub flash: Option<Flash>,
    /// The request path, to mark the current navigation link.
    pub path: String,
    /// The stylesheet's cache-busted URL.
    pub css_url: &'static str,
    /// The icon's cache-busted URL.
    pub icon_url: &'static str,
    /// Where the site is served, for links shown to be copied.
    pub base_url: String,
    /// When the page is made: times on it are told relative to this.
    pub now: Timestamp,
    /// The neighbourhood's time zone, in which every time is told.
    pub zone: Zone,
}

impl PageContext {
    /// Builds the context. An error page passes `for_error`: it neither
    /// takes the flash message nor hands out a new CSRF cookie.
    pub fn build(req: &HttpRequest, for_error: bool) -> Result<Self, AppError> {
        let state = req
            .app_data::<web::Data<AppState>>()
            .ok_or_else(|| AppError::internal("application state missing"))?;
        let mut who = visitor(req);
        let csrf_token = match (&who.user, &who.anon_csrf) {
            (Some(user), _) => user.csrf_token.clone(),
            (None, Some(token)) => token.clone(),
            (None, None) if for_error => String::new(),
            (None, None) => {
                let token = crate::kernel::secret::random_token(32);
                let names = &state.cookies;
                queue_cookie(req, names.make(&names.csrf, token.clone(), None));
                who.anon_csrf = Some(token.clone());
                req.extensions_mut().insert::<Visitor>(who.clone());
                token
            }
        };
        let names = &state.cookies;
        let flash = if for_error {
            None
        } else {
            let flash = req
                .cookie(&names.flash)
                .and_then(|c| Flash::from_key(c.value()));
            if req.cookie(&names.flash).is_some() {
                queue_cookie(req, names.removal(&names.flash));
            }
            flash
        };
        Ok(Self {
            site: state.settings.current(),
            user: who.user,
            csrf_token,
            flash,
            path: req.path().to_owned(),
            css_url: crate::web::assets::url("kith.css"),
            icon_url: crate::web::assets::url("favicon.svg"),
            base_url: state.config.base_url.clone(),
            now: state.config.clock.now(),
            zone: state.config.clock.zone(),
        })
    }

    /// When something was put up, as of this page: "3 hours ago",
    /// "yesterday", "on 24 November".
    pub fn posted(&self, at: &Timestamp) -> String {
        words::moment(*at, self.now, self.zone, Manner::Posted)
    }

    /// When a message or notification came: "today 18:31", "2 days ago".
    pub fn arrived(&self, at: &Timestamp) -> String {
        words::moment(*at, self.now, self.zone, Manner::Arrived)
    }

    /// A moment for the record, with its zone: "3 December 2026, 18:31 GMT".
    pub fn stamp(&self, at: &Timestamp) -> String {
        words::stamp(*at, self.zone)
    }

    /// The moment for `<time datetime="…">`.
    pub fn iso(&self, at: &Timestamp) -> String {
        words::iso(*at, self.zone)
    }

    /// Whether the member may make invite codes (the rule is
    /// [`crate::policy::inviting::may_invite`]).
    pub fn may_invite(&self) -> bool {
        self.user.as_ref().is_some_and(|user| {
            crate::policy::inviting::may_invite(
                user.role,
                user.standing,
                user.suspension.is_some(),
                self.site.joining.mode == crate::config::site::RegistrationMode::Invite,
                self.site.joining.members_may_invite,
            )
        })
    }

    /// `aria-current="page"` for the navigation link to `href`, if it is this page.
    pub fn current(&self, href: &str) -> &'static str {
        if self.path == href { "page" } else { "false" }
    }
}

impl FromRequest for PageContext {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Self::build(req, false))
    }
}
