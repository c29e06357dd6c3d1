//! `GET/POST /login` and `POST /logout`.
//!
//! Log-in attempts are limited per client address and per account. A
//! stranger hammering someone's e-mail only uses up that account's bucket
//! for browsers that never logged in to it: a browser that did holds a
//! device cookie and has a bucket of its own, so the member is not locked
//! out of their own account.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{db, sessions};
use crate::AppState;
use crate::error::AppError;
use crate::web::client::{address_key, client_addr};
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser, NoFields};
use crate::web::fields::FormErrors;
use crate::web::ratelimit::{LOGIN_PER_ACCOUNT, LOGIN_PER_ADDRESS, LOGIN_PER_DEVICE};
use crate::web::session::queue_cookie;
use crate::web::{format_wait, hash_token, random_token, render, see_other};

/// How long a browser is remembered as having logged in to an account.
pub const DEVICE_COOKIE_DAYS: u64 = 365;

/// What the log-in form sends.
#[derive(Debug, Default, Deserialize)]
pub struct LoginInput {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// The log-in page.
#[derive(Template)]
#[template(path = "accounts/login.html")]
pub struct LoginPage {
    ctx: PageContext,
    email: String,
    errors: FormErrors,
}

/// `GET /login`.
pub async fn show(ctx: PageContext) -> Result<HttpResponse, AppError> {
    if ctx.user.is_some() {
        return Ok(see_other("/"));
    }
    render(
        StatusCode::OK,
        &LoginPage {
            ctx,
            email: String::new(),
            errors: FormErrors::default(),
        },
    )
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
    let again = |ctx, errors, status| {
        render(
            status,
            &LoginPage {
                ctx,
                email: input.email.clone(),
                errors,
            },
        )
    };
    if !errors.is_empty() {
        return again(ctx, errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let too_many = |wait: u64| {
        format!(
            "Too many log-in attempts. Please wait {} and try again.",
            format_wait(wait)
        )
    };

    let addr_bucket = format!(
        "login-addr:{}",
        address_key(client_addr(&req, &state.config.trusted_proxies))
    );
    if let Err(wait) = state.limiter.take(&addr_bucket, LOGIN_PER_ADDRESS) {
        errors.summary = Some(too_many(wait));
        return again(ctx, errors, StatusCode::TOO_MANY_REQUESTS);
    }

    let email = input.email.trim().to_lowercase();
    let device_hash = req
        .cookie(&state.cookies.device)
        .map(|c| hash_token(c.value()));
    let (user, device_user) = {
        let (email, device_hash) = (email.clone(), device_hash.clone());
        state
            .db
            .run(move |conn| {
                let user = db::find_user_by_email(conn, &email)?;
                let device_user = match device_hash {
                    Some(hash) => db::device_user(conn, &hash)?,
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
    let (account_bucket, account_quota) = match known_device {
        Some(hash) => (format!("login-device:{hash}"), LOGIN_PER_DEVICE),
        None => (format!("login-account:{email}"), LOGIN_PER_ACCOUNT),
    };
    if let Err(wait) = state.limiter.take(&account_bucket, account_quota) {
        errors.summary = Some(too_many(wait));
        return again(ctx, errors, StatusCode::TOO_MANY_REQUESTS);
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
        return again(ctx, errors, StatusCode::UNPROCESSABLE_ENTITY);
    };

    state.limiter.give_back(&addr_bucket, LOGIN_PER_ADDRESS);
    state.limiter.give_back(&account_bucket, account_quota);
    let previous = ctx.user.as_ref().map(|u| u.session_hash.clone());
    sessions::start(&state, &req, user.user_id(), previous).await?;
    if known_device.is_none() {
        remember_device(&state, &req, user.user_id()).await?;
    }
    Ok(redirect_with_flash(&req, "/", Flash::LoggedIn))
}

async fn remember_device(
    state: &AppState,
    req: &HttpRequest,
    user: super::UserId,
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
