//! Extractors that make the checks impossible to forget: a handler that
//! takes [`CurrentUser`] only runs for a logged-in member, and one that
//! takes [`CsrfForm`] only runs for a same-site form with a valid token
//! (and, for a member, within their allowance of writes).

use std::collections::HashSet;
use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::{Bytes, Data};
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::SessionUser;
use crate::kernel::secret::constant_time_eq;
use crate::web::session::visitor;

/// The logged-in member; a visitor is sent to the log-in page.
#[derive(Clone, Debug)]
pub struct CurrentUser(pub SessionUser);

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            visitor(req)
                .user
                .map(CurrentUser)
                .ok_or(AppError::LoginRequired),
        )
    }
}

/// The logged-in member, or `None` for a visitor.
#[derive(Clone, Debug)]
pub struct MaybeUser(pub Option<SessionUser>);

impl FromRequest for MaybeUser {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(MaybeUser(visitor(req).user)))
    }
}

/// A form post that came from this site and carries this visitor's CSRF
/// token. Repeated fields are refused outright, so no field can mean two
/// things to two checks.
#[derive(Debug)]
pub struct CsrfForm<T>(pub T);

/// The largest form body read, in bytes.
pub const FORM_LIMIT: usize = 64 * 1024;

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = Bytes::from_request(&req, payload);
        Box::pin(async move {
            if !same_origin(&req) {
                return Err(AppError::CsrfFailed(None));
            }
            let is_form = req
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
            if !is_form {
                return Err(AppError::BadRequest("not a form"));
            }
            let body = body
                .await
                .map_err(|_| AppError::BadRequest("the form was too large"))?;
            let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
                .map_err(|_| AppError::BadRequest("the form could not be read"))?;
            let mut seen = HashSet::new();
            if !pairs.iter().all(|(name, _)| seen.insert(name.as_str())) {
                return Err(AppError::BadRequest("a field was sent more than once"));
            }
            let sent = pairs
                .iter()
                .find(|(name, _)| name == "csrf_token")
                .map(|(_, v)| v.as_str());
            let who = visitor(&req);
            let expected = who
                .user
                .as_ref()
                .map(|u| u.csrf_token.as_str())
                .or(who.anon_csrf.as_deref());
            match (sent, expected) {
                (Some(sent), Some(expected)) if constant_time_eq(sent, expected) => {}
                _ => return Err(AppError::CsrfFailed(referring_page(&req))),
            }
            // Only a form that passed both checks spends the allowance: a
            // forged or stale one must not lock the member out.
            if let Some(member) = &who.user {
                charge_write(&req, member).await?;
            }
            serde_urlencoded::from_bytes::<T>(&body)
                .map(CsrfForm)
                .map_err(|_| AppError::BadRequest("a field had an unexpected value"))
        })
    }
}

/// Counts a member's form against one generous ceiling, so no write is
/// unlimited; moderators and admins clearing a wave of spam, and logging
/// out, are never held back.
async fn charge_write(req: &HttpRequest, member: &SessionUser) -> Result<(), AppError> {
    if member.role.is_staff() || req.path() == "/logout" {
        return Ok(());
    }
    let Some(state) = req.app_data::<Data<AppState>>() else {
        return Ok(());
    };
    state
        .limiter
        .member_take(member.id, crate::web::ratelimit::WRITES_PER_ACCOUNT)
        .await?
        .map_err(AppError::RateLimited)
}

/// The path of the page a form was sent from, if that page is on this
/// host (same-origin requests carry the full `Referer`).
fn referring_page(req: &HttpRequest) -> Option<String> {
    let referer = req.headers().get(header::REFERER)?.to_str().ok()?;
    let host = req.headers().get(header::HOST)?.to_str().ok()?;
    let rest = referer
        .strip_prefix("https://")
        .or_else(|| referer.strip_prefix("http://"))?;
    let path = rest.strip_prefix(host)?;
    crate::web::local_path(path).map(str::to_owned)
}

/// Whether a state-changing request came from this site: `Sec-Fetch-Site`
/// when the browser sends it, else `Origin` against the request's host and
/// the configured base URL. A request with neither (an old browser, a
/// script) still needs the CSRF token.
pub fn same_origin(req: &HttpRequest) -> bool {
    if let Some(site) = req.headers().get("sec-fetch-site") {
        return matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    let Some(origin) = req.headers().get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let Some(origin_host) = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
    else {
        return false;
    };
    let host_header = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    let base_host = req.app_data::<Data<AppState>>().and_then(|s| {
        s.config
            .base_url
            .split_once("://")
            .map(|(_, h)| h.to_owned())
    });
    host_header.is_some_and(|h| h.eq_ignore_ascii_case(origin_host))
        || base_host.is_some_and(|h| h.eq_ignore_ascii_case(origin_host))
}

/// A form with no fields but the CSRF token (log out, and the like).
#[derive(Debug, serde::Deserialize)]
pub struct NoFields {}

/// The query string as name-value pairs, refusing any name given twice.
pub fn query_pairs(
    req: &HttpRequest,
) -> Result<std::collections::HashMap<String, String>, AppError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(req.query_string())
        .map_err(|_| AppError::BadRequest("the address could not be read"))?;
    let mut map = std::collections::HashMap::with_capacity(pairs.len());
    for (name, value) in pairs {
        if map.insert(name, value).is_some() {
            return Err(AppError::BadRequest("a field was sent more than once"));
        }
    }
    Ok(map)
}

/// A logged-in moderator or admin; a visitor is sent to log in, a member
/// is refused (403).
#[derive(Clone, Debug)]
pub struct Moderator(pub SessionUser);

impl FromRequest for Moderator {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(match visitor(req).user {
            None => Err(AppError::LoginRequired),
            Some(user) if user.role >= crate::kernel::identity::Role::Moderator => {
                Ok(Moderator(user))
            }
            Some(_) => Err(AppError::Forbidden),
        })
    }
}

/// A logged-in admin; a visitor is sent to log in, anyone else is refused (403).
#[derive(Clone, Debug)]
pub struct Admin(pub SessionUser);

impl FromRequest for Admin {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(match visitor(req).user {
            None => Err(AppError::LoginRequired),
            Some(user) if user.role == crate::kernel::identity::Role::Admin => Ok(Admin(user)),
            Some(_) => Err(AppError::Forbidden),
        })
    }
}
