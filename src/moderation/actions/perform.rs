//! Doing an action: checking it may be done, changing what it changes,
//! logging it, telling the member it was about and closing the reports
//! on its target, all in one transaction.

use super::{Act, Refusal, may_act};
use crate::kernel::identity::{Role, SessionUser, Standing, UserId};
use crate::moderation::db;
use crate::moderation::{HiddenBy, ReportStatus, TargetKind};
use crate::modlog::{Action, EntryTarget, LogEntry, record};
use crate::notifications::Kind;

/// A human date for summaries.
fn date(unix: i64) -> String {
    crate::clock::local(unix)
        .format("%-d %B %Y, %H:%M")
        .to_string()
}

/// Does the action, logs it and tells everyone concerned, all in one
/// transaction.
pub fn perform(
    conn: &mut crate::db::DbConnection,
    actor: &SessionUser,
    act: Act,
    id: i64,
    reason: &str,
    days: i64,
    now: i64,
) -> Result<(), Refusal> {
    let entry = |action, target_kind: TargetKind, summary: String, subject: i64| LogEntry {
        actor: actor.id,
        action,
        target_kind: EntryTarget::from(target_kind).as_str(),
        target_id: Some(id),
        summary,
        reason: reason.to_owned(),
        subject: Some(UserId(subject)),
    };
    match act {
        Act::HideNeed | Act::RestoreNeed => {
            let (author, _title, hidden) =
                db::hiding::need_for_action(conn, id)?.ok_or(Refusal::NotFound)?;
            let subject = db::actions::subject(conn, author)?.ok_or(Refusal::NotFound)?;
            may_act(actor, &subject)?;
            // The public log names the need by number: repeating the title
            // of a need hidden for what it says would undo the hiding.
            let (action, summary) = if act == Act::HideNeed {
                if hidden.is_some()
                    || !db::hiding::set_need_hidden(
                        conn,
                        id,
                        None,
                        Some((HiddenBy::Moderator, reason)),
                    )?
                {
                    return Err(Refusal::Refused("This need is already hidden."));
                }
                crate::notifications::db::settle_hidden_need(conn, id, now)?;
                (Action::NeedHidden, format!("Hid need #{id}."))
            } else {
                match hidden {
                    None => return Err(Refusal::Refused("This need is not hidden.")),
                    Some(HiddenBy::Ban) => {
                        return Err(Refusal::Refused(
                            "This need was hidden because its author is banned; lifting the ban restores it.",
                        ));
                    }
                    Some(_) if subject.standing == Standing::Banned => {
                        return Err(Refusal::Refused(
                            "Its author is banned: lift the ban first, then restore the need.",
                        ));
                    }
                    Some(was) => {
                        if !db::hiding::set_need_hidden(conn, id, Some(was), None)? {
                            return Err(Refusal::Refused("This need is not hidden."));
                        }
                    }
                }
                (Action::NeedRestored, format!("Restored need #{id}."))
            };
            let log = record(conn, &entry(action, TargetKind::Need, summary, author), now)?;
            tell(conn, author, log, Some(id), now)?;
            if act == Act::HideNeed {
                close_reports(conn, TargetKind::Need, id, log, now)?;
            }
        }
        Act::HideMessage | Act::RestoreMessage => {
            // A private message is a moderator's business only through a
            // report (or an earlier action on it); otherwise it is not there.
            if !db::hiding::message_open_to_moderators(conn, id)? {
                return Err(Refusal::NotFound);
            }
            let message = db::hiding::message_for_action(conn, id)?.ok_or(Refusal::NotFound)?;
            let (author, need) = (message.author_id, message.need_id);
            let subject = db::actions::subject(conn, author)?.ok_or(Refusal::NotFound)?;
            may_act(actor, &subject)?;
            let (action, summary) = if act == Act::HideMessage {
                if !db::hiding::set_message_hidden(conn, id, Some(reason))? {
                    return Err(Refusal::Refused("This message is already hidden."));
                }
                (
                    Action::MessageHidden,
                    format!("Hid a message in a conversation about need #{need}."),
                )
            } else {
                if !db::hiding::set_message_hidden(conn, id, None)? {
                    return Err(Refusal::Refused("This message is not hidden."));
                }
                (
                    Action::MessageRestored,
                    format!("Restored a message in a conversation about need #{need}."),
                )
            };
            let log = record(
                conn,
                &entry(action, TargetKind::Message, summary, author),
                now,
            )?;
            tell(conn, author, log, Some(need), now)?;
            if act == Act::HideMessage {
                close_reports(conn, TargetKind::Message, id, log, now)?;
            }
        }
        Act::Approve | Act::Reject => {
            let subject = db::actions::lock_subject(conn, id)?.ok_or(Refusal::NotFound)?;
            may_act(actor, &subject)?;
            if !db::actions::decide_application(conn, id, act == Act::Approve, reason)? {
                return Err(Refusal::Refused(
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
            let log = record(conn, &entry(action, TargetKind::Member, summary, id), now)?;
            if act == Act::Approve {
                crate::notifications::notify_of_entry(
                    conn,
                    UserId(id),
                    Kind::ApplicationApproved,
                    log,
                    None,
                    now,
                )?;
            }
        }
        Act::Warn | Act::Suspend | Act::Ban | Act::Lift => {
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
                return Err(Refusal::Refused(
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
                        return Err(Refusal::Refused("This member is banned already."));
                    }
                    let until = now + days * 86_400;
                    db::actions::set_suspension(conn, id, Some((until, reason)))?;
                    let plural = if days == 1 { "day" } else { "days" };
                    (
                        Action::MemberSuspended,
                        format!(
                            "Suspended {name} for {days} {plural}, until {}.",
                            date(until)
                        ),
                    )
                }
                Act::Ban => {
                    if banned {
                        return Err(Refusal::Refused("This member is banned already."));
                    }
                    if subject.role == Role::Admin && db::lock_admins(conn)?.len() <= 1 {
                        return Err(Refusal::Refused("The last admin cannot be banned."));
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
                        return Err(Refusal::Refused(
                            "This member is neither suspended nor banned.",
                        ));
                    }
                }
            };
            let log = record(conn, &entry(action, TargetKind::Member, summary, id), now)?;
            tell(conn, id, log, None, now)?;
            if matches!(act, Act::Warn | Act::Suspend | Act::Ban) {
                close_reports(conn, TargetKind::Member, id, log, now)?;
            }
        }
    }
    Ok(())
}

/// Tells the member an action was about.
fn tell(
    conn: &mut crate::db::DbConnection,
    to: i64,
    log: i64,
    need: Option<i64>,
    now: i64,
) -> diesel::QueryResult<()> {
    crate::notifications::notify_of_entry(
        conn,
        UserId(to),
        Kind::ModerationAction,
        log,
        need.map(crate::needs::NeedId),
        now,
    )
}

/// Closes the open reports on a target as acted on, and tells each reporter.
/// The notice names no need: the entry says what was done, and a notice
/// tied to a need that is now hidden would be hidden from the reporter too.
fn close_reports(
    conn: &mut crate::db::DbConnection,
    kind: TargetKind,
    id: i64,
    log: i64,
    now: i64,
) -> diesel::QueryResult<()> {
    let reporters = db::reports::close_reports(conn, kind, id, now, ReportStatus::Actioned)?;
    for reporter in reporters {
        crate::notifications::notify_of_entry(
            conn,
            reporter,
            Kind::ReportActioned,
            log,
            None,
            now,
        )?;
    }
    Ok(())
}
