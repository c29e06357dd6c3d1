//! The first admin. With no admin in the database the server logs a
//! one-time link (`/setup?token=…`, valid 24 hours); the page behind it
//! creates the admin and spends the link in the same transaction. Nobody
//! becomes admin by being the first to reach a public URL.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::Clash;
use super::db::{self, NewUser};
use super::forms::{DisplayName, Email};
use super::password;
use crate::AppState;
use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::error::{AppError, Refusal};
use crate::kernel::identity::{Role, UserId};
use crate::kernel::secret::{hash_token, random_token};
use crate::kernel::words::format_wait;
use crate::web::again::Again;
use crate::web::client::{address_key, client_addr};
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::CsrfForm;
use crate::web::fields::FormErrors;
use crate::web::ratelimit::SETUP_PER_ADDRESS;
use crate::web::render;
use crate::web::sessions;

/// How long a setup link works, in seconds.
pub const SETUP_LINK_LIFETIME: i64 = 24 * 3600;

/// Makes a new setup link if there is no admin; voids older links.
pub fn issue_setup_link(
    conn: &mut DbConnection,
    base_url: &str,
    now: Timestamp,
) -> Result<Option<String>, AppError> {
    crate::db::write_tx(conn, |conn| {
        if db::admin_exists(conn)? {
            db::void_setup_tokens(conn)?;
            return Ok(None);
        }
        let token = random_token(32);
        db::replace_setup_token(
            conn,
            &hash_token(&token),
            now,
            now.plus(SETUP_LINK_LIFETIME),
        )?;
        Ok(Some(format!("{base_url}/setup?token={token}")))
    })
}

/// The setup page.
#[derive(Template)]
#[template(path = "accounts/setup.html")]
pub struct SetupPage {
    ctx: PageContext,
    token: String,
    valid: bool,
    display_name: String,
    email: String,
    errors: FormErrors,
}

/// `?token=` on the setup link.
#[derive(Debug, Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// The setup page at `status`: its form while the link is `valid`, with
/// what was typed (never the passwords) and its errors.
fn setup_page(
    ctx: PageContext,
    typed: &SetupInput,
    valid: bool,
    errors: FormErrors,
    status: impl Into<StatusCode>,
) -> Result<HttpResponse, AppError> {
    let page = SetupPage {
        ctx,
        token: typed.token.clone(),
        valid,
        display_name: typed.display_name.clone(),
        email: typed.email.clone(),
        errors,
    };
    render(status.into(), &page)
}

/// `GET /setup?token=…`: shows the form; changes nothing.
pub async fn show(
    ctx: PageContext,
    state: web::Data<AppState>,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, AppError> {
    let token = query.into_inner().token;
    let hash = hash_token(&token);
    let now = state.config.clock.now();
    let valid = state
        .db
        .run(move |conn| Ok(db::setup_token_valid(conn, &hash, now)? && !db::admin_exists(conn)?))
        .await?;
    let status = if valid {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    let typed = SetupInput {
        token,
        ..SetupInput::default()
    };
    setup_page(ctx, &typed, valid, FormErrors::default(), status)
}

/// What the setup form sends.
#[derive(Debug, Default, Deserialize)]
pub struct SetupInput {
    #[serde(default)]
    token: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

/// `POST /setup`: creates the first admin and logs them in.
pub async fn submit(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CsrfForm(input): CsrfForm<SetupInput>,
) -> Result<HttpResponse, AppError> {
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
    let (Some(name), Some(email), true) = (name, email, errors.is_empty()) else {
        return setup_page(ctx, &input, true, errors, Again::Invalid);
    };
    let addr = address_key(client_addr(&req, &state.config.trusted_proxies));
    if let Err(wait) = state
        .limiter
        .take(&format!("setup:{addr}"), SETUP_PER_ADDRESS)
        .await?
    {
        errors.summary = Some(format!(
            "Too many attempts from your network. Please wait {} and try again.",
            format_wait(wait)
        ));
        return setup_page(ctx, &input, true, errors, Again::TooMany);
    }
    let hash = state.passwords.hash(input.password.clone()).await?;
    let token_hash = hash_token(&input.token);
    let now = state.config.clock.now();
    let created = state
        .db
        .run(move |conn| {
            let outcome = crate::db::write_tx(conn, |conn| -> Result<UserId, Refusal<Clash>> {
                if db::admin_exists(conn)? || !db::use_setup_token(conn, &token_hash, now)? {
                    return Err(Refusal::Conflict(Clash::LinkSpent));
                }
                if db::name_looks_like_staff(conn, &name, None)? {
                    return Err(Refusal::Conflict(Clash::LooksLikeStaff));
                }
                let new = NewUser {
                    email: email.as_str(),
                    display_name: name.as_str(),
                    password_hash: &hash,
                    role: Role::Admin,
                    created_at: now,
                    standing: crate::kernel::identity::Standing::Active,
                    application: "",
                    invited_by: None,
                    invite_id: None,
                    email_confirmed: true,
                };
                db::insert_user(conn, &new)?.ok_or(Refusal::Conflict(Clash::EmailTaken))
            });
            Ok(outcome)
        })
        .await?;
    match created {
        Ok(id) => {
            let previous = ctx.user.as_ref().map(|u| u.session_hash.clone());
            sessions::start(&state, &req, id, previous).await?;
            Ok(redirect_with_flash(&req, "/", Flash::AdminCreated))
        }
        Err(Refusal::Conflict(clash @ Clash::EmailTaken)) => {
            errors.add("email", clash.to_string());
            setup_page(ctx, &input, true, errors, Again::Invalid)
        }
        Err(Refusal::Conflict(clash @ Clash::LooksLikeStaff)) => {
            errors.add("display_name", clash.to_string());
            setup_page(ctx, &input, true, errors, Again::Invalid)
        }
        Err(Refusal::Conflict(Clash::LinkSpent)) => {
            setup_page(ctx, &input, false, errors, StatusCode::NOT_FOUND)
        }
        Err(other) => Err(other.into()),
    }
}
