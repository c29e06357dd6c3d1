//! The moderation log: every moderator and admin action, who did it, to
//! what, and why. Nothing in the application edits or deletes an entry,
//! and the database refuses to (triggers on both backends).

pub mod db;
pub mod pages;
mod target;
mod unnamed;

pub use target::EntryTarget;

use actix_web::web;
use diesel::deserialize::FromSqlRow;
use diesel::expression::AsExpression;
use diesel::sql_types::Text;

use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::kernel::identity::UserId;
use crate::kernel::ids::LogEntryId;

/// Registers the log's pages.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/moderation/log", web::get().to(pages::full_log))
        .route("/modlog", web::get().to(pages::public_log));
}

/// What was done, stored as a word in the log's `action` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
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

    /// Reads a stored word; `None` if it is none of these.
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

crate::text_column!(Action, fallible);

/// One entry to append.
#[derive(Clone, Debug)]
pub struct LogEntry {
    /// Who acted.
    pub actor: UserId,
    /// What was done.
    pub action: Action,
    /// What kind of thing it was done to.
    pub target_kind: EntryTarget,
    /// Which one (a need's, a member's, … id, as `target_kind` says).
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
pub fn record(
    conn: &mut DbConnection,
    entry: &LogEntry,
    now: Timestamp,
) -> diesel::QueryResult<LogEntryId> {
    db::append_log(conn, entry, "", now)
}

/// [`record`], with what the public log says of it when it names nobody
/// ("A member was suspended for 7 days."), for an entry about a member
/// whose details the action's own words ([`Action::unnamed`]) leave out.
pub fn record_with_public(
    conn: &mut DbConnection,
    entry: &LogEntry,
    unnamed: &str,
    now: Timestamp,
) -> diesel::QueryResult<LogEntryId> {
    db::append_log(conn, entry, unnamed, now)
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
    fn an_action_is_stored_as_its_word_and_an_unknown_word_is_refused() {
        use diesel::dsl::sql;
        use diesel::prelude::*;
        use diesel::sql_types::Text;

        let mut conn = SqliteConnection::establish(":memory:").expect("in-memory database");
        for action in Action::ALL {
            let read: Action = diesel::select(action.into_sql::<Text>())
                .get_result(&mut conn)
                .expect("written and read");
            assert_eq!(read, action);
        }
        let unknown: QueryResult<Action> =
            diesel::select(sql::<Text>("'deleted_everything'")).get_result(&mut conn);
        assert!(unknown.is_err());
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
