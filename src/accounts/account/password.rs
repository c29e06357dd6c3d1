//! `POST /account/password`: a new password, given the current one.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{Sent, account_page};
use crate::AppState;
use crate::accounts::links::{self, Purpose};
use crate::accounts::{db, password};
use crate::error::AppError;
use crate::kernel::identity::UserId;
use crate::kernel::words::format_wait;
use crate::web::again::Again;
use crate::web::client::{address_key, client_addr};
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser};
use crate::web::fields::FormErrors;
use crate::web::ratelimit::{PASSWORD_CHANGE_PER_ACCOUNT, PASSWORD_CHANGE_PER_ADDRESS};
use crate::web::sessions;

/// What the password form sends.
#[derive(Debug, Deserialize)]
pub struct PasswordInput {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password_confirm: String,
}

/// `POST /account/password`: needs the current password; ends every
/// session of the member, stops a change of address that waits for its
/// link, and starts a fresh session in this browser.
pub async fn change_password(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    CsrfForm(input): CsrfForm<PasswordInput>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FormErrors::default();
    match check_current_password(&state, &req, user.id, &input.current_password).await? {
        Checked::Right => {}
        Checked::Wrong => errors.add("current_password", "That is not your current password."),
        Checked::TooMany(wait) => {
            errors.summary = Some(format!(
                "Too many attempts to change your password. Please wait {} and try again.",
                format_wait(wait)
            ));
            return account_page(&state, ctx, user, Sent::Password(errors), Again::TooMany).await;
        }
    }
    errors.check(
        "new_password",
        password::check_new_password(&input.new_password, &user.email, &user.display_name),
    );
    if errors.get("new_password").is_none() && input.new_password != input.new_password_confirm {
        errors.add(
            "new_password_confirm",
            "The two new passwords are not the same.",
        );
    }
    if !errors.is_empty() {
        return account_page(&state, ctx, user, Sent::Password(errors), Again::Invalid).await;
    }
    give_back_try(&state, user.id).await?;

    let id = user.id;
    let hash = state.passwords.hash(input.new_password).await?;
    let now = state.config.clock.now();
    state
        .db
        .write(move |conn| {
            db::set_password_ending_sessions(conn, id, &hash)?;
            // A change of address asked for with the old password stops.
            links::cancel(conn, id, Purpose::NewEmail, now)
        })
        .await?;
    sessions::start(&state, &req, id, None).await?;
    Ok(redirect_with_flash(
        &req,
        "/account",
        Flash::PasswordChanged,
    ))
}

/// How a try at the current password went.
pub(super) enum Checked {
    /// It is the member's password.
    Right,
    /// It is not.
    Wrong,
    /// Too many tries just now: seconds to wait. Nothing was checked.
    TooMany(u64),
}

/// Takes one try from the limits every form that asks for the current
/// password shares (per client address, and per account: changing the
/// password or the e-mail address), then checks `typed` as `member`'s
/// current password.
pub(super) async fn check_current_password(
    state: &AppState,
    req: &HttpRequest,
    member: UserId,
    typed: &str,
) -> Result<Checked, AppError> {
    let addr_bucket = format!(
        "password-addr:{}",
        address_key(client_addr(req, &state.config.trusted_proxies))
    );
    let limited = match state
        .limiter
        .take(&addr_bucket, PASSWORD_CHANGE_PER_ADDRESS)
        .await?
    {
        Ok(()) => {
            state
                .limiter
                .take(&account_bucket(member), PASSWORD_CHANGE_PER_ACCOUNT)
                .await?
        }
        refused => refused,
    };
    if let Err(wait) = limited {
        return Ok(Checked::TooMany(wait));
    }
    let stored = state
        .db
        .run(move |conn| Ok(db::find_user(conn, member)?.map(|u| u.password_hash)))
        .await?;
    if stored.is_none() {
        return Err(AppError::LoginRequired);
    }
    Ok(if state.passwords.verify(typed.to_owned(), stored).await? {
        Checked::Right
    } else {
        Checked::Wrong
    })
}

/// Gives back the account's try taken by [`check_current_password`]: the
/// form did what it was asked, so only wrong passwords count.
pub(super) async fn give_back_try(state: &AppState, member: UserId) -> Result<(), AppError> {
    state
        .limiter
        .give_back(&account_bucket(member), PASSWORD_CHANGE_PER_ACCOUNT)
        .await
}

fn account_bucket(member: UserId) -> String {
    format!("password-account:{}", member.0)
}
