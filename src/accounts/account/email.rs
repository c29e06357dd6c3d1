//! `POST /account/email`: a member asks to change their e-mail address.
//!
//! They type the new address and their current password. A link goes to
//! the new address (48 hours, once; only its hash is stored) and nothing
//! changes until it is used: the old address keeps working. An address
//! that belongs to another account gets the same answer, so the form tells
//! nobody who is a member: no link is made, and the address's owner hears
//! that someone tried to use it (at most [`ATTEMPTS_MAILED_PER_DAY`] a
//! day). Either way the same one write transaction runs, and a link asked
//! for before stops working. Requests are limited per account
//! ([`EMAIL_CHANGE_PER_ACCOUNT`]) and links per mailbox
//! ([`links::may_mail_link`]); an account whose address is not confirmed
//! may ask for one new address per link lifetime (two days). Wrong
//! passwords count against the limits the password form has.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::password::{Checked, check_current_password, give_back_try};
use super::{Sent, account_page};
use crate::AppState;
use crate::accounts::db;
use crate::accounts::forms::Email;
use crate::accounts::letters::{self, Site, To};
use crate::accounts::links::{self, Purpose};
use crate::accounts::signup::ATTEMPTS_MAILED_PER_DAY;
use crate::error::AppError;
use crate::kernel::identity::SessionUser;
use crate::kernel::words::format_wait;
use crate::web::again::Again;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser};
use crate::web::fields::FormErrors;
use crate::web::ratelimit::{EMAIL_CHANGE_PER_ACCOUNT, NEW_ADDRESS_WHILE_UNCONFIRMED, too_often};

/// What the address form sends.
#[derive(Debug, Deserialize)]
pub struct EmailInput {
    #[serde(default)]
    new_email: String,
    #[serde(default)]
    email_password: String,
}

/// `POST /account/email`: mails a link to the new address, or, if it has
/// an account, tells its owner; the member sees the same either way.
pub async fn request_change(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    CsrfForm(input): CsrfForm<EmailInput>,
) -> Result<HttpResponse, AppError> {
    let typed = input.new_email.clone();
    let mut errors = FormErrors::default();
    let email = if input.new_email.trim().is_empty() {
        errors.add("new_email", "Enter the new address.");
        None
    } else {
        errors.check("new_email", Email::parse(&input.new_email))
    };
    if email.as_ref().is_some_and(|e| e.as_str() == user.email) {
        errors.add(
            "new_email",
            "That is your address already. Enter the one you want to change to.",
        );
    }
    match check_current_password(&state, &req, user.id, &input.email_password).await? {
        // Only wrong passwords count against the limit.
        Checked::Right => give_back_try(&state, user.id).await?,
        Checked::Wrong if input.email_password.is_empty() => {
            errors.add("email_password", "Enter your current password.");
        }
        Checked::Wrong => errors.add("email_password", "That is not your current password."),
        Checked::TooMany(wait) => {
            errors.summary = Some(format!(
                "Too many attempts with a wrong password. Please wait {} and try again.",
                format_wait(wait)
            ));
            let sent = Sent::Email(typed, errors);
            return account_page(&state, ctx, user, sent, Again::TooMany).await;
        }
    }
    let (Some(email), true) = (email, errors.is_empty()) else {
        return account_page(
            &state,
            ctx,
            user,
            Sent::Email(typed, errors),
            Again::Invalid,
        )
        .await;
    };
    if !within_limits(&state, &user, &email, &mut errors).await? {
        let sent = Sent::Email(typed, errors);
        return account_page(&state, ctx, user, sent, Again::TooMany).await;
    }

    let site = Site::of(&state);
    let now = state.config.clock.now();
    let token = links::new_token();
    let to = To {
        id: user.id,
        name: &user.display_name,
        address: email.as_str(),
    };
    let link = letters::new_address_link(&site, &to, &token)?;
    let (id, new) = (user.id, email.into_string());
    state
        .db
        .write_with(move |conn| -> Result<(), AppError> {
            match db::find_user_by_email(conn, &new)? {
                None => {
                    links::issue(conn, &token, id, Purpose::NewEmail, &new, now)?;
                    crate::mail::queue(conn, &link, now)?;
                }
                Some(owner) => {
                    // No link, and the one asked for before stops, as a
                    // new link would have stopped it.
                    links::cancel(conn, id, Purpose::NewEmail, now)?;
                    if owner.user_id() == id {
                        return Ok(());
                    }
                    let today = crate::mail::db::count_since(
                        conn,
                        owner.user_id(),
                        "address_attempt",
                        now.minus(86_400),
                    )?;
                    if today < ATTEMPTS_MAILED_PER_DAY {
                        let to = To {
                            id: owner.user_id(),
                            name: &owner.display_name,
                            address: &owner.email,
                        };
                        crate::mail::queue(conn, &letters::address_attempt(&site, &to)?, now)?;
                    }
                }
            }
            Ok(())
        })
        .await??;
    Ok(redirect_with_flash(
        &req,
        "/account",
        Flash::EmailChangeSent,
    ))
}

/// Takes this request's share of every limit on asking for a new address,
/// each spent whether or not the address has an account (so no answer
/// tells which it was); `false`, with what the form says, if one is used up.
async fn within_limits(
    state: &AppState,
    user: &SessionUser,
    email: &Email,
    errors: &mut FormErrors,
) -> Result<bool, AppError> {
    if !user.email_confirmed
        && let Err(wait) = state
            .limiter
            .member_take(user.id, NEW_ADDRESS_WHILE_UNCONFIRMED)
            .await?
    {
        errors.add(
            "new_email",
            format!(
                "You asked for a link to another address already. Until an address is \
                 confirmed, an account may ask for one new address every two days: open the \
                 link we sent, or try again in {}.",
                format_wait(wait)
            ),
        );
        return Ok(false);
    }
    if let Err(wait) = state
        .limiter
        .member_take(user.id, EMAIL_CHANGE_PER_ACCOUNT)
        .await?
    {
        errors.summary = Some(too_often(EMAIL_CHANGE_PER_ACCOUNT, wait));
        return Ok(false);
    }
    if let Err(wait) = links::may_mail_link(state, email.as_str()).await? {
        errors.add("new_email", links::mailbox_cap_words(wait));
        return Ok(false);
    }
    Ok(true)
}
