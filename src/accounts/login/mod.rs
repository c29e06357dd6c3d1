//! `GET/POST /login` and `POST /logout`.
//!
//! Log-in attempts are limited per client address, per account and
//! address, and per account overall. A stranger guessing someone's
//! password from one address only uses up that address's share; a browser
//! that logged in to the account before holds a device cookie and has a
//! bucket of its own, so the member is not locked out of their own account.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

mod why;

pub use why::why_log_in;

use super::db;
use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::Standing;
use crate::kernel::secret::{hash_token, random_token};
use crate::kernel::words::format_wait;
use crate::web::again::Again;
use crate::web::client::{address_key, client_addr};
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser, NoFields, query_pairs};
use crate::web::fields::FormErrors;
use crate::web::ratelimit::{
    LOGIN_PER_ACCOUNT, LOGIN_PER_ACCOUNT_AND_ADDRESS, LOGIN_PER_ADDRESS, LOGIN_PER_DEVICE,
};
use crate::web::session::queue_cookie;
use crate::web::sessions;
use crate::web::{render, return_path, see_other};

/// How long a browser is remembered as having logged in to an account.
pub const DEVICE_COOKIE_DAYS: u64 = 365;
const DEVICE_COOKIE_DAYS_SECS: i64 = 365 * 86_400;

/// What the log-in form sends.
#[derive(Debug, Default, Deserialize)]
pub struct LoginInput {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    /// The page to go back to afterwards, as the log-in page was given it.
    #[serde(default)]
    next: String,
}

/// The log-in page.
#[derive(Template)]
#[template(path = "accounts/login.html")]
pub struct LoginPage {
    ctx: PageContext,
    email: String,
    /// Where the member goes after logging in (a local path; `/` is home).
    next: String,
    /// What the page says they are logging in for, when they came from a
    /// page that needs it.
    why: Option<&'static str>,
    errors: FormErrors,
}

/// The log-in page at `status`, with the e-mail typed (never the
/// password) and its errors.
fn login_page(
    ctx: PageContext,
    typed: &LoginInput,
    errors: FormErrors,
    status: impl Into<StatusCode>,
) -> Result<HttpResponse, AppError> {
    let next = return_path(&typed.next).to_owned();
    let page = LoginPage {
        ctx,
        email: typed.email.clone(),
        why: why_log_in(&next),
        next,
        errors,
    };
    render(status.into(), &page)
}

/// `GET /login` (`?next=PATH`: the page to go back to afterwards).
pub async fn show(req: HttpRequest, ctx: PageContext) -> Result<HttpResponse, AppError> {
    // An unreadable address only loses the way back, never the log-in page.
    let next = query_pairs(&req)
        .ok()
        .and_then(|mut pairs| pairs.remove("next"))
        .unwrap_or_default();
    if ctx.user.is_some() {
        return Ok(see_other(return_path(&next)));
    }
    let blank = LoginInput {
        next,
        ..LoginInput::default()
    };
    login_page(ctx, &blank, FormErrors::default(), StatusCode::OK)
}

/// `POST /login`.
pub async fn submit(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CsrfForm(input): CsrfForm<LoginInput>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FormErrors::default();
    if input.email.trim().is_empty() {
        errors.add("email", "Enter your email address.");
    }
    if input.password.is_empty() {
        errors.add("password", "Enter your password.");
    }
    if !errors.is_empty() {
        return login_page(ctx, &input, errors, Again::Invalid);
    }
    let too_many = |wait: u64| {
        format!(
            "Too many log-in attempts. Please wait {} and try again.",
            format_wait(wait)
        )
    };

    let address = address_key(client_addr(&req, &state.config.trusted_proxies));
    let addr_bucket = (format!("login-addr:{address}"), LOGIN_PER_ADDRESS);
    if let Err(wait) = state.limiter.take(&addr_bucket.0, addr_bucket.1).await? {
        errors.summary = Some(too_many(wait));
        return login_page(ctx, &input, errors, Again::TooMany);
    }

    // No address is longer than 254 characters; a longer "email" cannot
    // match an account and is checked (and limited) like any unknown one.
    let email: String = input
        .email
        .trim()
        .to_lowercase()
        .chars()
        .take(254)
        .collect();
    let device_hash = req
        .cookie(&state.cookies.device)
        .map(|c| hash_token(c.value()));
    let (user, device_user) = {
        let (email, device_hash) = (email.clone(), device_hash.clone());
        let device_since = state.config.clock.now().minus(DEVICE_COOKIE_DAYS_SECS);
        state
            .db
            .run(move |conn| {
                let user = db::find_user_by_email(conn, &email)?;
                let device_user = match device_hash {
                    Some(hash) => db::device_user(conn, &hash, device_since)?,
                    None => None,
                };
                Ok((user, device_user))
            })
            .await?
    };
    let known_device = match (&user, device_user, &device_hash) {
        (Some(user), Some(device_user), Some(hash)) if device_user == user.user_id() => Some(hash),
        _ => None,
    };
    // A browser that logged in to this account before has a bucket of its
    // own. Any other is limited per account and address, and per account
    // overall with a higher ceiling: a stranger at one address cannot lock
    // the member out, and a crowd of addresses cannot guess for long.
    let email_key = hash_token(&email);
    let buckets = match known_device {
        Some(hash) => vec![(format!("login-device:{hash}"), LOGIN_PER_DEVICE)],
        None => vec![
            (
                format!("login-account:{email_key}:{address}"),
                LOGIN_PER_ACCOUNT_AND_ADDRESS,
            ),
            (format!("login-account:{email_key}"), LOGIN_PER_ACCOUNT),
        ],
    };
    for (key, quota) in &buckets {
        if let Err(wait) = state.limiter.take(key, *quota).await? {
            errors.summary = Some(too_many(wait));
            return login_page(ctx, &input, errors, Again::TooMany);
        }
    }

    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let matches = state
        .passwords
        .verify(input.password.clone(), stored)
        .await?;
    let Some(user) = user.filter(|_| matches) else {
        errors.summary = Some(
            "That email and password do not match an account. Check both and try again.".into(),
        );
        return login_page(ctx, &input, errors, Again::Invalid);
    };

    for (key, quota) in std::iter::once(&addr_bucket).chain(&buckets) {
        state.limiter.give_back(key, *quota).await?;
    }
    if user.standing == Standing::Banned {
        return crate::moderation::appeals::banned_page(&state, ctx, user.user_id(), email).await;
    }
    if known_device.is_none() {
        remember_device(&state, &req, user.user_id()).await?;
    }
    // Last, so that nothing after it can fail with a live session cookie queued.
    let previous = ctx.user.as_ref().map(|u| u.session_hash.clone());
    sessions::start(&state, &req, user.user_id(), previous).await?;
    Ok(redirect_with_flash(
        &req,
        return_path(&input.next),
        Flash::LoggedIn,
    ))
}

/// The account `email` and `password` name, with its standing, or `None`
/// if they do not match one. Limited per address like the log-in form.
/// Used where a banned member, who cannot log in, confirms who they are.
pub async fn check_password(
    req: &HttpRequest,
    state: &AppState,
    email: &str,
    password: &str,
) -> Result<Option<(crate::kernel::identity::UserId, Standing)>, AppError> {
    let address = address_key(client_addr(req, &state.config.trusted_proxies));
    let email: String = email.trim().to_lowercase().chars().take(254).collect();
    // The same buckets as the log-in form's (without the device bucket):
    // per address, per account and address, and per account.
    let email_key = hash_token(&email);
    for (key, quota) in [
        (format!("login-addr:{address}"), LOGIN_PER_ADDRESS),
        (
            format!("login-account:{email_key}:{address}"),
            LOGIN_PER_ACCOUNT_AND_ADDRESS,
        ),
        (format!("login-account:{email_key}"), LOGIN_PER_ACCOUNT),
    ] {
        state
            .limiter
            .take(&key, quota)
            .await?
            .map_err(AppError::RateLimited)?;
    }
    let user = state
        .db
        .run(move |conn| Ok(db::find_user_by_email(conn, &email)?))
        .await?;
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let matches = state.passwords.verify(password.to_owned(), stored).await?;
    Ok(user.filter(|_| matches).map(|u| (u.user_id(), u.standing)))
}

async fn remember_device(
    state: &AppState,
    req: &HttpRequest,
    user: crate::kernel::identity::UserId,
) -> Result<(), AppError> {
    let token = random_token(32);
    let token_hash = hash_token(&token);
    let now = state.config.clock.now();
    state
        .db
        .run(move |conn| db::insert_device(conn, &token_hash, user, now).map_err(AppError::from))
        .await?;
    let names = &state.cookies;
    let age = std::time::Duration::from_secs(DEVICE_COOKIE_DAYS * 86_400);
    queue_cookie(req, names.make(&names.device, token, Some(age)));
    Ok(())
}

/// `POST /logout`: ends the session in the database, not only the cookie.
pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    sessions::end(&state, &req, user.session_hash).await?;
    Ok(redirect_with_flash(&req, "/", Flash::LoggedOut))
}
