//! Moderation actions, each with a required reason: deciding applications,
//! hiding and restoring needs and messages, warning, suspending, banning
//! and lifting. Every action is logged, the member it is about is told
//! why, and whoever reported the target hears the outcome.
//!
//! Who may act on whom: nobody on themselves; an admin on anyone else; a
//! moderator only on members (never on another moderator or an admin).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::db::actions::{self as db, Subject};
use super::reports::REASON_MAX;
use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::{Role, SessionUser, Standing, UserId};
use crate::kernel::text::clean_multiline;
use crate::modlog::{Action, LogEntry, record};
use crate::notifications::Kind;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, Moderator};
use crate::web::fields::FormErrors;
use crate::web::render;

/// The longest suspension, in days.
pub const SUSPENSION_MAX_DAYS: i64 = 90;

/// One action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// Let an applicant in.
    Approve,
    /// Turn an application down.
    Reject,
    /// Hide a need from everyone but its author.
    HideNeed,
    /// Show a hidden need again.
    RestoreNeed,
    /// Hide a message from the other person in the conversation.
    HideMessage,
    /// Show a hidden message again.
    RestoreMessage,
    /// Warn a member.
    Warn,
    /// Make a member read-only for some days.
    Suspend,
    /// Ban a member.
    Ban,
    /// Lift a suspension or a ban.
    Lift,
}

impl Act {
    /// Reads `/moderation/{kind}/{id}/{act}`.
    pub fn parse(kind: &str, act: &str) -> Option<Self> {
        Some(match (kind, act) {
            ("applications", "approve") => Self::Approve,
            ("applications", "reject") => Self::Reject,
            ("needs", "hide") => Self::HideNeed,
            ("needs", "restore") => Self::RestoreNeed,
            ("messages", "hide") => Self::HideMessage,
            ("messages", "restore") => Self::RestoreMessage,
            ("people", "warn") => Self::Warn,
            ("people", "suspend") => Self::Suspend,
            ("people", "ban") => Self::Ban,
            ("people", "lift") => Self::Lift,
            _ => return None,
        })
    }

    /// The path segments it is reached by.
    pub fn path(self, id: i64) -> String {
        let (kind, act) = match self {
            Self::Approve => ("applications", "approve"),
            Self::Reject => ("applications", "reject"),
            Self::HideNeed => ("needs", "hide"),
            Self::RestoreNeed => ("needs", "restore"),
            Self::HideMessage => ("messages", "hide"),
            Self::RestoreMessage => ("messages", "restore"),
            Self::Warn => ("people", "warn"),
            Self::Suspend => ("people", "suspend"),
            Self::Ban => ("people", "ban"),
            Self::Lift => ("people", "lift"),
        };
        format!("/moderation/{kind}/{id}/{act}")
    }

    /// The form's heading and button.
    pub fn title(self) -> &'static str {
        match self {
            Self::Approve => "Approve the application",
            Self::Reject => "Turn down the application",
            Self::HideNeed => "Hide the need",
            Self::RestoreNeed => "Restore the need",
            Self::HideMessage => "Hide the message",
            Self::RestoreMessage => "Restore the message",
            Self::Warn => "Warn the member",
            Self::Suspend => "Suspend the member",
            Self::Ban => "Ban the member",
            Self::Lift => "Lift the suspension or ban",
        }
    }

    /// What it acts on, in words: "need #12".
    pub fn target(self, id: i64) -> String {
        match self {
            Self::Approve | Self::Reject => format!("application #{id}"),
            Self::HideNeed | Self::RestoreNeed => format!("need #{id}"),
            Self::HideMessage | Self::RestoreMessage => format!("message #{id}"),
            Self::Warn | Self::Suspend | Self::Ban | Self::Lift => format!("member #{id}"),
        }
    }

    /// Whether a reason must be given (all but approving).
    fn needs_reason(self) -> bool {
        self != Self::Approve
    }

    fn flash(self) -> Flash {
        match self {
            Self::Approve => Flash::ApplicationApproved,
            Self::Reject => Flash::ApplicationRejected,
            Self::HideNeed | Self::HideMessage => Flash::Hidden,
            Self::RestoreNeed | Self::RestoreMessage => Flash::Restored,
            Self::Warn => Flash::Warned,
            Self::Suspend => Flash::Suspended,
            Self::Ban => Flash::Banned,
            Self::Lift => Flash::Lifted,
        }
    }
}

/// What an action form sends.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActInput {
    reason: String,
    days: String,
    /// Which rule, counted from 1, the action cites, if any.
    rule: String,
    /// Where to go afterwards (a path on this site).
    back: String,
}

/// An action's own page: its form, with any error next to its field.
#[derive(Template)]
#[template(path = "moderation/act.html")]
pub struct ActPage {
    ctx: PageContext,
    act: Act,
    target: String,
    back: String,
    action_path: String,
    input: ActInput,
    errors: FormErrors,
}

/// `GET /moderation/{kind}/{id}/{act}`: the action's form on its own.
pub async fn form(
    ctx: PageContext,
    _moderator: Moderator,
    path: web::Path<(String, i64, String)>,
) -> Result<HttpResponse, AppError> {
    let (kind, id, act) = path.into_inner();
    let act = Act::parse(&kind, &act).ok_or(AppError::NotFound)?;
    let page = ActPage {
        ctx,
        act,
        target: act.target(id),
        back: "/moderation".to_owned(),
        action_path: act.path(id),
        input: ActInput {
            days: "7".into(),
            ..ActInput::default()
        },
        errors: FormErrors::default(),
    };
    render(StatusCode::OK, &page)
}

/// Why an action was not taken.
pub enum Refusal {
    /// No such target.
    NotFound,
    /// Not allowed, or nothing to do: the words say which.
    Refused(&'static str),
    /// The database failed.
    Db(diesel::result::Error),
}

impl From<diesel::result::Error> for Refusal {
    fn from(e: diesel::result::Error) -> Self {
        Self::Db(e)
    }
}

/// Whether `actor` may act on `subject`.
pub fn may_act(actor: &SessionUser, subject: &Subject) -> Result<(), Refusal> {
    crate::policy::acting::may_act(
        actor.id,
        actor.role,
        UserId(subject.id),
        Role::from_db(&subject.role),
    )
    .map_err(|no| Refusal::Refused(no.message()))
}

/// `POST /moderation/{kind}/{id}/{act}`.
pub async fn act(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    Moderator(moderator): Moderator,
    path: web::Path<(String, i64, String)>,
    CsrfForm(input): CsrfForm<ActInput>,
) -> Result<HttpResponse, AppError> {
    let (kind, id, act) = path.into_inner();
    let act = Act::parse(&kind, &act).ok_or(AppError::NotFound)?;
    let mut errors = FormErrors::default();
    let mut reason = clean_multiline(&input.reason);
    if !input.rule.is_empty() {
        // The rule is cited in the reason itself, so the member, the log
        // and the public log all read which rule it was.
        let rules = &ctx.site.rules;
        match input.rule.parse::<usize>() {
            Ok(n) if (1..=rules.len()).contains(&n) => {
                reason = format!("Rule {n}, “{}”: {reason}", rules[n - 1]);
            }
            _ => errors.add("rule", "Choose one of the rules, or none."),
        }
    }
    if clean_multiline(&input.reason).chars().count() > REASON_MAX {
        errors.add("reason", "Keep the reason to 500 characters or fewer.");
    } else if clean_multiline(&input.reason).is_empty() && act.needs_reason() {
        errors.add(
            "reason",
            "Give a reason: the member and the log will see it.",
        );
    }
    let days = match (act, input.days.trim().parse::<i64>()) {
        (Act::Suspend, Ok(d)) if (1..=SUSPENSION_MAX_DAYS).contains(&d) => d,
        (Act::Suspend, _) => {
            errors.add("days", "Give a whole number of days from 1 to 90.");
            0
        }
        _ => 0,
    };
    let again = |ctx, errors, status| {
        let page = ActPage {
            ctx,
            act,
            target: act.target(id),
            back: safe_back(&input.back).unwrap_or("/moderation").to_owned(),
            action_path: act.path(id),
            input: input.clone(),
            errors,
        };
        render(status, &page)
    };
    if !errors.is_empty() {
        return again(ctx, errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let now = state.config.clock.now();
    let actor = moderator.clone();
    let outcome = state
        .db
        .write_with(move |conn| perform(conn, &actor, act, id, &reason, days, now))
        .await?;
    match outcome {
        Ok(()) => {
            let back = safe_back(&input.back).unwrap_or("/moderation");
            Ok(redirect_with_flash(&req, back, act.flash()))
        }
        Err(Refusal::NotFound) => Err(AppError::NotFound),
        Err(Refusal::Refused(why)) => {
            errors.summary = Some(why.into());
            again(ctx, errors, StatusCode::CONFLICT)
        }
        Err(Refusal::Db(e)) => Err(e.into()),
    }
}

/// `back` if it is a path on this site.
fn safe_back(back: &str) -> Option<&str> {
    crate::web::local_path(back)
}

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
    let entry = |action, target_kind, summary: String, subject: i64| LogEntry {
        actor: actor.id,
        action,
        target_kind,
        target_id: Some(id),
        summary,
        reason: reason.to_owned(),
        subject: Some(UserId(subject)),
    };
    match act {
        Act::HideNeed | Act::RestoreNeed => {
            let (author, _title, hidden) =
                db::need_for_action(conn, id)?.ok_or(Refusal::NotFound)?;
            let subject = db::subject(conn, author)?.ok_or(Refusal::NotFound)?;
            may_act(actor, &subject)?;
            // The public log names the need by number: repeating the title
            // of a need hidden for what it says would undo the hiding.
            let (action, summary) = if act == Act::HideNeed {
                if hidden.is_some()
                    || !db::set_need_hidden(conn, id, None, Some(("moderator", reason)))?
                {
                    return Err(Refusal::Refused("This need is already hidden."));
                }
                crate::notifications::db::settle_hidden_need(
                    conn,
                    crate::kernel::ids::NeedId(id),
                    now,
                )?;
                (Action::NeedHidden, format!("Hid need #{id}."))
            } else {
                match hidden.as_deref() {
                    None => return Err(Refusal::Refused("This need is not hidden.")),
                    Some("ban") => {
                        return Err(Refusal::Refused(
                            "This need was hidden because its author is banned; lifting the ban restores it.",
                        ));
                    }
                    Some(_) if subject.standing == "banned" => {
                        return Err(Refusal::Refused(
                            "Its author is banned: lift the ban first, then restore the need.",
                        ));
                    }
                    Some(was) => {
                        if !db::set_need_hidden(conn, id, Some(was), None)? {
                            return Err(Refusal::Refused("This need is not hidden."));
                        }
                    }
                }
                (Action::NeedRestored, format!("Restored need #{id}."))
            };
            let log = record(conn, &entry(action, "need", summary, author), now)?;
            tell(conn, author, log, Some(id), now)?;
            if act == Act::HideNeed {
                close_reports(conn, "need", id, log, now)?;
            }
        }
        Act::HideMessage | Act::RestoreMessage => {
            // A private message is a moderator's business only through a
            // report (or an earlier action on it); otherwise it is not there.
            if !db::message_open_to_moderators(conn, id)? {
                return Err(Refusal::NotFound);
            }
            let message = db::message_for_action(conn, id)?.ok_or(Refusal::NotFound)?;
            let (author, need) = (message.author_id, message.need_id);
            let subject = db::subject(conn, author)?.ok_or(Refusal::NotFound)?;
            may_act(actor, &subject)?;
            let (action, summary) = if act == Act::HideMessage {
                if !db::set_message_hidden(conn, id, Some(reason))? {
                    return Err(Refusal::Refused("This message is already hidden."));
                }
                (
                    Action::MessageHidden,
                    format!("Hid a message in a conversation about need #{need}."),
                )
            } else {
                if !db::set_message_hidden(conn, id, None)? {
                    return Err(Refusal::Refused("This message is not hidden."));
                }
                (
                    Action::MessageRestored,
                    format!("Restored a message in a conversation about need #{need}."),
                )
            };
            let log = record(conn, &entry(action, "message", summary, author), now)?;
            tell(conn, author, log, Some(need), now)?;
            if act == Act::HideMessage {
                close_reports(conn, "message", id, log, now)?;
            }
        }
        Act::Approve | Act::Reject => {
            let subject = db::lock_subject(conn, id)?.ok_or(Refusal::NotFound)?;
            may_act(actor, &subject)?;
            if !db::decide_application(conn, id, act == Act::Approve, reason)? {
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
            let log = record(conn, &entry(action, "member", summary, id), now)?;
            if act == Act::Approve {
                crate::notifications::notify_of_entry(
                    conn,
                    UserId(id),
                    Kind::ApplicationApproved,
                    crate::kernel::ids::LogEntryId(log),
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
                super::db::lock_admins(conn)?;
            }
            let subject = db::lock_subject(conn, id)?.ok_or(Refusal::NotFound)?;
            may_act(actor, &subject)?;
            if Standing::from_db(&subject.standing).is_applicant() {
                return Err(Refusal::Refused(
                    "This is an application: approve it or turn it down instead.",
                ));
            }
            let name = subject.display_name.clone();
            let banned = Standing::from_db(&subject.standing) == Standing::Banned;
            let suspended = subject.suspended_until.is_some_and(|u| u > now);
            let (action, summary) = match act {
                Act::Warn => {
                    db::set_warning(conn, id, Some(reason))?;
                    (Action::MemberWarned, format!("Warned {name}."))
                }
                Act::Suspend => {
                    if banned {
                        return Err(Refusal::Refused("This member is banned already."));
                    }
                    let until = now + days * 86_400;
                    db::set_suspension(conn, id, Some((until, reason)))?;
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
                    if Role::from_db(&subject.role) == Role::Admin
                        && super::db::lock_admins(conn)?.len() <= 1
                    {
                        return Err(Refusal::Refused("The last admin cannot be banned."));
                    }
                    db::ban(conn, id, reason, now)?;
                    (Action::MemberBanned, format!("Banned {name}."))
                }
                _ => {
                    if banned {
                        db::lift_ban(conn, id)?;
                        (Action::BanLifted, format!("Lifted the ban on {name}."))
                    } else if suspended {
                        db::set_suspension(conn, id, None)?;
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
            let log = record(conn, &entry(action, "member", summary, id), now)?;
            tell(conn, id, log, None, now)?;
            if matches!(act, Act::Warn | Act::Suspend | Act::Ban) {
                close_reports(conn, "member", id, log, now)?;
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
        crate::kernel::ids::LogEntryId(log),
        need.map(crate::needs::NeedId),
        now,
    )
}

/// Closes the open reports on a target as acted on, and tells each reporter.
/// The notice names no need: the entry says what was done, and a notice
/// tied to a need that is now hidden would be hidden from the reporter too.
fn close_reports(
    conn: &mut crate::db::DbConnection,
    kind: &str,
    id: i64,
    log: i64,
    now: i64,
) -> diesel::QueryResult<()> {
    let reporters = super::db::close_reports(conn, kind, id, now, "actioned")?;
    for reporter in reporters {
        crate::notifications::notify_of_entry(
            conn,
            reporter,
            Kind::ReportActioned,
            crate::kernel::ids::LogEntryId(log),
            None,
            now,
        )?;
    }
    Ok(())
}

/// `POST /warning`: the member has read their warning; it stops showing.
pub async fn acknowledge_warning(
    req: HttpRequest,
    state: web::Data<AppState>,
    crate::web::extract::CurrentUser(user): crate::web::extract::CurrentUser,
    _form: CsrfForm<crate::web::extract::NoFields>,
) -> Result<HttpResponse, AppError> {
    let id = user.id.0;
    state
        .db
        .write(move |conn| db::set_warning(conn, id, None))
        .await?;
    Ok(redirect_with_flash(&req, "/", Flash::WarningRead))
}

#[cfg(test)]
mod tests {
    use super::{Act, safe_back};

    #[test]
    fn only_plain_paths_on_this_site_are_gone_back_to() {
        assert_eq!(safe_back("/moderation"), Some("/moderation"));
        assert_eq!(safe_back("/needs/3?x=1"), Some("/needs/3?x=1"));
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\\evil",
            "https://evil.example",
            "",
            "/a b",
        ] {
            assert_eq!(safe_back(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn every_action_is_reached_by_its_own_path() {
        let all = [
            Act::Approve,
            Act::Reject,
            Act::HideNeed,
            Act::RestoreNeed,
            Act::HideMessage,
            Act::RestoreMessage,
            Act::Warn,
            Act::Suspend,
            Act::Ban,
            Act::Lift,
        ];
        for act in all {
            let path = act.path(7);
            let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
            assert_eq!(parts.len(), 4, "{path}");
            assert_eq!(Act::parse(parts[1], parts[3]), Some(act));
        }
        assert_eq!(Act::parse("people", "delete"), None);
    }
}
