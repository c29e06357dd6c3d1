//! Actions on members themselves: deciding an application to join, and
//! warning, suspending, banning, or lifting a suspension or a ban.

use super::perform::{close_reports, entry, tell};
use super::{Act, may_act};
use crate::clock::{Clock, Timestamp};
use crate::db::DbConnection;
use crate::error::Refusal;
use crate::kernel::identity::{Role, SessionUser, Standing, UserId};
use crate::moderation::{Target, db};
use crate::modlog::{Action, record, record_with_public};
use crate::notifications::Kind;

/// Approves or turns down an application to join.
pub(super) fn application(
    conn: &mut DbConnection,
    actor: &SessionUser,
    act: Act,
    id: UserId,
    reason: &str,
    now: Timestamp,
) -> Result<(), Refusal> {
    let subject = db::actions::lock_subject(conn, id)?.ok_or(Refusal::NotFound)?;
    may_act(actor, &subject)?;
    if !db::actions::decide_application(conn, id, act == Act::Approve, reason)? {
        return Err(Refusal::Conflict(
            "This application has already been decided.",
        ));
    }
    let name = &subject.display_name;
    let (action, summary) = if act == Act::Approve {
        (
            Action::ApplicationApproved,
            format!("Approved {name}'s application to join."),
        )
    } else {
        (
            Action::ApplicationRejected,
            format!("Turned down {name}'s application to join."),
        )
    };
    let log = record(
        conn,
        &entry(actor, action, Target::Member(id), summary, reason, id),
        now,
    )?;
    if act == Act::Approve {
        crate::notifications::notify_of_entry(conn, id, Kind::ApplicationApproved, log, None, now)?;
    }
    Ok(())
}

/// Warns, suspends or bans a member, or lifts a suspension or a ban.
pub(super) fn member(
    conn: &mut DbConnection,
    actor: &SessionUser,
    act: Act,
    id: UserId,
    reason: &str,
    days: i64,
    clock: &Clock,
) -> Result<(), Refusal> {
    let now = clock.now();
    if act == Act::Ban {
        // The admins first, then the subject: two admins banning
        // each other at once would otherwise each hold the other's
        // row while waiting for their own (a deadlock on
        // PostgreSQL). This way one waits, then finds itself banned
        // or the last admin.
        db::lock_admins(conn)?;
    }
    let subject = db::actions::lock_subject(conn, id)?.ok_or(Refusal::NotFound)?;
    may_act(actor, &subject)?;
    if subject.standing.is_applicant() {
        return Err(Refusal::Conflict(
            "This is an application: approve it or turn it down instead.",
        ));
    }
    let name = subject.display_name.clone();
    let banned = subject.standing == Standing::Banned;
    let suspended = subject.suspended_until.is_some_and(|u| u > now);
    let (action, summary) = match act {
        Act::Warn => {
            db::actions::set_warning(conn, id, Some(reason))?;
            (Action::MemberWarned, format!("Warned {name}."))
        }
        Act::Suspend => {
            if banned {
                return Err(Refusal::Conflict("This member is banned already."));
            }
            let until = now.plus(days * 86_400);
            db::actions::set_suspension(conn, id, Some((until, reason)))?;
            let plural = if days == 1 { "day" } else { "days" };
            (
                Action::MemberSuspended,
                format!(
                    "Suspended {name} for {days} {plural}, until {}.",
                    crate::kernel::words::stamp(until, clock.zone())
                ),
            )
        }
        Act::Ban => {
            if banned {
                return Err(Refusal::Conflict("This member is banned already."));
            }
            if subject.role == Role::Admin && db::lock_admins(conn)?.len() <= 1 {
                return Err(Refusal::Conflict("The last admin cannot be banned."));
            }
            db::actions::ban(conn, id, reason, now)?;
            (Action::MemberBanned, format!("Banned {name}."))
        }
        _ => {
            if banned {
                db::actions::lift_ban(conn, id)?;
                (Action::BanLifted, format!("Lifted the ban on {name}."))
            } else if suspended {
                db::actions::set_suspension(conn, id, None)?;
                (
                    Action::SuspensionLifted,
                    format!("Lifted the suspension of {name}."),
                )
            } else {
                return Err(Refusal::Conflict(
                    "This member is neither suspended nor banned.",
                ));
            }
        }
    };
    // The public log, naming nobody, still says for how long.
    let unnamed = if act == Act::Suspend {
        let plural = if days == 1 { "day" } else { "days" };
        format!("A member was suspended for {days} {plural}.")
    } else {
        String::new()
    };
    let log = record_with_public(
        conn,
        &entry(actor, action, Target::Member(id), summary, reason, id),
        &unnamed,
        now,
    )?;
    tell(conn, id, log, None, now)?;
    if matches!(act, Act::Warn | Act::Suspend | Act::Ban) {
        close_reports(conn, Target::Member(id), log, now)?;
    }
    Ok(())
}
