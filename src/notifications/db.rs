//! Every query of notifications.

use diesel::prelude::*;

use super::{Kind, Notice};
use crate::accounts::UserId;
use crate::db::DbConnection;
use crate::db::schema::{moderation_log, needs, notifications, users};

/// Stores one notice.
pub fn insert(conn: &mut DbConnection, notice: &Notice, now: i64) -> QueryResult<()> {
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
    /// Unix seconds.
    pub created_at: i64,
    /// Not yet seen.
    pub unread: bool,
    /// The moderation entry it tells about: (id, summary, reason).
    pub entry: Option<(i64, String, String)>,
}

impl NotificationView {
    /// One sentence saying what happened.
    pub fn sentence(&self) -> String {
        let who = self.actor_name.as_deref().unwrap_or("Someone");
        let what = &self.need_title;
        match self.kind {
            Kind::NewOffer => format!("{who} offered to help with “{what}”."),
            Kind::OfferAccepted => format!("{who} accepted your offer to help with “{what}”."),
            Kind::OfferDeclined => format!("{who} declined your offer to help with “{what}”."),
            Kind::VolunteerWithdrew => format!("{who} withdrew their offer to help with “{what}”."),
            Kind::NewMessage => format!("{who} sent you a message about “{what}”."),
            Kind::NeedChanged => format!("{who} changed “{what}”, which you offered to help with."),
            Kind::NeedCancelled => format!("{who} cancelled “{what}”."),
            Kind::NeedDone => format!("{who} marked “{what}” as done."),
            Kind::Thanked => format!("{who} thanked you for helping with “{what}”."),
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
                Some((_, summary, _)) => format!(
                    "A moderator acted on your report. {summary} Thank you for looking out for neighbours."
                ),
                None => "A moderator acted on your report. Thank you for looking out for neighbours.".to_owned(),
            },
            Kind::ModerationAction => match &self.entry {
                Some((_, summary, reason)) if reason.is_empty() => format!("A moderator: {summary}"),
                Some((_, summary, reason)) => {
                    format!("A moderator: {summary} The reason given: {reason}")
                }
                None => "A moderator acted on your account.".to_owned(),
            },
            Kind::ApplicationApproved => {
                "Your application was approved. Welcome, neighbour!".to_owned()
            }
            Kind::AppealDecided => match &self.entry {
                Some((_, summary, reason)) => {
                    format!("Your appeal was decided. {summary} The reason given: {reason}")
                }
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
            (Kind::ModerationAction, _, _) => match &self.entry {
                Some((id, _, _)) => format!("/appeals/new?entry={id}"),
                None => "/".to_owned(),
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
    i64,
    Option<i64>,
    Option<i64>,
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
            notifications::created_at,
            notifications::read_at,
            notifications::log_id,
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
                created_at,
                read_at,
                log_id,
                summary,
                reason,
            )| {
                Some(NotificationView {
                    kind: Kind::from_db(&kind)?,
                    need_id,
                    offer_id,
                    need_title: title.unwrap_or_default(),
                    actor_name: actor,
                    created_at,
                    unread: read_at.is_none(),
                    entry: log_id
                        .map(|id| (id, summary.unwrap_or_default(), reason.unwrap_or_default())),
                })
            },
        )
        .collect())
}

/// How many notifications the member has not seen.
pub fn unread_count(conn: &mut DbConnection, member: UserId) -> QueryResult<i64> {
    notifications::table
        .left_join(needs::table)
        .filter(notifications::user_id.eq(member.0))
        .filter(visible_to(member.0))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
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
