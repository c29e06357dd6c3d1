//! Who the visitor is: loads the session named by the cookie once per
//! request, and applies the cookies that handlers queued.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};

use crate::AppState;
use crate::kernel::identity::SessionUser;
use crate::policy::standing::{self, Gate};

/// The visitor of this request, put in the request's extensions.
#[derive(Clone, Debug, Default)]
pub struct Visitor {
    /// The logged-in member, if the session cookie names a live session.
    pub user: Option<SessionUser>,
    /// A visitor's CSRF token (double-submit cookie), before they log in.
    pub anon_csrf: Option<String>,
}

/// The names of Kith's cookies: `__Host-` prefixed when served over https,
/// which pins them to this host, path `/` and secure connections.
#[derive(Clone, Debug)]
pub struct CookieNames {
    /// The session token.
    pub session: String,
    /// A visitor's CSRF token.
    pub csrf: String,
    /// A one-shot message for the next page.
    pub flash: String,
    /// Marks a browser that logged in before (see the log-in rate limits).
    pub device: String,
    https: bool,
}

impl CookieNames {
    /// The names for a site served over https or not.
    pub fn new(https: bool) -> Self {
        let name = |base: &str| {
            if https {
                format!("__Host-{base}")
            } else {
                base.to_owned()
            }
        };
        Self {
            session: name("kith_session"),
            csrf: name("kith_csrf"),
            flash: name("kith_flash"),
            device: name("kith_device"),
            https,
        }
    }

    /// A cookie with Kith's attributes: HttpOnly, SameSite=Lax, path `/`,
    /// Secure over https; it lasts `max_age`, or the browser session if `None`.
    pub fn make(
        &self,
        name: &str,
        value: String,
        max_age: Option<std::time::Duration>,
    ) -> Cookie<'static> {
        let mut cookie = Cookie::build(name.to_owned(), value)
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.https)
            .finish();
        if let Some(age) = max_age {
            let seconds = i64::try_from(age.as_secs()).unwrap_or(i64::MAX);
            cookie.set_max_age(CookieDuration::seconds(seconds));
        }
        cookie
    }

    /// A cookie that tells the browser to forget `name`.
    pub fn removal(&self, name: &str) -> Cookie<'static> {
        let mut cookie = self.make(name, String::new(), None);
        cookie.make_removal();
        cookie
    }
}

/// Cookies a handler wants set on its response; applied by [`load_visitor`].
#[derive(Default)]
struct PendingCookies(Vec<Cookie<'static>>);

/// Queues a cookie for this request's response.
pub fn queue_cookie(req: &HttpRequest, cookie: Cookie<'static>) {
    let mut ext = req.extensions_mut();
    match ext.get_mut::<PendingCookies>() {
        Some(pending) => pending.0.push(cookie),
        None => {
            ext.insert(PendingCookies(vec![cookie]));
        }
    }
}

/// The visitor of a request (nobody, if the middleware did not run).
pub fn visitor(req: &HttpRequest) -> Visitor {
    req.extensions()
        .get::<Visitor>()
        .cloned()
        .unwrap_or_default()
}

/// Paths that never need to know who is asking, so never touch the database.
fn is_anonymous_path(path: &str) -> bool {
    path.starts_with("/static/") || path == "/healthz" || path == "/favicon.ico"
}

/// Middleware: loads the session once, then writes queued cookies.
pub async fn load_visitor(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    if is_anonymous_path(req.path()) {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let names = &state.cookies;
    let token = req.cookie(&names.session).map(|c| c.value().to_owned());
    let anon_csrf = req
        .cookie(&names.csrf)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 43);
    let mut forget_session = false;
    let user = match token {
        Some(token) => match super::sessions::lookup(&state, token).await {
            Ok(Some(user)) => Some(user),
            Ok(None) => {
                forget_session = true;
                None
            }
            Err(e) => {
                let (http_req, _) = req.into_parts();
                let response = HttpResponse::from_error(e);
                return Ok(ServiceResponse::new(http_req, response).map_into_right_body());
            }
        },
        None => None,
    };
    let gate = user.as_ref().map_or(Gate::Pass, |u| {
        standing::gate(u, req.method(), req.path(), state.config.clock.zone())
    });
    req.extensions_mut().insert(Visitor { user, anon_csrf });
    match gate {
        Gate::Pass => {}
        Gate::ToWaitingPage => {
            let (http_req, _) = req.into_parts();
            let response = crate::web::see_other(standing::WAITING_PAGE);
            return Ok(ServiceResponse::new(http_req, response).map_into_right_body());
        }
        Gate::Refuse(e) => {
            let (http_req, _) = req.into_parts();
            let response = HttpResponse::from_error(e);
            return Ok(ServiceResponse::new(http_req, response).map_into_right_body());
        }
    }

    let mut res = next.call(req).await?;
    let pending = res
        .request()
        .extensions_mut()
        .remove::<PendingCookies>()
        .unwrap_or_default();
    let sets_session = pending.0.iter().any(|c| c.name() == names.session);
    if forget_session && !sets_session {
        res.response_mut()
            .add_removal_cookie(&names.removal(&names.session))?;
    }
    for cookie in &pending.0 {
        res.response_mut().add_cookie(cookie)?;
    }
    Ok(res.map_into_left_body())
}
