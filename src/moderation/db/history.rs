//! A member's record as moderators see it: reports about them or what they
//! wrote, moderation entries about them, who invited them and whom they
//! invited.

use diesel::prelude::*;

use super::entries;
use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::{messages, needs, reports, users};
use crate::kernel::identity::Role;
use crate::kernel::ids::{MessageId, NeedId, UserId};
use crate::moderation::{ReportStatus, TargetKind};

/// A member's record, for moderators.
pub struct History {
    /// Reports about them or what they wrote: (what, reason, note, status, when).
    pub reports: Vec<(String, String, String, String, Timestamp)>,
    /// Moderation entries about them.
    pub actions: Vec<entries::Entry>,
    /// Who invited them: (id, name, role).
    pub invited_by: Option<(UserId, String, Role)>,
    /// Whom they invited: (id, name, role).
    pub invited: Vec<(UserId, String, Role)>,
}

/// What moderators see of a member's past.
pub fn person_history(conn: &mut DbConnection, id: UserId, limit: i64) -> QueryResult<History> {
    let need_ids: Vec<NeedId> = needs::table
        .filter(needs::author_id.eq(id))
        .select(needs::id)
        .load(conn)?;
    let message_ids: Vec<MessageId> = messages::table
        .filter(messages::author_id.eq(id))
        .select(messages::id)
        .load(conn)?;
    let rows: Vec<(TargetKind, i64, String, String, ReportStatus, Timestamp)> = reports::table
        .filter(
            (reports::target_kind
                .eq(TargetKind::Member)
                .and(reports::target_id.eq(id)))
            .or(reports::target_kind
                .eq(TargetKind::Need)
                .and(reports::target_id.eq_any(need_ids)))
            .or(reports::target_kind
                .eq(TargetKind::Message)
                .and(reports::target_id.eq_any(message_ids))),
        )
        .order(reports::id.desc())
        .limit(limit)
        .select((
            reports::target_kind,
            reports::target_id,
            reports::reason,
            reports::note,
            reports::status,
            reports::created_at,
        ))
        .load(conn)?;
    let reports = rows
        .into_iter()
        .map(|(kind, target, reason, note, status, when)| {
            let what = match kind {
                TargetKind::Member => "them".to_owned(),
                TargetKind::Need => format!("their need #{target}"),
                TargetKind::Message => format!("a {kind} of theirs (#{target})"),
            };
            let reason = crate::moderation::reports::REASONS
                .iter()
                .find(|(word, _)| *word == reason)
                .map_or(reason, |(_, label)| (*label).to_owned());
            let status = status.words().to_owned();
            (what, reason, note, status, when)
        })
        .collect();
    let actions = entries::entries_about(conn, id, limit)?;
    let inviter: Option<Option<UserId>> = users::table
        .find(id)
        .select(users::invited_by)
        .first(conn)
        .optional()?;
    let invited_by = match inviter.flatten() {
        Some(inviter) => users::table
            .find(inviter)
            .select((users::id, users::display_name, users::role))
            .first(conn)
            .optional()?,
        None => None,
    };
    let invited = users::table
        .filter(users::invited_by.eq(id))
        .order(users::id)
        .limit(limit)
        .select((users::id, users::display_name, users::role))
        .load(conn)?;
    Ok(History {
        reports,
        actions,
        invited_by,
        invited,
    })
}
