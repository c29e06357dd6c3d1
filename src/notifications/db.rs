//! Every query of notifications.

use diesel::prelude::*;

use super::{Kind, Notice};
use crate::db::DbConnection;
use crate::db::schema::{moderation_log, needs, notifications, users};
use crate::kernel::identity::{Role, UserId};
use crate::needs::NeedId;

/// Stores one notice, in place of any unread notice it replaces (see
/// [`Kind::replaces`]).
pub fn insert(conn: &mut DbConnection, notice: &Notice, now: i64) -> QueryResult<()> {
    let replaced = notice.kind.replaces();
    if !replaced.is_empty() {
        let mut earlier = notifications::table
            .filter(notifications::user_id.eq(notice.to.0))
            .filter(notifications::read_at.is_null())
            .filter(notifications::kind.eq_any(replaced.iter().map(|k| k.as_str())))
            .filter(notifications::log_id.is_null())
            .into_boxed();
        earlier = match notice.need {
            Some(need) => earlier.filter(notifications::need_id.eq(need.0)),
            None => earlier.filter(notifications::need_id.is_null()),
        };
        earlier = match notice.offer {
            Some(offer) => earlier.filter(notifications::offer_id.eq(offer.0)),
            None => earlier.filter(notifications::offer_id.is_null()),
        };
        earlier = match notice.actor {
            Some(actor) => earlier.filter(notifications::actor_id.eq(actor.0)),
            None => earlier.filter(notifications::actor_id.is_null()),
        };
        let ids: Vec<i64> = earlier.select(notifications::id).load(conn)?;
        if !ids.is_empty() {
            diesel::delete(notifications::table.filter(notifications::id.eq_any(ids)))
                .execute(conn)?;
        }
    }
    diesel::insert_into(notifications::table)
        .values((
            notifications::user_id.eq(notice.to.0),
            notifications::kind.eq(notice.kind.as_str()),
            notifications::need_id.eq(notice.need.map(|n| n.0)),
            notifications::offer_id.eq(notice.offer.map(|o| o.0)),
            notifications::actor_id.eq(notice.actor.map(|a| a.0)),
            notifications::created_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// Records a notice about moderation log entry `log_id` (never collapsed
/// with another).
pub fn insert_for_entry(
    conn: &mut DbConnection,
    to: UserId,
    kind: Kind,
    log_id: i64,
    need: Option<NeedId>,
    now: i64,
) -> QueryResult<()> {
    diesel::insert_into(notifications::table)
        .values((
            notifications::user_id.eq(to.0),
            notifications::kind.eq(kind.as_str()),
            notifications::need_id.eq(need.map(|n| n.0)),
            notifications::log_id.eq(Some(log_id)),
            notifications::created_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// A notification ready to show.
#[derive(Clone, Debug)]
pub struct NotificationView {
    /// What happened.
    pub kind: Kind,
    /// The need's id.
    pub need_id: Option<i64>,
    /// The offer's id.
    pub offer_id: Option<i64>,
    /// The need's title.
    pub need_title: String,
    /// Who did it.
    pub actor_name: Option<String>,
    /// Their role, for the badge beside their name.
    pub actor_role: Role,
    /// Unix seconds.
    pub created_at: i64,
    /// Not yet seen.
    pub unread: bool,
    /// The moderation entry it tells about.
    pub entry: Option<Entry>,
}

/// A moderation log entry, as a notification tells it.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Its id (what an appeal names).
    pub id: i64,
    /// The action word.
    pub action: String,
    /// What was done, as the log says it.
    pub summary: String,
    /// Why.
    pub reason: String,
}

impl Entry {
    /// " The reason given: …" when there is one.
    fn because(&self) -> String {
        if self.reason.is_empty() {
            String::new()
        } else {
            format!(" The reason given: {}", self.reason)
        }
    }

    /// What the moderator did, said to the member it was done to.
    fn to_member(&self, need_title: &str) -> String {
        let because = self.because();
        let need = if need_title.is_empty() {
            "your need".to_owned()
        } else {
            format!("your need “{need_title}”")
        };
        match self.action.as_str() {
            "need_hidden" => format!("A moderator hid {need}.{because}"),
            "need_restored" => format!("A moderator restored {need}; everyone can see it again."),
            "message_hidden" => {
                format!("A moderator hid one of your messages about “{need_title}”.{because}")
            }
            "message_restored" => {
                format!("A moderator restored your message about “{need_title}”.")
            }
            "member_warned" => format!("A moderator warned you.{because}"),
            "member_suspended" => format!(
                "A moderator suspended your account: for now you can read, but not post, volunteer or send messages.{because}"
            ),
            "member_banned" => format!("A moderator banned your account.{because}"),
            "suspension_lifted" => format!("A moderator lifted your suspension.{because}"),
            "ban_lifted" => format!("A moderator lifted the ban on your account.{because}"),
            _ => format!(
                "A moderator acted on your account: {}{because}",
                self.summary
            ),
        }
    }

    /// Whether the member may appeal it.
    fn appealable(&self) -> bool {
        crate::modlog::Action::from_db(&self.action).is_some_and(|a| a.is_appealable())
    }
}

impl NotificationView {
    /// For a notification about what a member did, the sentence that
    /// follows their name (shown with its role badge); `None` for others.
    pub fn deed(&self) -> Option<String> {
        let what = &self.need_title;
        Some(match self.kind {
            Kind::NewOffer => format!("offered to help with “{what}”."),
            Kind::OfferAccepted => format!("accepted your offer to help with “{what}”."),
            Kind::OfferDeclined => format!("declined your offer to help with “{what}”."),
            Kind::VolunteerWithdrew => format!("withdrew their offer to help with “{what}”."),
            Kind::NewMessage => format!("sent you a message about “{what}”."),
            Kind::NeedChanged => format!("changed “{what}”, which you offered to help with."),
            Kind::NeedCancelled => format!("cancelled “{what}”."),
            Kind::NeedDone => format!("marked “{what}” as done."),
            Kind::Thanked => format!("thanked you for helping with “{what}”."),
            _ => return None,
        })
    }

    /// One sentence saying what happened.
    pub fn sentence(&self) -> String {
        let who = self.actor_name.as_deref().unwrap_or("Someone");
        let what = &self.need_title;
        match self.kind {
            Kind::NewOffer
            | Kind::OfferAccepted
            | Kind::OfferDeclined
            | Kind::VolunteerWithdrew
            | Kind::NewMessage
            | Kind::NeedChanged
            | Kind::NeedCancelled
            | Kind::NeedDone
            | Kind::Thanked => format!("{who} {}", self.deed().unwrap_or_default()),
            Kind::StillNeeded => format!("The date of “{what}” has passed. Is it still needed?"),
            Kind::NeedFilled => {
                format!("“{what}” has all the helpers it needs now. Thank you for offering.")
            }
            Kind::ReportDismissed if what.is_empty() => {
                "A moderator looked into your report and did not need to act. Thank you for looking out for neighbours.".to_owned()
            }
            Kind::ReportDismissed => format!(
                "A moderator looked into your report about “{what}” and did not need to act. Thank you for looking out for neighbours."
            ),
            Kind::ReportActioned => match &self.entry {
                Some(entry) => format!(
                    "A moderator acted on your report: {} Thank you for looking out for neighbours.",
                    entry.summary
                ),
                None => "A moderator acted on your report. Thank you for looking out for neighbours.".to_owned(),
            },
            Kind::ModerationAction => match &self.entry {
                Some(entry) => entry.to_member(what),
                None => "A moderator acted on your account.".to_owned(),
            },
            Kind::ApplicationApproved => {
                "Your application was approved. Welcome, neighbour!".to_owned()
            }
            Kind::AppealDecided => match &self.entry {
                Some(entry) if entry.action == "appeal_granted" => format!(
                    "Your appeal was granted: the moderators' action was undone.{}",
                    entry.because()
                ),
                Some(entry) => format!(
                    "Your appeal was decided: the moderators' action stands.{}",
                    entry.because()
                ),
                None => "Your appeal was decided.".to_owned(),
            },
        }
    }

    /// Where the notification leads.
    pub fn link(&self) -> String {
        match (self.kind, self.need_id, self.offer_id) {
            (Kind::NewMessage, Some(need), Some(offer)) => {
                format!("/needs/{need}/offers/{offer}/messages")
            }
            (Kind::ReportDismissed | Kind::ReportActioned, _, _) => "/modlog".to_owned(),
            (Kind::ModerationAction, need, _) => match &self.entry {
                Some(entry) if entry.appealable() => format!("/appeals/new?entry={}", entry.id),
                _ => need.map_or_else(|| "/".to_owned(), |n| format!("/needs/{n}")),
            },
            (Kind::ApplicationApproved | Kind::AppealDecided, _, _) => "/".to_owned(),
            (_, Some(need), _) => format!("/needs/{need}"),
            _ => "/".to_owned(),
        }
    }
}

type Row = (
    String,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<Role>,
    i64,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// A member's latest notifications, newest first.
pub fn recent(
    conn: &mut DbConnection,
    member: UserId,
    limit: i64,
) -> QueryResult<Vec<NotificationView>> {
    let rows: Vec<Row> = notifications::table
        .left_join(needs::table)
        .left_join(users::table.on(users::id.nullable().eq(notifications::actor_id)))
        .left_join(
            moderation_log::table.on(moderation_log::id.nullable().eq(notifications::log_id)),
        )
        .filter(notifications::user_id.eq(member.0))
        .filter(visible_to(member.0))
        .order(notifications::id.desc())
        .limit(limit)
        .select((
            notifications::kind,
            notifications::need_id,
            notifications::offer_id,
            needs::title.nullable(),
            users::display_name.nullable(),
            users::role.nullable(),
            notifications::created_at,
            notifications::read_at,
            notifications::log_id,
            moderation_log::action.nullable(),
            moderation_log::summary.nullable(),
            moderation_log::reason.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(
                kind,
                need_id,
                offer_id,
                title,
                actor,
                actor_role,
                created_at,
                read_at,
                log_id,
                action,
                summary,
                reason,
            )| {
                Some(NotificationView {
                    kind: Kind::from_db(&kind)?,
                    need_id,
                    offer_id,
                    need_title: title.unwrap_or_default(),
                    actor_name: actor,
                    actor_role: actor_role.unwrap_or(Role::Member),
                    created_at,
                    unread: read_at.is_none(),
                    entry: log_id.map(|id| Entry {
                        id,
                        action: action.unwrap_or_default(),
                        summary: summary.unwrap_or_default(),
                        reason: reason.unwrap_or_default(),
                    }),
                })
            },
        )
        .collect())
}

/// Marks every notification about `need` read for everyone but its
/// author, when it is hidden: they no longer count as unread (and the list
/// leaves them out while it stays hidden).
pub fn settle_hidden_need(conn: &mut DbConnection, need: i64, now: i64) -> QueryResult<()> {
    let author = needs::table.find(need).select(needs::author_id);
    diesel::update(
        notifications::table
            .filter(notifications::need_id.eq(need))
            .filter(notifications::read_at.is_null())
            .filter(notifications::user_id.ne_all(author)),
    )
    .set(notifications::read_at.eq(now))
    .execute(conn)
    .map(drop)
}

/// Notifications about a hidden need vanish for everyone but its author.
#[diesel::dsl::auto_type]
fn visible_to(member: i64) -> _ {
    needs::hidden
        .is_null()
        .or(needs::author_id.nullable().eq(member))
}

/// Marks everything read.
pub fn mark_all_read(conn: &mut DbConnection, member: UserId, now: i64) -> QueryResult<()> {
    diesel::update(
        notifications::table
            .filter(notifications::user_id.eq(member.0))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(now))
    .execute(conn)
    .map(drop)
}
