//! Queries of moderation actions: applications, hiding, warnings,
//! suspensions, bans and appeals.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{appeals, messages, moderation_log, needs, offers, reports, users};
use crate::insert_returning_id;
use crate::kernel::identity::{Role, Standing, UserId};
use crate::needs::NeedStatus;

/// Who a member is, for deciding whether one may act on them.
#[derive(Clone, Debug, Queryable)]
pub struct Subject {
    /// Id.
    pub id: i64,
    /// Name.
    pub display_name: String,
    /// Role word.
    pub role: String,
    /// Standing word.
    pub standing: String,
    /// End of a suspension, if any (maybe past).
    pub suspended_until: Option<i64>,
}

/// A member, to act on.
pub fn subject(conn: &mut DbConnection, id: i64) -> QueryResult<Option<Subject>> {
    users::table
        .find(id)
        .select((
            users::id,
            users::display_name,
            users::role,
            users::standing,
            users::suspended_until,
        ))
        .first(conn)
        .optional()
}

/// A member's row, locked against concurrent changes on PostgreSQL until
/// the transaction ends (SQLite's write transactions run one at a time).
pub fn lock_subject(conn: &mut DbConnection, id: i64) -> QueryResult<Option<Subject>> {
    let query = users::table.find(id).select((
        users::id,
        users::display_name,
        users::role,
        users::standing,
        users::suspended_until,
    ));
    match conn {
        DbConnection::Sqlite(c) => query.first(c).optional(),
        DbConnection::Pg(c) => query.for_update().first(c).optional(),
    }
}

/// A need, for hiding: (author, title, hidden kind).
pub fn need_for_action(
    conn: &mut DbConnection,
    id: i64,
) -> QueryResult<Option<(i64, String, Option<String>)>> {
    needs::table
        .find(id)
        .select((needs::author_id, needs::title, needs::hidden))
        .first(conn)
        .optional()
}

/// Hides a need (or shows it again with `None`), if it is still hidden
/// as `was` says (`None`: not hidden); `false` if someone changed it first.
/// The guard makes two moderators acting at once do it once.
pub fn set_need_hidden(
    conn: &mut DbConnection,
    id: i64,
    was: Option<&str>,
    hidden: Option<(&str, &str)>,
) -> QueryResult<bool> {
    let (kind, reason) = match hidden {
        Some((kind, reason)) => (Some(kind), reason),
        None => (None, ""),
    };
    let target = needs::table.find(id);
    let set = (needs::hidden.eq(kind), needs::hidden_reason.eq(reason));
    let changed = match was {
        Some(was) => diesel::update(target.filter(needs::hidden.eq(was)))
            .set(set)
            .execute(conn)?,
        None => diesel::update(target.filter(needs::hidden.is_null()))
            .set(set)
            .execute(conn)?,
    };
    Ok(changed == 1)
}

/// A message, as hiding it needs it.
#[derive(Clone, Debug, Queryable)]
pub struct MessageForAction {
    /// Who wrote it.
    pub author_id: i64,
    /// The need of its conversation.
    pub need_id: i64,
    /// The offer of its conversation.
    pub offer_id: i64,
    /// The need's title.
    pub need_title: String,
    /// Why it is hidden, if it is.
    pub hidden_reason: Option<String>,
}

/// A message, for hiding.
pub fn message_for_action(
    conn: &mut DbConnection,
    id: i64,
) -> QueryResult<Option<MessageForAction>> {
    messages::table
        .inner_join(offers::table.inner_join(needs::table))
        .filter(messages::id.eq(id))
        .select((
            messages::author_id,
            needs::id,
            offers::id,
            needs::title,
            messages::hidden_reason,
        ))
        .first(conn)
        .optional()
}

/// Whether moderators may act on a private message: only while someone has
/// an open report about it, or after a moderator has already acted on it
/// (to restore it, or to hide it again). Conversations are private, and
/// message ids are sequential: without this a moderator could hide or
/// restore any message by guessing its number.
pub fn message_open_to_moderators(conn: &mut DbConnection, id: i64) -> QueryResult<bool> {
    let reported = diesel::select(diesel::dsl::exists(
        reports::table
            .filter(reports::status.eq("open"))
            .filter(reports::target_kind.eq("message"))
            .filter(reports::target_id.eq(id)),
    ))
    .get_result::<bool>(conn)?;
    if reported {
        return Ok(true);
    }
    diesel::select(diesel::dsl::exists(
        moderation_log::table
            .filter(moderation_log::target_kind.eq("message"))
            .filter(moderation_log::target_id.eq(id)),
    ))
    .get_result(conn)
}

/// Hides a message (or shows it again with `None`), if it is not already
/// in that state; `false` if it was.
pub fn set_message_hidden(
    conn: &mut DbConnection,
    id: i64,
    reason: Option<&str>,
) -> QueryResult<bool> {
    let target = messages::table.find(id);
    let changed = if reason.is_some() {
        diesel::update(target.filter(messages::hidden_reason.is_null()))
            .set(messages::hidden_reason.eq(reason))
            .execute(conn)?
    } else {
        diesel::update(target.filter(messages::hidden_reason.is_not_null()))
            .set(messages::hidden_reason.eq(reason))
            .execute(conn)?
    };
    Ok(changed == 1)
}

/// Sets (or clears) the warning a member sees until they acknowledge it.
pub fn set_warning(conn: &mut DbConnection, id: i64, warning: Option<&str>) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::warning.eq(warning))
        .execute(conn)
        .map(drop)
}

/// Suspends a member until `until` (or lifts it with `None`).
pub fn set_suspension(
    conn: &mut DbConnection,
    id: i64,
    suspension: Option<(i64, &str)>,
) -> QueryResult<()> {
    let (until, reason) = match suspension {
        Some((until, reason)) => (Some(until), reason),
        None => (None, ""),
    };
    diesel::update(users::table.find(id))
        .set((
            users::suspended_until.eq(until),
            users::suspension_reason.eq(reason),
        ))
        .execute(conn)?;
    if suspension.is_some() {
        // Like a ban, a suspension ends every session: whoever is using the
        // account logs in again and meets the suspension banner.
        crate::web::db::end_all_sessions(conn, UserId(id))?;
    }
    Ok(())
}

/// Bans a member: every session ends and their live needs are hidden.
pub fn ban(conn: &mut DbConnection, id: i64, reason: &str, now: i64) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::standing.eq(Standing::Banned),
            users::standing_reason.eq(reason),
        ))
        .execute(conn)?;
    crate::web::db::end_all_sessions(conn, UserId(id))?;
    crate::accounts::db::forget_devices(conn, UserId(id))?;
    let live = needs::table
        .filter(needs::author_id.eq(id))
        .filter(needs::status.eq_any([NeedStatus::Open, NeedStatus::Filled]))
        .filter(needs::hidden.is_null());
    let hidden: Vec<i64> = live.clone().select(needs::id).load(conn)?;
    diesel::update(live)
        .set((
            needs::hidden.eq("ban"),
            needs::hidden_reason.eq("Its author was banned."),
        ))
        .execute(conn)?;
    for need in hidden {
        crate::notifications::db::settle_hidden_need(conn, crate::kernel::ids::NeedId(need), now)?;
    }
    Ok(())
}

/// Lifts a ban: the member may log in again and the needs the ban hid return.
pub fn lift_ban(conn: &mut DbConnection, id: i64) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::standing.eq(Standing::Active),
            users::standing_reason.eq(""),
        ))
        .execute(conn)?;
    diesel::update(
        needs::table
            .filter(needs::author_id.eq(id))
            .filter(needs::hidden.eq("ban")),
    )
    .set((
        needs::hidden.eq(None::<String>),
        needs::hidden_reason.eq(""),
    ))
    .execute(conn)
    .map(drop)
}

/// Decides a pending application: `false` if it was no longer pending.
pub fn decide_application(
    conn: &mut DbConnection,
    id: i64,
    approve: bool,
    reason: &str,
) -> QueryResult<bool> {
    let standing = if approve {
        Standing::Active
    } else {
        Standing::Rejected
    };
    diesel::update(
        users::table
            .find(id)
            .filter(users::standing.eq(Standing::Pending)),
    )
    .set((
        users::standing.eq(standing),
        users::standing_reason.eq(if approve { "" } else { reason }),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// An application waiting in the queue.
#[derive(Clone, Debug, Queryable)]
pub struct Application {
    /// The applicant's id.
    pub id: i64,
    /// Their name.
    pub display_name: String,
    /// Their e-mail.
    pub email: String,
    /// Their answer.
    pub application: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// Pending applications, oldest first.
pub fn pending_applications(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<Application>> {
    users::table
        .filter(users::standing.eq(Standing::Pending))
        .order(users::id)
        .limit(limit)
        .select((
            users::id,
            users::display_name,
            users::email,
            users::application,
            users::created_at,
        ))
        .load(conn)
}

/// An applicant's own view: (standing, reason, answer).
pub fn application_of(
    conn: &mut DbConnection,
    id: UserId,
) -> QueryResult<(String, String, String)> {
    users::table
        .find(id.0)
        .select((users::standing, users::standing_reason, users::application))
        .first(conn)
}

/// A moderation entry as an appeal needs it.
#[derive(Clone, Debug, Queryable)]
pub struct Entry {
    /// Id.
    pub id: i64,
    /// Who acted.
    pub actor_id: i64,
    /// Action word.
    pub action: String,
    /// Target kind.
    pub target_kind: String,
    /// Target id.
    pub target_id: Option<i64>,
    /// What was done.
    pub summary: String,
    /// Why.
    pub reason: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Who it was about.
    pub subject_id: Option<i64>,
}

/// One entry of the log.
pub fn entry(conn: &mut DbConnection, id: i64) -> QueryResult<Option<Entry>> {
    moderation_log::table
        .find(id)
        .select((
            moderation_log::id,
            moderation_log::actor_id,
            moderation_log::action,
            moderation_log::target_kind,
            moderation_log::target_id,
            moderation_log::summary,
            moderation_log::reason,
            moderation_log::created_at,
            moderation_log::subject_id,
        ))
        .first(conn)
        .optional()
}

/// The latest entry of `action` about `subject`.
pub fn latest_entry(
    conn: &mut DbConnection,
    subject: UserId,
    action: &str,
) -> QueryResult<Option<Entry>> {
    moderation_log::table
        .filter(moderation_log::subject_id.eq(subject.0))
        .filter(moderation_log::action.eq(action))
        .order(moderation_log::id.desc())
        .select((
            moderation_log::id,
            moderation_log::actor_id,
            moderation_log::action,
            moderation_log::target_kind,
            moderation_log::target_id,
            moderation_log::summary,
            moderation_log::reason,
            moderation_log::created_at,
            moderation_log::subject_id,
        ))
        .first(conn)
        .optional()
}

/// The newest entry of `action` on a target, if any.
pub fn latest_on_target(
    conn: &mut DbConnection,
    kind: &str,
    target: i64,
    action: &str,
) -> QueryResult<Option<i64>> {
    moderation_log::table
        .filter(moderation_log::target_kind.eq(kind))
        .filter(moderation_log::target_id.eq(target))
        .filter(moderation_log::action.eq(action))
        .order(moderation_log::id.desc())
        .select(moderation_log::id)
        .first(conn)
        .optional()
}

/// Entries about a member, newest first: (entry, action word, when).
pub fn entries_about(conn: &mut DbConnection, subject: i64, limit: i64) -> QueryResult<Vec<Entry>> {
    moderation_log::table
        .filter(moderation_log::subject_id.eq(subject))
        .order(moderation_log::id.desc())
        .limit(limit)
        .select((
            moderation_log::id,
            moderation_log::actor_id,
            moderation_log::action,
            moderation_log::target_kind,
            moderation_log::target_id,
            moderation_log::summary,
            moderation_log::reason,
            moderation_log::created_at,
            moderation_log::subject_id,
        ))
        .load(conn)
}

/// Stores an appeal; `false` if this entry was already appealed.
pub fn insert_appeal(
    conn: &mut DbConnection,
    log_id: i64,
    appellant: UserId,
    message: &str,
    now: i64,
) -> QueryResult<bool> {
    let taken: bool = diesel::select(diesel::dsl::exists(
        appeals::table.filter(appeals::log_id.eq(log_id)),
    ))
    .get_result(conn)?;
    if taken {
        return Ok(false);
    }
    let insert = diesel::insert_into(appeals::table).values((
        appeals::log_id.eq(log_id),
        appeals::appellant_id.eq(appellant.0),
        appeals::message.eq(message),
        appeals::status.eq("pending"),
        appeals::created_at.eq(now),
    ));
    match insert_returning_id!(conn, insert, appeals::id) {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Which of these entries were appealed already.
pub fn appealed(conn: &mut DbConnection, log_ids: &[i64]) -> QueryResult<Vec<i64>> {
    appeals::table
        .filter(appeals::log_id.eq_any(log_ids))
        .select(appeals::log_id)
        .load(conn)
}

/// The appeal against an entry, if there is one: (status, why it was decided so).
pub fn appeal_against(
    conn: &mut DbConnection,
    log_id: i64,
) -> QueryResult<Option<(String, String)>> {
    appeals::table
        .filter(appeals::log_id.eq(log_id))
        .select((appeals::status, appeals::decision_reason))
        .first(conn)
        .optional()
}

/// An appeal waiting in the queue.
#[derive(Clone, Debug, Queryable)]
pub struct PendingAppeal {
    /// Id.
    pub id: i64,
    /// The entry appealed.
    pub log_id: i64,
    /// Who appeals.
    pub appellant_id: i64,
    /// Their name.
    pub appellant_name: String,
    /// Their role, for the badge beside their name.
    pub appellant_role: Role,
    /// Their message.
    pub message: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Who acted.
    pub actor_id: i64,
    /// What was done.
    pub summary: String,
    /// Why.
    pub reason: String,
}

/// Pending appeals, oldest first.
pub fn pending_appeals(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<PendingAppeal>> {
    appeals::table
        .inner_join(users::table.on(users::id.eq(appeals::appellant_id)))
        .inner_join(moderation_log::table.on(moderation_log::id.eq(appeals::log_id)))
        .filter(appeals::status.eq("pending"))
        .order(appeals::id)
        .limit(limit)
        .select((
            appeals::id,
            appeals::log_id,
            appeals::appellant_id,
            users::display_name,
            users::role,
            appeals::message,
            appeals::created_at,
            moderation_log::actor_id,
            moderation_log::summary,
            moderation_log::reason,
        ))
        .load(conn)
}

/// A pending appeal's entry id and appellant, locked on PostgreSQL.
pub fn lock_pending_appeal(conn: &mut DbConnection, id: i64) -> QueryResult<Option<(i64, i64)>> {
    let query = appeals::table
        .find(id)
        .filter(appeals::status.eq("pending"))
        .select((appeals::log_id, appeals::appellant_id));
    match conn {
        DbConnection::Sqlite(c) => query.first(c).optional(),
        DbConnection::Pg(c) => query.for_update().first(c).optional(),
    }
}

/// Records the decision on an appeal.
pub fn decide_appeal(
    conn: &mut DbConnection,
    id: i64,
    overturned: bool,
    by: UserId,
    reason: &str,
    now: i64,
) -> QueryResult<bool> {
    diesel::update(
        appeals::table
            .find(id)
            .filter(appeals::status.eq("pending")),
    )
    .set((
        appeals::status.eq(if overturned { "overturned" } else { "upheld" }),
        appeals::decided_by.eq(Some(by.0)),
        appeals::decision_reason.eq(reason),
        appeals::decided_at.eq(Some(now)),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Who wrote a reported need or message, and which need it belongs to:
/// (author id, author name and role, need id). For a member: themselves.
pub type Owner = (i64, String, Role, Option<i64>);

/// The [`Owner`] of each reported need, message or member, in the order
/// asked (`None` where the target is gone): three reads however many
/// targets the review queue shows.
pub fn target_owners(
    conn: &mut DbConnection,
    targets: &[(String, i64)],
) -> QueryResult<Vec<Option<Owner>>> {
    let ids_of = |kind: &str| -> Vec<i64> {
        targets
            .iter()
            .filter(|(k, _)| k == kind)
            .map(|(_, id)| *id)
            .collect()
    };
    let need_authors: HashMap<i64, i64> = needs::table
        .filter(needs::id.eq_any(ids_of("need")))
        .select((needs::id, needs::author_id))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .collect();
    let message_authors: HashMap<i64, (i64, i64)> = messages::table
        .inner_join(offers::table)
        .filter(messages::id.eq_any(ids_of("message")))
        .select((messages::id, messages::author_id, offers::need_id))
        .load::<(i64, i64, i64)>(conn)?
        .into_iter()
        .map(|(message, author, need)| (message, (author, need)))
        .collect();
    let author_and_need: Vec<Option<(i64, Option<i64>)>> = targets
        .iter()
        .map(|(kind, id)| match kind.as_str() {
            "need" => need_authors.get(id).map(|author| (*author, Some(*id))),
            "message" => message_authors
                .get(id)
                .map(|(author, need)| (*author, Some(*need))),
            _ => Some((*id, None)),
        })
        .collect();
    let mut authors: Vec<i64> = author_and_need.iter().flatten().map(|(a, _)| *a).collect();
    authors.sort_unstable();
    authors.dedup();
    let names: HashMap<i64, (String, Role)> = users::table
        .filter(users::id.eq_any(authors))
        .select((users::id, users::display_name, users::role))
        .load::<(i64, String, Role)>(conn)?
        .into_iter()
        .map(|(id, name, role)| (id, (name, role)))
        .collect();
    Ok(author_and_need
        .into_iter()
        .map(|found| {
            let (author, need) = found?;
            let (name, role) = names.get(&author)?.clone();
            Some((author, name, role, need))
        })
        .collect())
}
