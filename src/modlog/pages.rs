//! The log's pages: every entry for moderators, narrowed by a filter, and
//! the public log for members.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::db::{self, LogRow};
use super::{Action, EntryTarget};
use crate::AppState;
use crate::error::AppError;
use crate::kernel::ids::UserId;
use crate::web::context::PageContext;
use crate::web::extract::Moderator;
use crate::web::render;

/// Entries shown on the log page.
pub const LOG_PAGE: i64 = 200;

/// The moderators' log page.
#[derive(Template)]
#[template(path = "modlog/log.html")]
pub struct LogPage {
    ctx: PageContext,
    entries: Vec<(LogRow, String)>,
    actors: Vec<(UserId, String)>,
    actions: [Action; Action::ALL.len()],
    targets: [EntryTarget; EntryTarget::ALL.len()],
    form: LogFilterForm,
    filtered: bool,
}

impl LogPage {
    /// Whether the filter was narrowed to `target`.
    fn chose_target(&self, target: &EntryTarget) -> bool {
        EntryTarget::from_db(&self.form.target_kind) == Some(*target)
    }
}

/// The filter as typed, to show it back.
#[derive(Debug, Default)]
pub struct LogFilterForm {
    moderator: String,
    kind: String,
    target_kind: String,
    target_id: String,
    subject: String,
}

/// The public log page: (what was done, why, when) for each entry.
#[derive(Template)]
#[template(path = "modlog/public_log.html")]
pub struct PublicLogPage {
    ctx: PageContext,
    entries: Vec<(String, String, String)>,
    names: bool,
}

/// What the public log says an entry did: its summary, or, unless the
/// admin chose to name members, the words that name nobody for an entry
/// about a member (what was stored for it, else the action's own).
pub fn public_words(row: &db::PublicLogRow, names: bool) -> &str {
    if names || !row.about_a_member {
        &row.summary
    } else if row.public_summary.is_empty() {
        row.action.unnamed()
    } else {
        &row.public_summary
    }
}

/// `GET /modlog`: what moderators and admins did and why, for members,
/// without who did it, nor (unless the admin chose otherwise) to whom:
/// a neighbourhood is small, and a public log that names people shames
/// them. Its purpose is to show that the rules are applied.
pub async fn public_log(
    ctx: PageContext,
    state: web::Data<AppState>,
    _member: crate::web::extract::CurrentUser,
) -> Result<HttpResponse, AppError> {
    let public: Vec<Action> = Action::ALL.into_iter().filter(|a| a.is_public()).collect();
    let names = ctx.site.public_log_names;
    let entries = state
        .db
        .run(move |conn| Ok(db::public_log(conn, &public, LOG_PAGE)?))
        .await?
        .into_iter()
        .map(|row| {
            let when = state
                .config
                .clock
                .local(row.created_at)
                .format("%-d %B %Y")
                .to_string();
            (public_words(&row, names).to_owned(), row.reason, when)
        })
        .collect();
    render(
        StatusCode::OK,
        &PublicLogPage {
            ctx,
            entries,
            names,
        },
    )
}

/// `GET /moderation/log?moderator=&kind=&target_kind=&target_id=&subject=`:
/// every entry, newest first, for moderators, narrowed by who acted, what
/// was done, to what, or about whom.
pub async fn full_log(
    req: actix_web::HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    _moderator: Moderator,
) -> Result<HttpResponse, AppError> {
    let mut pairs = crate::web::extract::query_pairs(&req)?;
    let mut take = |name: &str| pairs.remove(name).unwrap_or_default().trim().to_owned();
    let form = LogFilterForm {
        moderator: take("moderator"),
        kind: take("kind"),
        target_kind: take("target_kind"),
        target_id: take("target_id"),
        subject: take("subject"),
    };
    let filter = db::LogFilter {
        actor: form.moderator.parse().ok().map(UserId),
        action: Action::from_db(&form.kind),
        target_kind: EntryTarget::from_db(&form.target_kind),
        target_id: form.target_id.parse().ok(),
        subject: form.subject.parse().ok().map(UserId),
    };
    let filtered = filter.actor.is_some()
        || filter.action.is_some()
        || filter.target_kind.is_some()
        || filter.target_id.is_some()
        || filter.subject.is_some();
    let (rows, actors) = state
        .db
        .run(move |conn| {
            Ok((
                db::recent_log(conn, &filter, LOG_PAGE)?,
                db::log_actors(conn)?,
            ))
        })
        .await?;
    let entries = rows
        .into_iter()
        .map(|row| {
            let when = crate::kernel::words::stamp(row.created_at, state.config.clock.zone());
            (row, when)
        })
        .collect();
    let page = LogPage {
        ctx,
        entries,
        actors,
        actions: Action::ALL,
        targets: EntryTarget::ALL,
        form,
        filtered,
    };
    render(StatusCode::OK, &page)
}
