//! `GET /account`: a member changes their display name, e-mail address or
//! password, and chooses whether to share their e-mail address.
//!
//! An applicant sees the page only while their address is not confirmed,
//! and then only its address form, to fix an address mistyped at sign-up
//! ([`crate::policy::standing`]).
//!
//! The page and its name form are here; each other form has a file of its
//! own, and comes back to [`account_page`] when what was sent cannot be
//! used.

mod email;
mod email_link;
mod password;
mod sharing;

pub use email::{EmailInput, request_change};
pub use email_link::{show_link, use_link};
pub use password::{PasswordInput, change_password};
pub use sharing::{SharingInput, save_sharing};

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::db;
use super::forms::{DisplayName, LOOKS_LIKE_STAFF};
use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::SessionUser;
use crate::web::again::Again;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser};
use crate::web::fields::FormErrors;
use crate::web::ratelimit::PROFILE_EDITS_PER_ACCOUNT;
use crate::web::render;

/// The account page, with its forms.
#[derive(Template)]
#[template(path = "accounts/account.html")]
pub struct AccountPage {
    ctx: PageContext,
    user: SessionUser,
    display_name: String,
    name_errors: FormErrors,
    new_email: String,
    email_errors: FormErrors,
    password_errors: FormErrors,
    share_email: bool,
    sharing_errors: FormErrors,
}

/// Which of the account page's forms came back, and what was wrong.
enum Sent {
    /// None: the page as it is.
    Nothing,
    /// The name form: the name typed, and why it was refused.
    Name(String, FormErrors),
    /// The address form: the address typed, and why it was refused (the
    /// password is never shown again).
    Email(String, FormErrors),
    /// The password form (passwords are never shown again).
    Password(FormErrors),
    /// The sharing form.
    Sharing(FormErrors),
}

/// The account page at `status`, with the form that came back.
async fn account_page(
    state: &AppState,
    ctx: PageContext,
    user: SessionUser,
    sent: Sent,
    status: impl Into<StatusCode>,
) -> Result<HttpResponse, AppError> {
    let id = user.id;
    let share_email = state
        .db
        .run(move |conn| Ok(db::find_user(conn, id)?.is_some_and(|u| u.share_email)))
        .await?;
    let mut page = AccountPage {
        display_name: user.display_name.clone(),
        ctx,
        user,
        name_errors: FormErrors::default(),
        new_email: String::new(),
        email_errors: FormErrors::default(),
        password_errors: FormErrors::default(),
        share_email,
        sharing_errors: FormErrors::default(),
    };
    match sent {
        Sent::Nothing => {}
        Sent::Name(typed, errors) => (page.display_name, page.name_errors) = (typed, errors),
        Sent::Email(typed, errors) => (page.new_email, page.email_errors) = (typed, errors),
        Sent::Password(errors) => page.password_errors = errors,
        Sent::Sharing(errors) => page.sharing_errors = errors,
    }
    render(status.into(), &page)
}

/// `GET /account`.
pub async fn show(
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<HttpResponse, AppError> {
    account_page(&state, ctx, user, Sent::Nothing, StatusCode::OK).await
}

/// What the name form sends.
#[derive(Debug, Deserialize)]
pub struct NameInput {
    #[serde(default)]
    display_name: String,
}

/// `POST /account/name`.
pub async fn change_name(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    CsrfForm(input): CsrfForm<NameInput>,
) -> Result<HttpResponse, AppError> {
    let refused = |message: String| {
        let mut errors = FormErrors::default();
        errors.add("display_name", message);
        Sent::Name(input.display_name.clone(), errors)
    };
    let name = match DisplayName::parse(&input.display_name) {
        Ok(name) => name,
        Err(message) => {
            let refusal = refused(message.into());
            return account_page(&state, ctx, user, refusal, Again::Invalid).await;
        }
    };
    if let Err(why) = state
        .limiter
        .member_write(user.id, PROFILE_EDITS_PER_ACCOUNT)
        .await?
    {
        return account_page(&state, ctx, user, refused(why), Again::TooMany).await;
    }
    let id = user.id;
    let renamed = state
        .db
        .write_with(move |conn| {
            if db::name_looks_like_staff(conn, &name, Some(id))? {
                return Ok(false);
            }
            db::update_display_name(conn, id, name.as_str()).map(|()| true)
        })
        .await?
        .map_err(AppError::from)?;
    if !renamed {
        let refusal = refused(LOOKS_LIKE_STAFF.into());
        return account_page(&state, ctx, user, refusal, Again::Invalid).await;
    }
    Ok(redirect_with_flash(&req, "/account", Flash::NameChanged))
}
