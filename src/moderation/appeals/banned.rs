//! A banned member's page: why they were banned, since when, and the form
//! to appeal the ban, confirmed with their password since they cannot log in.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{MESSAGE_MAX, appealable};
use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::UserId;
use crate::kernel::text::clean_multiline;
use crate::moderation::AppealStatus;
use crate::moderation::db::{self, entries::Entry};
use crate::modlog::Action;
use crate::web::context::PageContext;
use crate::web::extract::CsrfForm;
use crate::web::fields::FormErrors;
use crate::web::render;

/// What a banned member is shown instead of being logged in.
#[derive(Template)]
#[template(path = "accounts/banned.html")]
pub struct BannedPage {
    ctx: PageContext,
    reason: String,
    since: String,
    email: String,
    /// Why no appeal can be made, if it cannot.
    closed: Option<&'static str>,
    /// Why the ban was upheld, once an appeal against it was decided so.
    upheld: Option<String>,
    message: String,
    errors: FormErrors,
}

/// What a banned member is told: the reason, since when, why no appeal
/// can be made (if it cannot) and why an appeal was turned down (if it was).
struct Ban {
    reason: String,
    since: String,
    closed: Option<&'static str>,
    upheld: Option<String>,
    entry: Option<Entry>,
}

/// The ban on `member`, and whether it may still be appealed.
async fn ban_of(state: &AppState, member: UserId) -> Result<Ban, AppError> {
    let now = state.config.clock.now();
    let (reason, entry, appeal) = state
        .db
        .run(move |conn| {
            let (_, reason, _) = db::actions::application_of(conn, member)?;
            let entry = db::entries::latest_entry(conn, member, Action::MemberBanned)?;
            let appeal = match &entry {
                Some(e) => db::appeals::appeal_against(conn, e.id)?,
                None => None,
            };
            Ok((reason, entry, appeal))
        })
        .await?;
    let since = entry
        .as_ref()
        .map(|e| {
            state
                .config
                .clock
                .local(e.created_at)
                .format("%-d %B %Y")
                .to_string()
        })
        .unwrap_or_default();
    let closed = match (&entry, &appeal) {
        (None, _) => Some("This ban cannot be appealed."),
        (Some(_), Some((AppealStatus::Pending, _))) => {
            Some("Your appeal has been received; a moderator will decide it.")
        }
        (Some(_), Some(_)) => Some("Your appeal was decided: the ban stands."),
        (Some(e), None) => appealable(e, member, now).err(),
    };
    let upheld = appeal
        .filter(|(status, _)| *status == AppealStatus::Upheld)
        .map(|(_, why)| why);
    Ok(Ban {
        reason,
        since,
        closed,
        upheld,
        entry,
    })
}

/// The page a banned member sees after giving the right password.
pub async fn banned_page(
    state: &AppState,
    ctx: PageContext,
    member: UserId,
    email: String,
) -> Result<HttpResponse, AppError> {
    let Ban {
        reason,
        since,
        closed,
        upheld,
        ..
    } = ban_of(state, member).await?;
    let page = BannedPage {
        ctx,
        reason,
        since,
        email,
        closed,
        upheld,
        message: String::new(),
        errors: FormErrors::default(),
    };
    render(StatusCode::FORBIDDEN, &page)
}

/// What the banned member's appeal form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BanAppealInput {
    email: String,
    password: String,
    message: String,
}

/// `POST /appeals/ban`: a banned member's appeal, with their password.
pub async fn submit_ban(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CsrfForm(input): CsrfForm<BanAppealInput>,
) -> Result<HttpResponse, AppError> {
    let member =
        crate::accounts::login::check_password(&req, &state, &input.email, &input.password)
            .await?
            .filter(|(_, standing)| *standing == crate::kernel::identity::Standing::Banned)
            .map(|(id, _)| id);
    let Some(member) = member else {
        // Whatever was wrong (no such account, a wrong password, an account
        // that is not banned), the answer is the same, and reveals no
        // account; what was typed is kept.
        let mut errors = FormErrors::default();
        errors.add(
            "password",
            "That email and password do not match a banned account. Check the password and try again.",
        );
        let page = BannedPage {
            ctx,
            reason: String::new(),
            since: String::new(),
            email: input.email,
            closed: None,
            upheld: None,
            message: input.message,
            errors,
        };
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let Ban {
        reason,
        since,
        closed,
        upheld,
        entry,
    } = ban_of(&state, member).await?;
    let mut errors = FormErrors::default();
    let message = clean_multiline(&input.message);
    if message.is_empty() {
        errors.add("message", "Say why you think the ban was wrong.");
    } else if message.chars().count() > MESSAGE_MAX {
        errors.add("message", "Keep your appeal to 2,000 characters or fewer.");
    }
    let mut sent = false;
    if let (None, Some(entry), true) = (closed, &entry, errors.is_empty()) {
        let (id, now) = (entry.id, state.config.clock.now());
        sent = state
            .db
            .write(move |conn| {
                let filed = db::appeals::insert_appeal(conn, id, member, &message, now)?;
                if filed {
                    crate::notifications::tell_staff(
                        conn,
                        crate::notifications::Kind::NewAppeal,
                        Some(member),
                        now,
                    )?;
                }
                Ok(filed)
            })
            .await?;
    }
    let page = BannedPage {
        ctx,
        reason,
        since,
        email: input.email,
        closed: if sent {
            Some("Your appeal has been received; a moderator will decide it.")
        } else {
            closed
        },
        upheld,
        message: if sent { String::new() } else { input.message },
        errors,
    };
    render(StatusCode::FORBIDDEN, &page)
}
