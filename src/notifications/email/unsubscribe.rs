//! One-click unsubscribe: `/mail/unsubscribe/{token}`, without logging in.
//!
//! The token is signed for one member, the purpose "unsubscribe" and one
//! topic, and expires. A `GET` (what a person's click, or a mail scanner,
//! does) shows a page that offers fewer e-mails first ("send these in my
//! daily digest instead") and then none ("stop these e-mails"); a `POST`
//! does the one chosen (`choice=digest`), or turns the topic off (the
//! button, or a mail program's one-click request under RFC 8058, which
//! names no choice). It carries no CSRF token: the signed token is the
//! permission, and sending less mail is all it can do.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::super::db::settings as stored;
use super::super::topics::{Choice, Topic};
use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::UserId;
use crate::kernel::signed::{Refused, Signer};
use crate::web::context::PageContext;
use crate::web::render;

/// What unsubscribe tokens are signed for.
pub const PURPOSE: &str = "unsubscribe";

/// Where the unsubscribe page stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Asking: the button.
    Asking,
    /// Done.
    Done,
    /// The link is not one of ours.
    Invalid,
    /// The link is too old.
    Expired,
}

/// The unsubscribe page.
#[derive(Template)]
#[template(path = "notifications/unsubscribe.html")]
pub struct UnsubscribePage {
    ctx: PageContext,
    step: Step,
    topic: String,
    token: String,
    /// Whether "in my daily digest instead" is offered (asking), or was
    /// chosen (done).
    digest: bool,
}

/// What the page's forms send; a mail program's one-click request sends
/// `List-Unsubscribe=One-Click` and no choice.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Chosen {
    choice: String,
}

/// What a link turns off: one topic, or everything in the digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Topic(Topic),
    Digest,
}

impl Target {
    fn words(self) -> String {
        match self {
            Self::Topic(topic) => topic.label().to_lowercase(),
            Self::Digest => "your daily digest (everything you chose to get in it)".to_owned(),
        }
    }
}

fn checked(state: &AppState, token: &str) -> Result<(UserId, Target), Step> {
    let now = state.config.clock.now();
    let claim =
        state
            .part::<Signer>()
            .check(token, PURPOSE, now)
            .map_err(|refused| match refused {
                Refused::Invalid => Step::Invalid,
                Refused::Expired => Step::Expired,
            })?;
    let target = if claim.object == super::digest::DIGEST_OBJECT {
        Target::Digest
    } else {
        Target::Topic(Topic::from_word(&claim.object).ok_or(Step::Invalid)?)
    };
    Ok((UserId(claim.user), target))
}

fn page(
    ctx: PageContext,
    step: Step,
    target: Option<Target>,
    token: String,
    digest: bool,
) -> Result<HttpResponse, AppError> {
    let status = match step {
        Step::Asking | Step::Done => StatusCode::OK,
        Step::Invalid => StatusCode::NOT_FOUND,
        Step::Expired => StatusCode::GONE,
    };
    let topic = target.map_or_else(String::new, Target::words);
    render(
        status,
        &UnsubscribePage {
            ctx,
            step,
            topic,
            token,
            digest,
        },
    )
}

/// `GET /mail/unsubscribe/{token}`: the page with the button.
pub async fn show(
    ctx: PageContext,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    match checked(&state, &token) {
        Ok((_, target)) => {
            let digest =
                matches!(target, Target::Topic(t) if t.choices().contains(&Choice::Digest));
            page(ctx, Step::Asking, Some(target), token, digest)
        }
        Err(step) => page(ctx, step, None, String::new(), false),
    }
}

/// `POST /mail/unsubscribe/{token}`: turns the topic off.
pub async fn unsubscribe(
    req: actix_web::HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: Option<web::Form<Chosen>>,
) -> Result<HttpResponse, AppError> {
    let address = crate::web::client::address_key(crate::web::client::client_addr(
        &req,
        &state.config.trusted_proxies,
    ));
    if let Err(wait) = state
        .limiter
        .take(
            &format!("mail-links:{address}"),
            crate::web::ratelimit::MAIL_LINKS_PER_ADDRESS,
        )
        .await?
    {
        return Err(AppError::RateLimited(wait));
    }
    let token = path.into_inner();
    let (user, target) = match checked(&state, &token) {
        Ok(found) => found,
        Err(step) => return page(ctx, step, None, String::new(), false),
    };
    let to_digest = form.is_some_and(|f| f.choice == "digest")
        && matches!(target, Target::Topic(t) if t.choices().contains(&Choice::Digest));
    state
        .db
        .write(move |conn| {
            let mut settings = stored::load(conn, user)?;
            match target {
                Target::Topic(topic) if to_digest => settings.set(topic, Choice::Digest),
                Target::Topic(topic) => settings.set(topic, Choice::Off),
                Target::Digest => {
                    for topic in Topic::ALL {
                        if settings.choice(topic) == Choice::Digest {
                            settings.set(topic, Choice::Off);
                        }
                    }
                }
            }
            stored::save(conn, user, &settings)
        })
        .await?;
    page(ctx, Step::Done, Some(target), String::new(), to_digest)
}
