//! Reports: what a member may report and what it said, storing a report,
//! the open ones for the queue, and closing them.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::{messages, needs, offers, reports, users};
use crate::kernel::identity::{Role, Standing};
use crate::kernel::ids::{MessageId, NeedId, OfferId, ReportId, UserId};
use crate::moderation::{ReportStatus, Target, TargetKind};
use crate::policy::seeing::on_the_board;

/// What a report is about, with what the reporter may see of it.
#[derive(Clone, Debug)]
pub struct ReportTarget {
    /// The text as it is now, kept with the report.
    pub snapshot: String,
    /// A short description for the form ("the need “…”").
    pub describe: String,
    /// Where the reporter goes back to.
    pub back: String,
}

/// A need the viewer may see.
pub fn need_target(
    conn: &mut DbConnection,
    id: NeedId,
) -> QueryResult<Option<(UserId, ReportTarget)>> {
    let row: Option<(UserId, String, String)> = needs::table
        .find(id)
        .filter(on_the_board())
        .select((needs::author_id, needs::title, needs::details))
        .first(conn)
        .optional()?;
    Ok(row.map(|(author, title, details)| {
        (
            author,
            ReportTarget {
                snapshot: format!("{title}\n\n{details}").trim().to_owned(),
                describe: format!("the need “{title}”"),
                back: format!("/needs/{id}"),
            },
        )
    }))
}

/// A message, if `viewer` is one of the two people in its conversation.
pub fn message_target(
    conn: &mut DbConnection,
    id: MessageId,
    viewer: UserId,
) -> QueryResult<Option<ReportTarget>> {
    let row: Option<(String, UserId, UserId, NeedId, OfferId)> = messages::table
        .inner_join(offers::table.inner_join(needs::table))
        .filter(messages::id.eq(id))
        .filter(messages::hidden_reason.is_null())
        .filter(on_the_board())
        .select((
            messages::body,
            offers::volunteer_id,
            needs::author_id,
            needs::id,
            offers::id,
        ))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(body, volunteer, author, need, offer)| {
        (viewer == volunteer || viewer == author).then(|| ReportTarget {
            snapshot: body,
            describe: "a message in your conversation".to_owned(),
            back: format!("/needs/{need}/offers/{offer}/messages"),
        })
    }))
}

/// A member's profile.
pub fn member_target(conn: &mut DbConnection, id: UserId) -> QueryResult<Option<ReportTarget>> {
    let row: Option<(String, String)> = users::table
        .find(id)
        .filter(users::standing.eq_any([Standing::Active, Standing::Banned]))
        .select((users::display_name, users::about))
        .first(conn)
        .optional()?;
    Ok(row.map(|(name, about)| ReportTarget {
        snapshot: format!("{name}\n\n{about}").trim().to_owned(),
        describe: name,
        back: format!("/people/{id}"),
    }))
}

/// A new report to store.
#[derive(Insertable)]
#[diesel(table_name = crate::db::schema::reports)]
pub struct NewReport<'a> {
    /// Who reports.
    pub reporter_id: UserId,
    /// What kind of thing is reported.
    pub target_kind: TargetKind,
    /// Which one (a need's, a message's or a member's id).
    pub target_id: i64,
    /// Reason word.
    pub reason: &'a str,
    /// Note.
    pub note: &'a str,
    /// The text as it was.
    pub snapshot: &'a str,
    /// Open, always.
    pub status: ReportStatus,
    /// When it was made.
    pub created_at: Timestamp,
}

/// Stores a report; `false` if the reporter already has one open on the target.
pub fn insert_report(conn: &mut DbConnection, report: &NewReport<'_>) -> QueryResult<bool> {
    let open: bool = diesel::select(diesel::dsl::exists(
        reports::table
            .filter(reports::reporter_id.eq(report.reporter_id))
            .filter(reports::target_kind.eq(report.target_kind))
            .filter(reports::target_id.eq(report.target_id))
            .filter(reports::status.eq(ReportStatus::Open)),
    ))
    .get_result(conn)?;
    if open {
        return Ok(false);
    }
    diesel::insert_into(reports::table)
        .values(report)
        .execute(conn)
        .map(|n| n == 1)
}

/// An open report, for the queue.
#[derive(Clone, Debug, Queryable)]
pub struct OpenReport {
    /// Id.
    pub id: ReportId,
    /// Who reported.
    pub reporter_name: String,
    /// Their role, for the badge beside their name.
    pub reporter_role: Role,
    /// Kind of target.
    pub target_kind: TargetKind,
    /// Target id.
    pub target_id: i64,
    /// Reason word.
    pub reason: String,
    /// Note.
    pub note: String,
    /// The text as it was.
    pub snapshot: String,
    /// When it was made.
    pub created_at: Timestamp,
}

impl OpenReport {
    /// What it is about.
    pub fn target(&self) -> Target {
        Target::new(self.target_kind, self.target_id)
    }
}

/// Open reports, oldest first.
pub fn open_reports(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<OpenReport>> {
    reports::table
        .inner_join(users::table.on(users::id.eq(reports::reporter_id)))
        .filter(reports::status.eq(ReportStatus::Open))
        .order(reports::id)
        .limit(limit)
        .select((
            reports::id,
            users::display_name,
            users::role,
            reports::target_kind,
            reports::target_id,
            reports::reason,
            reports::note,
            reports::snapshot,
            reports::created_at,
        ))
        .load(conn)
}

/// Closes every open report on a target as dismissed; returns the reporters.
pub fn dismiss_reports(
    conn: &mut DbConnection,
    target: Target,
    now: Timestamp,
) -> QueryResult<Vec<UserId>> {
    close_reports(conn, target, now, ReportStatus::Dismissed)
}

/// Closes every open report on a target with `status` (dismissed or
/// acted on), returning who had reported it.
pub fn close_reports(
    conn: &mut DbConnection,
    target: Target,
    now: Timestamp,
    status: ReportStatus,
) -> QueryResult<Vec<UserId>> {
    let open = reports::table
        .filter(reports::target_kind.eq(target.kind()))
        .filter(reports::target_id.eq(target.number()))
        .filter(reports::status.eq(ReportStatus::Open));
    let reporters: Vec<UserId> = open.select(reports::reporter_id).load(conn)?;
    diesel::update(open)
        .set((reports::status.eq(status), reports::resolved_at.eq(now)))
        .execute(conn)?;
    Ok(reporters)
}

/// Who wrote a reported need or message, and which need it belongs to:
/// (author id, author name and role, need id). For a member: themselves.
pub type Owner = (UserId, String, Role, Option<NeedId>);

/// The [`Owner`] of each reported need, message or member, in the order
/// asked (`None` where the target is gone): three reads however many
/// targets the review queue shows.
pub fn target_owners(
    conn: &mut DbConnection,
    targets: &[Target],
) -> QueryResult<Vec<Option<Owner>>> {
    let need_ids: Vec<NeedId> = targets
        .iter()
        .filter_map(|target| match target {
            Target::Need(id) => Some(*id),
            _ => None,
        })
        .collect();
    let message_ids: Vec<MessageId> = targets
        .iter()
        .filter_map(|target| match target {
            Target::Message(id) => Some(*id),
            _ => None,
        })
        .collect();
    let need_authors: HashMap<NeedId, UserId> = needs::table
        .filter(needs::id.eq_any(need_ids))
        .select((needs::id, needs::author_id))
        .load::<(NeedId, UserId)>(conn)?
        .into_iter()
        .collect();
    let message_authors: HashMap<MessageId, (UserId, NeedId)> = messages::table
        .inner_join(offers::table)
        .filter(messages::id.eq_any(message_ids))
        .select((messages::id, messages::author_id, offers::need_id))
        .load::<(MessageId, UserId, NeedId)>(conn)?
        .into_iter()
        .map(|(message, author, need)| (message, (author, need)))
        .collect();
    let author_and_need: Vec<Option<(UserId, Option<NeedId>)>> = targets
        .iter()
        .map(|target| match *target {
            Target::Need(id) => need_authors.get(&id).map(|author| (*author, Some(id))),
            Target::Message(id) => message_authors
                .get(&id)
                .map(|(author, need)| (*author, Some(*need))),
            Target::Member(id) => Some((id, None)),
        })
        .collect();
    let mut authors: Vec<UserId> = author_and_need.iter().flatten().map(|(a, _)| *a).collect();
    authors.sort_unstable();
    authors.dedup();
    let names: HashMap<UserId, (String, Role)> = users::table
        .filter(users::id.eq_any(authors))
        .select((users::id, users::display_name, users::role))
        .load::<(UserId, String, Role)>(conn)?
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
