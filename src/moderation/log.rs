//! The moderation log: every moderator and admin action, who did it, to
//! what, and why. Nothing in the application edits or deletes an entry,
//! and the database refuses to (triggers on both backends).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::db::{self, LogRow};
use crate::AppState;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::kernel::identity::UserId;
use crate::web::context::PageContext;
use crate::web::extract::Moderator;
use crate::web::render;

/// What was done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Site settings changed.
    SettingsChanged,
    /// A category added.
    CategoryAdded,
    /// A category renamed.
    CategoryRenamed,
    /// A category moved in the list.
    CategoryMoved,
    /// A category retired.
    CategoryRetired,
    /// A retired category restored.
    CategoryRestored,
    /// A member's role changed.
    RoleChanged,
    /// A member logged out everywhere by an admin.
    SessionsEnded,
    /// Reports looked into and closed without action.
    ReportsDismissed,
    /// An application to join approved.
    ApplicationApproved,
    /// An application to join turned down.
    ApplicationRejected,
    /// A need hidden.
    NeedHidden,
    /// A hidden need restored.
    NeedRestored,
    /// A message hidden.
    MessageHidden,
    /// A hidden message restored.
    MessageRestored,
    /// A member warned.
    MemberWarned,
    /// A member suspended for a while.
    MemberSuspended,
    /// A member banned.
    MemberBanned,
    /// A suspension lifted.
    SuspensionLifted,
    /// A ban lifted.
    BanLifted,
    /// An appeal decided: the action stands.
    AppealUpheld,
    /// An appeal decided: the action undone.
    AppealGranted,
    /// An invite code revoked.
    InviteRevoked,
}

impl Action {
    /// Every action, in no particular order.
    pub const ALL: [Action; 23] = [
        Self::SettingsChanged,
        Self::CategoryAdded,
        Self::CategoryRenamed,
        Self::CategoryMoved,
        Self::CategoryRetired,
        Self::CategoryRestored,
        Self::RoleChanged,
        Self::SessionsEnded,
        Self::ReportsDismissed,
        Self::ApplicationApproved,
        Self::ApplicationRejected,
        Self::NeedHidden,
        Self::NeedRestored,
        Self::MessageHidden,
        Self::MessageRestored,
        Self::MemberWarned,
        Self::MemberSuspended,
        Self::MemberBanned,
        Self::SuspensionLifted,
        Self::BanLifted,
        Self::AppealUpheld,
        Self::AppealGranted,
        Self::InviteRevoked,
    ];

    /// Reads a stored word.
    pub fn from_db(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == word)
    }

    /// Whether the member it was about may appeal it.
    pub fn is_appealable(self) -> bool {
        matches!(
            self,
            Self::NeedHidden
                | Self::MessageHidden
                | Self::MemberWarned
                | Self::MemberSuspended
                | Self::MemberBanned
        )
    }

    /// How the log's filter names it.
    pub fn label(self) -> &'static str {
        match self {
            Self::SettingsChanged => "Settings changed",
            Self::CategoryAdded => "Category added",
            Self::CategoryRenamed => "Category renamed",
            Self::CategoryMoved => "Category moved",
            Self::CategoryRetired => "Category retired",
            Self::CategoryRestored => "Category restored",
            Self::RoleChanged => "Role changed",
            Self::SessionsEnded => "Logged out everywhere",
            Self::ReportsDismissed => "Reports dismissed",
            Self::ApplicationApproved => "Application approved",
            Self::ApplicationRejected => "Application turned down",
            Self::NeedHidden => "Need hidden",
            Self::NeedRestored => "Need restored",
            Self::MessageHidden => "Message hidden",
            Self::MessageRestored => "Message restored",
            Self::MemberWarned => "Member warned",
            Self::MemberSuspended => "Member suspended",
            Self::MemberBanned => "Member banned",
            Self::SuspensionLifted => "Suspension lifted",
            Self::BanLifted => "Ban lifted",
            Self::AppealUpheld => "Appeal refused: action stands",
            Self::AppealGranted => "Appeal granted: action undone",
            Self::InviteRevoked => "Invite revoked",
        }
    }

    /// Whether members may read about it in the public log. Logging
    /// someone out is a private security matter; the rest is the
    /// neighbourhood's business.
    pub fn is_public(self) -> bool {
        !matches!(
            self,
            Self::SessionsEnded
                | Self::ApplicationApproved
                | Self::ApplicationRejected
                | Self::InviteRevoked
        )
    }

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SettingsChanged => "settings_changed",
            Self::CategoryAdded => "category_added",
            Self::CategoryRenamed => "category_renamed",
            Self::CategoryMoved => "category_moved",
            Self::CategoryRetired => "category_retired",
            Self::CategoryRestored => "category_restored",
            Self::RoleChanged => "role_changed",
            Self::SessionsEnded => "sessions_ended",
            Self::ReportsDismissed => "reports_dismissed",
            Self::ApplicationApproved => "application_approved",
            Self::ApplicationRejected => "application_rejected",
            Self::NeedHidden => "need_hidden",
            Self::NeedRestored => "need_restored",
            Self::MessageHidden => "message_hidden",
            Self::MessageRestored => "message_restored",
            Self::MemberWarned => "member_warned",
            Self::MemberSuspended => "member_suspended",
            Self::MemberBanned => "member_banned",
            Self::SuspensionLifted => "suspension_lifted",
            Self::BanLifted => "ban_lifted",
            Self::AppealUpheld => "appeal_upheld",
            Self::AppealGranted => "appeal_granted",
            Self::InviteRevoked => "invite_revoked",
        }
    }
}

/// One entry to append.
#[derive(Clone, Debug)]
pub struct LogEntry {
    /// Who acted.
    pub actor: UserId,
    /// What was done.
    pub action: Action,
    /// What kind of thing it was done to (`site`, `category`, …).
    pub target_kind: &'static str,
    /// Which one.
    pub target_id: Option<i64>,
    /// What was done, in words fit for the public log.
    pub summary: String,
    /// Why (may be empty for routine admin changes).
    pub reason: String,
    /// The member the action was about, if any (who may appeal it).
    pub subject: Option<UserId>,
}

/// Appends `entry`, in the caller's transaction, so the action and its
/// record stand or fall together.
pub fn record(conn: &mut DbConnection, entry: &LogEntry, now: i64) -> diesel::QueryResult<i64> {
    db::append_log(conn, entry, now)
}

/// Entries shown on the log page.
pub const LOG_PAGE: i64 = 200;

/// The moderators' log page.
#[derive(Template)]
#[template(path = "moderation/log.html")]
pub struct LogPage {
    ctx: PageContext,
    entries: Vec<(LogRow, String)>,
    actors: Vec<(i64, String)>,
    actions: [Action; Action::ALL.len()],
    form: LogFilterForm,
    filtered: bool,
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

/// Kinds of target an entry can be about.
pub const TARGET_KINDS: [(&str, &str); 7] = [
    ("need", "A need"),
    ("message", "A message"),
    ("member", "A member"),
    ("category", "A category"),
    ("site", "The site"),
    ("invite", "An invite code"),
    ("appeal", "An appeal"),
];

/// The public log page.
#[derive(Template)]
#[template(path = "moderation/public_log.html")]
pub struct PublicLogPage {
    ctx: PageContext,
    entries: Vec<(db::PublicLogRow, String)>,
}

/// `GET /modlog`: what moderators and admins did and why, for members,
/// without who did it.
pub async fn public_log(
    ctx: PageContext,
    state: web::Data<AppState>,
    _member: crate::web::extract::CurrentUser,
) -> Result<HttpResponse, AppError> {
    let public: Vec<&'static str> = Action::ALL
        .iter()
        .filter(|a| a.is_public())
        .map(|a| a.as_str())
        .collect();
    let entries = state
        .db
        .run(move |conn| Ok(db::public_log(conn, &public, LOG_PAGE)?))
        .await?
        .into_iter()
        .map(|row| {
            let when = crate::clock::local(row.created_at)
                .format("%-d %B %Y")
                .to_string();
            (row, when)
        })
        .collect();
    render(StatusCode::OK, &PublicLogPage { ctx, entries })
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
        actor: form.moderator.parse().ok(),
        action: Action::from_db(&form.kind).map(Action::as_str),
        target_kind: TARGET_KINDS
            .iter()
            .find(|(k, _)| *k == form.target_kind)
            .map(|(k, _)| (*k).to_owned()),
        target_id: form.target_id.parse().ok(),
        subject: form.subject.parse().ok(),
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
            let when = crate::clock::local(row.created_at)
                .format("%-d %B %Y, %H:%M")
                .to_string();
            (row, when)
        })
        .collect();
    let page = LogPage {
        ctx,
        entries,
        actors,
        actions: Action::ALL,
        form,
        filtered,
    };
    render(StatusCode::OK, &page)
}

#[cfg(test)]
mod tests {
    use super::Action;

    #[test]
    fn every_action_round_trips_through_its_word_and_has_a_label() {
        for action in Action::ALL {
            assert_eq!(Action::from_db(action.as_str()), Some(action));
            assert!(!action.label().is_empty());
        }
        assert_eq!(Action::from_db("deleted_everything"), None);
    }

    #[test]
    fn only_actions_against_a_member_or_what_they_wrote_can_be_appealed() {
        let appealable: Vec<Action> = Action::ALL
            .into_iter()
            .filter(|a| a.is_appealable())
            .collect();
        assert_eq!(
            appealable,
            [
                Action::NeedHidden,
                Action::MessageHidden,
                Action::MemberWarned,
                Action::MemberSuspended,
                Action::MemberBanned
            ]
        );
        assert!(!Action::AppealUpheld.is_appealable());
    }
}
