//! "Is it still needed?" answered from the e-mail, without logging in.
//!
//! When a need's date passes, its author's mail carries two buttons:
//! "Yes, still needed — new date" and "Close it". Each opens
//! `/mail/still-needed/{token}`, a page with the one form it stands for
//! (mail scanners open links but do not send forms); the form does that
//! one thing. The token is signed for the author, the purpose
//! "still_needed" and the need, and works for 14 days; it can renew or
//! close that need while it is expired, and nothing else.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

mod page;
pub mod reply;

pub use page::{ByMailPage, Step};
use page::{Shown, page, refused};

use super::ending;
use super::forms::NeedInput;
use super::load::own_need;
use super::tell::change_and_notify;
use super::{NeedId, NeedStatus, Outcome};
use crate::AppState;
use crate::clock::Timestamp;
use crate::error::AppError;
use crate::kernel::identity::UserId;
use crate::kernel::signed::{Claim, Refused, Signer};
use crate::notifications::Kind;
use crate::policy::standing::mailed_link_refusal;
use crate::web::context::PageContext;
use crate::web::extract::{CsrfForm, query_pairs};
use crate::web::fields::FormErrors;
use crate::web::ratelimit::NEED_EDITS_PER_ACCOUNT;

/// What the tokens are signed for.
pub const PURPOSE: &str = "still_needed";

/// How long the buttons work, in seconds.
pub const LIFETIME: i64 = 14 * 86_400;

/// The two buttons' addresses for `author`'s expired `need`: (renew, close).
pub fn links(
    signer: &Signer,
    base_url: &str,
    author: UserId,
    need: NeedId,
    now: Timestamp,
) -> (String, String) {
    let token = signer.sign(&Claim {
        user: author.0,
        purpose: PURPOSE.to_owned(),
        object: need.0.to_string(),
        expires: now.plus(LIFETIME),
    });
    let page = format!("{base_url}/mail/still-needed/{token}");
    (
        format!("{page}?answer=renew"),
        format!("{page}?answer=close"),
    )
}

/// What the renew form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RenewInput {
    when_kind: String,
    date: String,
}

/// What the close form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CloseInput {
    outcome: String,
}

/// The author and need a token stands for, if it is good.
fn checked(state: &AppState, token: &str) -> Result<(UserId, NeedId), Step> {
    let now = state.config.clock.now();
    let claim =
        state
            .part::<Signer>()
            .check(token, PURPOSE, now)
            .map_err(|refused| match refused {
                Refused::Invalid => Step::Invalid,
                Refused::Expired => Step::Expired,
            })?;
    let need = claim.object.parse().map_err(|_| Step::Invalid)?;
    Ok((UserId(claim.user), NeedId(need)))
}

/// The need's title if it still waits for an answer (expired, the token's
/// author's).
async fn waiting(
    state: &AppState,
    author: UserId,
    need: NeedId,
) -> Result<Result<String, Step>, AppError> {
    match own_need(state, need, author).await {
        Ok(view) if view.need.status == NeedStatus::Expired => Ok(Ok(view.need.title)),
        Ok(_) => Ok(Err(Step::Answered)),
        Err(AppError::NotFound | AppError::Forbidden | AppError::Restricted(..)) => {
            Ok(Err(Step::Invalid))
        }
        Err(e) => Err(e),
    }
}

/// The author, need and title a token stands for, if the need still waits
/// for an answer. An author the site would not let change anything (banned,
/// suspended) is refused with the page that says why.
async fn open_question(
    state: &AppState,
    token: &str,
) -> Result<Result<(UserId, NeedId, String), Step>, AppError> {
    let (author, need) = match checked(state, token) {
        Ok(found) => found,
        Err(step) => return Ok(Err(step)),
    };
    let now = state.config.clock.now();
    let standing = state
        .db
        .run(move |conn| Ok(crate::accounts::db::standing_now(conn, author, now)?))
        .await?;
    let Some((standing, suspension)) = standing else {
        return Ok(Err(Step::Invalid));
    };
    let zone = state.config.clock.zone();
    if let Some(refusal) = mailed_link_refusal(standing, suspension.as_ref(), zone) {
        return Err(refusal);
    }
    Ok(waiting(state, author, need)
        .await?
        .map(|title| (author, need, title)))
}

/// Applies the answer (`change`, which says whether it was allowed), tells
/// those still offering with `kind`, and shows `done`.
async fn answer<F>(
    state: &AppState,
    ctx: PageContext,
    (author, need, title): (UserId, NeedId, String),
    kind: Kind,
    done: Step,
    change: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut crate::db::DbConnection) -> diesel::QueryResult<bool> + Send + 'static,
{
    if !change_and_notify(state, need, author, kind, change).await? {
        return refused(ctx, Step::Answered);
    }
    let shown = Shown {
        need: Some((need, title)),
        ..Shown::step(done)
    };
    page(ctx, shown, StatusCode::OK)
}

/// `GET /mail/still-needed/{token}?answer=renew|close`.
pub async fn show(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let (_, need, title) = match open_question(&state, &token).await? {
        Ok(question) => question,
        Err(step) => return refused(ctx, step),
    };
    let step = match query_pairs(&req)?.get("answer").map(String::as_str) {
        Some("close") => Step::Close,
        _ => Step::Renew,
    };
    let shown = Shown {
        token,
        need: Some((need, title)),
        ..Shown::step(step)
    };
    page(ctx, shown, StatusCode::OK)
}

/// `POST /mail/still-needed/{token}/renew`: a new date, back on the board.
pub async fn renew(
    ctx: PageContext,
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(input): CsrfForm<RenewInput>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let (author, need, title) = match open_question(&state, &token).await? {
        Ok(question) => question,
        Err(step) => return refused(ctx, step),
    };
    let typed = NeedInput {
        when_kind: input.when_kind,
        date: input.date,
        ..NeedInput::default()
    };
    let when = match typed.parse_when_only(state.config.clock.today()) {
        Ok(when) => when,
        Err(errors) => {
            let shown = Shown {
                token,
                need: Some((need, title)),
                errors,
                typed,
                ..Shown::step(Step::Renew)
            };
            return page(ctx, shown, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    if let Err(wait) = state
        .limiter
        .member_take(author, NEED_EDITS_PER_ACCOUNT)
        .await?
    {
        return Err(AppError::RateLimited(wait));
    }
    let now = state.config.clock.now();
    let change =
        move |conn: &mut crate::db::DbConnection| ending::reopen(conn, need, author, when, now);
    answer(
        &state,
        ctx,
        (author, need, title),
        Kind::NeedChanged,
        Step::Renewed,
        change,
    )
    .await
}

/// `POST /mail/still-needed/{token}/close`: closed, with how it went.
pub async fn close(
    ctx: PageContext,
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(input): CsrfForm<CloseInput>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let (author, need, title) = match open_question(&state, &token).await? {
        Ok(question) => question,
        Err(step) => return refused(ctx, step),
    };
    let Some(outcome) = Outcome::parse(&input.outcome) else {
        let mut errors = FormErrors::default();
        errors.add("outcome", "Choose how it went.");
        let shown = Shown {
            token,
            need: Some((need, title)),
            errors,
            outcome: input.outcome,
            ..Shown::step(Step::Close)
        };
        return page(ctx, shown, StatusCode::UNPROCESSABLE_ENTITY);
    };
    if let Err(wait) = state
        .limiter
        .member_take(author, NEED_EDITS_PER_ACCOUNT)
        .await?
    {
        return Err(AppError::RateLimited(wait));
    }
    let now = state.config.clock.now();
    let change = move |conn: &mut crate::db::DbConnection| {
        ending::mark_done(conn, need, author, outcome, now)
    };
    answer(
        &state,
        ctx,
        (author, need, title),
        Kind::NeedDone,
        Step::Closed,
        change,
    )
    .await
}
