//! `GET/POST /signup`: joining the board (registration mode "open").
//!
//! The answer is the same whether or not the e-mail already has an
//! account: both hash the password and send the person to log in, so the
//! form cannot be used to find out who is a member. A new account costs a
//! committed write that a taken address does not, so every accepted
//! sign-up is answered no sooner than [`MIN_DURATION`] after it arrived.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::db::{self, NewUser};
use super::forms::{DisplayName, Email};
use super::{Role, password};
use crate::AppState;
use crate::error::AppError;
use crate::web::client::{address_key, client_addr};
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::CsrfForm;
use crate::web::fields::FormErrors;
use crate::web::ratelimit::SIGNUP_PER_ADDRESS;
use crate::web::{format_wait, render, see_other};

/// The least time an accepted sign-up takes to answer, whichever path it took.
pub const MIN_DURATION: std::time::Duration = std::time::Duration::from_millis(250);

/// What the sign-up form sends.
#[derive(Debug, Default, Deserialize)]
pub struct SignupInput {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

/// The sign-up page.
#[derive(Template)]
#[template(path = "accounts/signup.html")]
pub struct SignupPage {
    ctx: PageContext,
    display_name: String,
    email: String,
    errors: FormErrors,
}

/// `GET /signup`.
pub async fn show(ctx: PageContext) -> Result<HttpResponse, AppError> {
    if ctx.user.is_some() {
        return Ok(see_other("/"));
    }
    render(
        StatusCode::OK,
        &SignupPage {
            ctx,
            display_name: String::new(),
            email: String::new(),
            errors: FormErrors::default(),
        },
    )
}

/// `POST /signup`.
pub async fn submit(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CsrfForm(input): CsrfForm<SignupInput>,
) -> Result<HttpResponse, AppError> {
    if ctx.user.is_some() {
        return Ok(see_other("/"));
    }
    let started = std::time::Instant::now();
    let mut errors = FormErrors::default();
    let name = errors.check("display_name", DisplayName::parse(&input.display_name));
    let email = errors.check("email", Email::parse(&input.email));
    errors.check(
        "password",
        password::check_new_password(&input.password, &input.email, &input.display_name),
    );
    if errors.get("password").is_none() && input.password != input.password_confirm {
        errors.add("password_confirm", "The two passwords are not the same.");
    }
    let again = |ctx, errors, status| {
        render(
            status,
            &SignupPage {
                ctx,
                display_name: input.display_name.clone(),
                email: input.email.clone(),
                errors,
            },
        )
    };
    let (Some(name), Some(email), true) = (name, email, errors.is_empty()) else {
        return again(ctx, errors, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let addr = address_key(client_addr(&req, &state.config.trusted_proxies));
    if let Err(wait) = state
        .limiter
        .take(&format!("signup:{addr}"), SIGNUP_PER_ADDRESS)
    {
        errors.summary = Some(format!(
            "Too many accounts were made from your network just now. Please try again in {}.",
            format_wait(wait)
        ));
        return again(ctx, errors, StatusCode::TOO_MANY_REQUESTS);
    }
    let hash = state.passwords.hash(input.password).await?;
    let now = state.config.clock.now();
    state
        .db
        .run(move |conn| {
            let new = NewUser {
                email: email.as_str(),
                display_name: name.as_str(),
                password_hash: &hash,
                role: Role::Member.as_str(),
                created_at: now,
            };
            // An e-mail already in use is answered exactly like a new one.
            db::insert_user(conn, &new)
                .map(drop)
                .map_err(AppError::from)
        })
        .await?;
    actix_web::rt::time::sleep(MIN_DURATION.saturating_sub(started.elapsed())).await;
    Ok(redirect_with_flash(&req, "/login", Flash::SignedUp))
}
