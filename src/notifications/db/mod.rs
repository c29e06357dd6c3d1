//! Every query of notifications.

pub mod mailing;
pub mod settings;

use diesel::prelude::*;

use super::view::{Entry, NotificationView, PREVIEW_MAX};
use super::{Kind, Notice};
use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::{moderation_log, needs, notifications, thanks, users};
use crate::kernel::identity::{Role, UserId};
use crate::kernel::ids::{LogEntryId, NeedId, NotificationId, OfferId};
use crate::kernel::words::excerpt;
use crate::modlog::Action;
use crate::policy::seeing::{OnTheBoard, on_the_board};

/// Stores one notice, in place of any unread notice it replaces (see
/// [`Kind::replaces`]); returns its id.
pub fn insert(
    conn: &mut DbConnection,
    notice: &Notice,
    now: Timestamp,
) -> QueryResult<NotificationId> {
    let replaced = notice.kind.replaces();
    if !replaced.is_empty() {
        let mut earlier = notifications::table
            .filter(notifications::user_id.eq(notice.to))
            .filter(notifications::read_at.is_null())
            .filter(notifications::kind.eq_any(replaced))
            .filter(notifications::log_id.is_null())
            .into_boxed();
        earlier = match notice.need {
            Some(need) => earlier.filter(notifications::need_id.eq(need)),
            None => earlier.filter(notifications::need_id.is_null()),
        };
        earlier = match notice.offer {
            Some(offer) => earlier.filter(notifications::offer_id.eq(offer)),
            None => earlier.filter(notifications::offer_id.is_null()),
        };
        earlier = match notice.actor {
            Some(actor) => earlier.filter(notifications::actor_id.eq(actor)),
            None => earlier.filter(notifications::actor_id.is_null()),
        };
        let ids: Vec<i64> = earlier.select(notifications::id).load(conn)?;
        if !ids.is_empty() {
            diesel::delete(notifications::table.filter(notifications::id.eq_any(ids)))
                .execute(conn)?;
        }
    }
    let insert = diesel::insert_into(notifications::table).values((
        notifications::user_id.eq(notice.to),
        notifications::kind.eq(notice.kind),
        notifications::need_id.eq(notice.need),
        notifications::offer_id.eq(notice.offer),
        notifications::actor_id.eq(notice.actor),
        notifications::created_at.eq(now),
    ));
    crate::insert_returning_id!(conn, insert, notifications::id).map(NotificationId)
}

/// Records a notice about moderation log entry `log_id` (never collapsed
/// with another).
pub fn insert_for_entry(
    conn: &mut DbConnection,
    to: UserId,
    kind: Kind,
    log_id: LogEntryId,
    need: Option<NeedId>,
    now: Timestamp,
) -> QueryResult<NotificationId> {
    let insert = diesel::insert_into(notifications::table).values((
        notifications::user_id.eq(to),
        notifications::kind.eq(kind),
        notifications::need_id.eq(need),
        notifications::log_id.eq(Some(log_id)),
        notifications::created_at.eq(now),
    ));
    crate::insert_returning_id!(conn, insert, notifications::id).map(NotificationId)
}

/// What someone wrote that a notice is about, for its preview: for a
/// message, the latest the actor wrote in the conversation by the time of
/// the notice (which is the one it tells of: each message's notice replaces
/// the unread one before it), or nothing when a moderator hid it; for an
/// offer, its note; for thanks, the note. A scalar subquery, the same in
/// both dialects, each an indexed lookup.
const PREVIEW: &str = "CASE notifications.kind \
    WHEN 'new_message' THEN (SELECT CASE WHEN m.hidden_reason IS NULL THEN m.body ELSE '' END \
        FROM messages m WHERE m.offer_id = notifications.offer_id \
        AND m.author_id = notifications.actor_id AND m.created_at <= notifications.created_at \
        ORDER BY m.id DESC LIMIT 1) \
    WHEN 'new_offer' THEN (SELECT o.message FROM offers o WHERE o.id = notifications.offer_id) \
    WHEN 'thanked' THEN (SELECT t.note FROM thanks t WHERE t.volunteer_id = notifications.user_id \
        AND t.need_id = notifications.need_id ORDER BY t.id DESC LIMIT 1) \
    END";

type Row = (
    NotificationId,
    Option<Kind>,
    Option<NeedId>,
    Option<OfferId>,
    Option<String>,
    Option<String>,
    Option<Role>,
    Timestamp,
    Option<Timestamp>,
    Option<LogEntryId>,
    Option<String>,
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
    views(conn, member, None, limit)
}

/// One of a member's notifications, if it is still theirs to see.
pub fn one(
    conn: &mut DbConnection,
    member: UserId,
    id: NotificationId,
) -> QueryResult<Option<NotificationView>> {
    Ok(views(conn, member, Some(id), 1)?.pop())
}

fn views(
    conn: &mut DbConnection,
    member: UserId,
    only: Option<NotificationId>,
    limit: i64,
) -> QueryResult<Vec<NotificationView>> {
    let mut query = notifications::table
        .left_join(needs::table)
        .left_join(users::table.on(users::id.nullable().eq(notifications::actor_id)))
        .left_join(
            moderation_log::table.on(moderation_log::id.nullable().eq(notifications::log_id)),
        )
        .filter(notifications::user_id.eq(member))
        .filter(visible_to(member))
        .order(notifications::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(id) = only {
        query = query.filter(notifications::id.eq(id));
    }
    let rows: Vec<Row> = query
        .select((
            notifications::id,
            notifications::kind.nullable(),
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
            diesel::dsl::sql::<diesel::sql_types::Nullable<diesel::sql_types::Text>>(PREVIEW),
        ))
        .load(conn)?;
    let mut views: Vec<NotificationView> = rows
        .into_iter()
        .filter_map(
            |(
                id,
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
                preview,
            )| {
                Some(NotificationView {
                    id,
                    kind: kind?,
                    need_id,
                    offer_id,
                    need_title: title.unwrap_or_default(),
                    actor_name: actor,
                    actor_role: actor_role.unwrap_or(Role::Member),
                    created_at,
                    unread: read_at.is_none(),
                    entry: log_id.map(|id| Entry {
                        id,
                        action: action.as_deref().and_then(Action::from_db),
                        summary: summary.unwrap_or_default(),
                        reason: reason.unwrap_or_default(),
                    }),
                    preview: excerpt(preview.as_deref().unwrap_or_default(), PREVIEW_MAX),
                    thanks_note: None,
                })
            },
        )
        .collect();
    add_thanks_notes(conn, member, &mut views)?;
    Ok(views)
}

/// Puts the note itself into each thank-you notification (a member is
/// thanked at most once per need).
fn add_thanks_notes(
    conn: &mut DbConnection,
    member: UserId,
    views: &mut [NotificationView],
) -> QueryResult<()> {
    let needs: Vec<NeedId> = views
        .iter()
        .filter(|v| v.kind == Kind::Thanked)
        .filter_map(|v| v.need_id)
        .collect();
    if needs.is_empty() {
        return Ok(());
    }
    let notes: Vec<(NeedId, String)> = thanks::table
        .filter(thanks::volunteer_id.eq(member))
        .filter(thanks::need_id.eq_any(&needs))
        .select((thanks::need_id, thanks::note))
        .load(conn)?;
    for view in views.iter_mut().filter(|v| v.kind == Kind::Thanked) {
        view.thanks_note = notes
            .iter()
            .find(|(need, _)| Some(*need) == view.need_id)
            .map(|(_, note)| note.clone());
    }
    Ok(())
}

/// Marks every notification about `need` read for everyone but its
/// author, when it is hidden: they no longer count as unread (and the list
/// leaves them out while it stays hidden).
pub fn settle_hidden_need(
    conn: &mut DbConnection,
    need: NeedId,
    now: Timestamp,
) -> QueryResult<()> {
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
fn visible_to(member: UserId) -> _ {
    let on_the_board: OnTheBoard = on_the_board();
    on_the_board.or(needs::author_id.nullable().eq(member))
}

/// Marks one of `member`'s notifications read (someone else's is left
/// alone).
pub fn mark_read(
    conn: &mut DbConnection,
    member: UserId,
    id: NotificationId,
    now: Timestamp,
) -> QueryResult<()> {
    diesel::update(
        notifications::table
            .filter(notifications::id.eq(id))
            .filter(notifications::user_id.eq(member))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(now))
    .execute(conn)
    .map(drop)
}

/// Marks read what `member` was shown: their notifications up to and
/// including `newest`. One that came after the page was made stays unread.
pub fn mark_read_up_to(
    conn: &mut DbConnection,
    member: UserId,
    newest: NotificationId,
    now: Timestamp,
) -> QueryResult<usize> {
    diesel::update(
        notifications::table
            .filter(notifications::user_id.eq(member))
            .filter(notifications::id.le(newest))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(now))
    .execute(conn)
}

/// The moderators and admins in good standing.
pub fn staff(conn: &mut DbConnection) -> QueryResult<Vec<UserId>> {
    users::table
        .filter(users::role.eq_any([Role::Moderator, Role::Admin]))
        .filter(users::standing.eq(crate::kernel::identity::Standing::Active))
        .select(users::id)
        .load::<i64>(conn)
        .map(|ids| ids.into_iter().map(UserId).collect())
}
