//! `GET/POST /signup`: joining the board. In open mode the new member
//! may take part at once; in approval mode they answer the admin's
//! question and wait for a moderator; in invite mode they need a code.
//!
//! Every accepted sign-up ends on "check your e-mail". A new account is
//! made unconfirmed, with a link to confirm its address mailed in the same
//! transaction; until the address is confirmed the member may read but not
//! write, and an application waits outside the moderators' queue. A taken
//! address gets a message saying someone tried to sign up with it (at most
//! [`ATTEMPTS_MAILED_PER_DAY`] a day), so the form tells nobody who is a
//! member and the owner is not left wondering. The two paths do different
//! writes, so every accepted sign-up is answered no sooner than
//! [`MIN_DURATION`] after it arrived.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::Clash;
use super::db::{self, NewUser};
use super::forms::{DisplayName, Email};
use super::letters::{self, Site, To};
use super::links::{self, Purpose};
use super::password;
use crate::AppState;
use crate::error::{AppError, Refusal};
use crate::invites::db as invites_db;
use crate::kernel::identity::Role;
use crate::kernel::identity::Standing;
use crate::kernel::text::{clean_line, clean_multiline};
use crate::kernel::words::format_wait;
use crate::site::RegistrationMode;
use crate::web::again::Again;
use crate::web::client::{address_key, client_addr};
use crate::web::context::PageContext;
use crate::web::extract::CsrfForm;
use crate::web::extract::query_pairs;
use crate::web::fields::FormErrors;
use crate::web::ratelimit::SIGNUP_PER_ADDRESS;
use crate::web::{render, see_other};

/// The least time an accepted sign-up takes to answer, whichever path it took.
pub const MIN_DURATION: std::time::Duration = std::time::Duration::from_millis(250);

/// How many "someone tried to sign up with your address" messages one
/// account gets in a day at most.
pub const ATTEMPTS_MAILED_PER_DAY: i64 = 3;

/// Where every accepted sign-up goes.
pub const CHECK_EMAIL_PAGE: &str = "/signup/check-email";

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
    #[serde(default)]
    answer: String,
    #[serde(default)]
    invite_code: String,
}

/// Longest answer to the registration question, in characters.
pub const ANSWER_MAX: usize = 1_000;

/// The sign-up page.
#[derive(Template)]
#[template(path = "accounts/signup.html")]
pub struct SignupPage {
    ctx: PageContext,
    display_name: String,
    email: String,
    answer: String,
    invite_code: String,
    mode: RegistrationMode,
    errors: FormErrors,
}

/// The sign-up page at `status`, with what was typed (never the
/// passwords) and its errors.
fn signup_page(
    ctx: PageContext,
    typed: &SignupInput,
    errors: FormErrors,
    status: impl Into<StatusCode>,
) -> Result<HttpResponse, AppError> {
    let page = SignupPage {
        mode: ctx.site.joining.mode,
        ctx,
        display_name: typed.display_name.clone(),
        email: typed.email.clone(),
        answer: typed.answer.clone(),
        invite_code: typed.invite_code.clone(),
        errors,
    };
    render(status.into(), &page)
}

/// `GET /signup` (`?invite=CODE` fills in the code).
pub async fn show(req: HttpRequest, ctx: PageContext) -> Result<HttpResponse, AppError> {
    if ctx.user.is_some() {
        return Ok(see_other("/"));
    }
    let invite_code = query_pairs(&req)?
        .remove("invite")
        .map(|c| clean_line(&c))
        .unwrap_or_default();
    let typed = SignupInput {
        invite_code,
        ..SignupInput::default()
    };
    signup_page(ctx, &typed, FormErrors::default(), StatusCode::OK)
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
    let mode = ctx.site.joining.mode;
    let members_may_invite = ctx.site.joining.members_may_invite;
    let answer = clean_multiline(&input.answer);
    let code = crate::invites::normalise_code(&input.invite_code);
    match mode {
        RegistrationMode::Approval if answer.is_empty() => {
            errors.add(
                "answer",
                "Answer the question, so the moderators know you are a neighbour.",
            );
        }
        RegistrationMode::Approval if answer.chars().count() > ANSWER_MAX => {
            errors.add("answer", "Keep your answer to 1,000 characters or fewer.");
        }
        RegistrationMode::Invite if code.is_empty() => {
            errors.add("invite_code", "Enter the invite code a neighbour gave you.");
        }
        _ => {}
    }
    let (Some(name), Some(email), true) = (name, email, errors.is_empty()) else {
        return signup_page(ctx, &input, errors, Again::Invalid);
    };
    let addr = address_key(client_addr(&req, &state.config.trusted_proxies));
    if let Err(wait) = state
        .limiter
        .take(&format!("signup:{addr}"), SIGNUP_PER_ADDRESS)
        .await?
    {
        errors.summary = Some(format!(
            "Too many accounts were made from your network just now. Please try again in {}.",
            format_wait(wait)
        ));
        return signup_page(ctx, &input, errors, Again::TooMany);
    }
    // Asked whichever address it is, so a taken one answers alike.
    if let Err(wait) = links::may_mail_link(&state, email.as_str()).await? {
        errors.add("email", links::mailbox_cap_words(wait));
        return signup_page(ctx, &input, errors, Again::TooMany);
    }
    let hash = state.passwords.hash(input.password.clone()).await?;
    let now = state.config.clock.now();
    let site = Site::of(&state);
    let token = links::new_token();
    let mut confirm = letters::confirm_link(
        &site,
        email.as_str(),
        &token,
        mode == RegistrationMode::Approval,
    )?;
    let address = email.as_str().to_owned();
    let stored = state
        .db
        .write_with(move |conn| {
            // Checked before the e-mail, so that the answer never depends
            // on whether the address is taken.
            if db::name_looks_like_staff(conn, &name, None)? {
                return Err(Refusal::Conflict(Clash::LooksLikeStaff));
            }
            // A code is spent only if the account is made: a taken e-mail
            // rolls the use back with everything else.
            let invite = match mode {
                RegistrationMode::Invite => Some(
                    invites_db::use_invite(conn, &code, members_may_invite, now)?
                        .ok_or(Refusal::Conflict(Clash::InviteUnusable))?,
                ),
                _ => None,
            };
            let new = NewUser {
                email: email.as_str(),
                display_name: name.as_str(),
                password_hash: &hash,
                role: Role::Member,
                created_at: now,
                standing: if mode == RegistrationMode::Approval {
                    Standing::Pending
                } else {
                    Standing::Active
                },
                application: if mode == RegistrationMode::Approval {
                    &answer
                } else {
                    ""
                },
                invited_by: invite.map(|i| i.created_by),
                invite_id: invite.map(|i| i.id),
                email_confirmed: false,
            };
            let id = db::insert_user(conn, &new)?.ok_or(Refusal::Conflict(Clash::EmailTaken))?;
            links::issue(conn, &token, id, Purpose::Confirm, "", now)?;
            confirm.to_user = Some(id);
            crate::mail::queue(conn, &confirm, now)?;
            Ok(())
        })
        .await?;
    match stored {
        Ok(()) => {}
        // An e-mail already in use is answered exactly like a new one, and
        // its owner hears of the attempt.
        Err(Refusal::Conflict(Clash::EmailTaken)) => {
            tell_owner_of_attempt(&state, site, address).await?;
        }
        Err(Refusal::Conflict(clash @ Clash::InviteUnusable)) => {
            errors.add("invite_code", clash.to_string());
            return signup_page(ctx, &input, errors, Again::Invalid);
        }
        Err(Refusal::Conflict(clash @ Clash::LooksLikeStaff)) => {
            errors.add("display_name", clash.to_string());
            return signup_page(ctx, &input, errors, Again::Invalid);
        }
        Err(other) => return Err(other.into()),
    }
    actix_web::rt::time::sleep(MIN_DURATION.saturating_sub(started.elapsed())).await;
    Ok(see_other(CHECK_EMAIL_PAGE))
}

/// Mails the owner of `address` that someone tried to sign up with it,
/// unless they have had [`ATTEMPTS_MAILED_PER_DAY`] such messages today.
async fn tell_owner_of_attempt(
    state: &AppState,
    site: Site,
    address: String,
) -> Result<(), AppError> {
    let now = state.config.clock.now();
    state
        .db
        .write_with(move |conn| -> Result<(), AppError> {
            let Some(user) = db::find_user_by_email(conn, &address)? else {
                return Ok(());
            };
            let today = crate::mail::db::count_since(
                conn,
                user.user_id(),
                "signup_attempt",
                now.minus(86_400),
            )?;
            if today >= ATTEMPTS_MAILED_PER_DAY {
                return Ok(());
            }
            let to = To {
                id: user.user_id(),
                name: &user.display_name,
                address: &user.email,
            };
            crate::mail::queue(conn, &letters::signup_attempt(&site, &to)?, now)?;
            Ok(())
        })
        .await?
}
