//! Doing an action: checking it may be done, changing what it changes,
//! logging it, telling the member it was about and closing the reports
//! on its target, all in one transaction. Hiding and restoring needs and
//! messages are here; actions on members are in `members`.

use super::{Act, may_act, members};
use crate::clock::{Clock, Timestamp};
use crate::db::DbConnection;
use crate::error::Refusal;
use crate::kernel::identity::{SessionUser, Standing, UserId};
use crate::kernel::ids::{LogEntryId, MessageId, NeedId};
use crate::moderation::db;
use crate::moderation::{HiddenBy, ReportStatus, Target};
use crate::modlog::{Action, EntryTarget, LogEntry, record};
use crate::notifications::Kind;

/// Does the action on `on`, logs it and tells everyone concerned, all in
/// one transaction. `on` is what `act` acts on (`Act::on`).
pub fn perform(
    conn: &mut DbConnection,
    actor: &SessionUser,
    act: Act,
    on: Target,
    reason: &str,
    days: i64,
    clock: &Clock,
) -> Result<(), Refusal> {
    let now = clock.now();
    match on {
        Target::Need(id) => need(conn, actor, act, id, reason, now),
        Target::Message(id) => message(conn, actor, act, id, reason, now),
        Target::Member(id) if matches!(act, Act::Approve | Act::Reject) => {
            members::application(conn, actor, act, id, reason, now)
        }
        Target::Member(id) => members::member(conn, actor, act, id, reason, days, clock),
    }
}

/// The log entry of an action on `on`, about `subject`.
pub(super) fn entry(
    actor: &SessionUser,
    action: Action,
    on: Target,
    summary: String,
    reason: &str,
    subject: UserId,
) -> LogEntry {
    LogEntry {
        actor: actor.id,
        action,
        target_kind: EntryTarget::from(on.kind()),
        target_id: Some(on.number()),
        summary,
        reason: reason.to_owned(),
        subject: Some(subject),
    }
}

/// Hides or restores a need.
fn need(
    conn: &mut DbConnection,
    actor: &SessionUser,
    act: Act,
    id: NeedId,
    reason: &str,
    now: Timestamp,
) -> Result<(), Refusal> {
    let (author, _title, hidden) =
        db::hiding::need_for_action(conn, id)?.ok_or(Refusal::NotFound)?;
    let subject = db::actions::subject(conn, author)?.ok_or(Refusal::NotFound)?;
    may_act(actor, &subject)?;
    // The public log names the need by number: repeating the title
    // of a need hidden for what it says would undo the hiding.
    let (action, summary) = if act == Act::HideNeed {
        if hidden.is_some()
            || !db::hiding::set_need_hidden(conn, id, None, Some((HiddenBy::Moderator, reason)))?
        {
            return Err(Refusal::Conflict("This need is already hidden."));
        }
        crate::notifications::db::settle_hidden_need(conn, id, now)?;
        (Action::NeedHidden, format!("Hid need #{id}."))
    } else {
        match hidden {
            None => return Err(Refusal::Conflict("This need is not hidden.")),
            Some(HiddenBy::Ban) => {
                return Err(Refusal::Conflict(
                    "This need was hidden because its author is banned; lifting the ban restores it.",
                ));
            }
            Some(_) if subject.standing == Standing::Banned => {
                return Err(Refusal::Conflict(
                    "Its author is banned: lift the ban first, then restore the need.",
                ));
            }
            Some(was) => {
                if !db::hiding::set_need_hidden(conn, id, Some(was), None)? {
                    return Err(Refusal::Conflict("This need is not hidden."));
                }
            }
        }
        (Action::NeedRestored, format!("Restored need #{id}."))
    };
    let log = record(
        conn,
        &entry(actor, action, Target::Need(id), summary, reason, author),
        now,
    )?;
    tell(conn, author, log, Some(id), now)?;
    if act == Act::HideNeed {
        close_reports(conn, Target::Need(id), log, now)?;
    }
    Ok(())
}

/// Hides or restores a message.
fn message(
    conn: &mut DbConnection,
    actor: &SessionUser,
    act: Act,
    id: MessageId,
    reason: &str,
    now: Timestamp,
) -> Result<(), Refusal> {
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
            return Err(Refusal::Conflict("This message is already hidden."));
        }
        (
            Action::MessageHidden,
            format!("Hid a message in a conversation about need #{need}."),
        )
    } else {
        if !db::hiding::set_message_hidden(conn, id, None)? {
            return Err(Refusal::Conflict("This message is not hidden."));
        }
        (
            Action::MessageRestored,
            format!("Restored a message in a conversation about need #{need}."),
        )
    };
    let log = record(
        conn,
        &entry(actor, action, Target::Message(id), summary, reason, author),
        now,
    )?;
    tell(conn, author, log, Some(need), now)?;
    if act == Act::HideMessage {
        close_reports(conn, Target::Message(id), log, now)?;
    }
    Ok(())
}

/// Tells the member an action was about.
pub(super) fn tell(
    conn: &mut DbConnection,
    to: UserId,
    log: LogEntryId,
    need: Option<NeedId>,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    crate::notifications::notify_of_entry(conn, to, Kind::ModerationAction, log, need, now)
}

/// Closes the open reports on a target as acted on, and tells each reporter.
/// The notice names no need: the entry says what was done, and a notice
/// tied to a need that is now hidden would be hidden from the reporter too.
pub(super) fn close_reports(
    conn: &mut DbConnection,
    on: Target,
    log: LogEntryId,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    let reporters = db::reports::close_reports(conn, on, now, ReportStatus::Actioned)?;
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
