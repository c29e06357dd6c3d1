//! The second step of warning, suspending and banning: a page of its own
//! that says what will happen to whom ("Suspend Bob for 7 days?") before
//! anything does. The form's words travel in hidden fields, so "Go back"
//! shows the form again with them and "Yes" acts with them; both are
//! posts to the action's own address, so the CSRF and permission checks of
//! the action apply to every step.
//!
//! Hiding and restoring a need or a message stay one step: each is undone
//! by the other, and nothing reaches the member but a notice.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use super::{Act, ActInput};
use crate::clock::{Timestamp, Zone};
use crate::error::AppError;
use crate::moderation::appeals::APPEAL_DAYS;
use crate::moderation::db::actions::Subject;
use crate::web::context::PageContext;
use crate::web::render;

/// Which step of an action a post is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The form was sent: check it, then ask (or act, for an action that
    /// is not confirmed).
    Sent,
    /// "Yes" on the confirmation page: act.
    Confirmed,
    /// "Go back" on the confirmation page: the form again, as typed.
    Change,
}

impl Step {
    /// Reads the form's `step` field (missing when the form itself is sent).
    pub fn parse(word: &str) -> Self {
        match word {
            "confirm" => Self::Confirmed,
            "change" => Self::Change,
            _ => Self::Sent,
        }
    }
}

impl Act {
    /// Whether it is asked about on a page of its own before it is done:
    /// the actions on a member that the member feels at once.
    pub fn is_confirmed_first(self) -> bool {
        matches!(self, Self::Warn | Self::Suspend | Self::Ban)
    }
}

/// "Suspend Bob for 7 days?" and what that means.
#[derive(Template)]
#[template(path = "moderation/confirm_act.html")]
pub struct ConfirmActPage {
    ctx: PageContext,
    question: String,
    consequences: Vec<String>,
    yes: String,
    action_path: String,
    input: ActInput,
    /// The reason as the member will read it (with the rule cited).
    reason: String,
}

/// The confirmation page of `act` on `subject`, with what was typed and
/// the reason as it will be given, for `days` (a suspension).
pub fn confirm_page(
    ctx: PageContext,
    (act, action_path): (Act, String),
    subject: &Subject,
    input: ActInput,
    (reason, days, now): (String, i64, Timestamp),
) -> Result<HttpResponse, AppError> {
    let (question, consequences, yes) =
        what_happens(act, &subject.display_name, days, (now, ctx.zone));
    let page = ConfirmActPage {
        ctx,
        question,
        consequences,
        yes,
        action_path,
        input,
        reason,
    };
    render(StatusCode::OK, &page)
}

/// The question, what it means for the member, and the "Yes" button's
/// words, for `act` on the member called `name`.
fn what_happens(
    act: Act,
    name: &str,
    days: i64,
    (now, zone): (Timestamp, Zone),
) -> (String, Vec<String>, String) {
    let told = format!(
        "{name} will be told the reason you give, and can appeal within {APPEAL_DAYS} days; \
         another moderator decides the appeal."
    );
    let logged = "It goes in the moderation log.".to_owned();
    match act {
        Act::Suspend => {
            let plural = if days == 1 { "day" } else { "days" };
            let until = crate::kernel::words::stamp(now.plus(days * 86_400), zone);
            (
                format!("Suspend {name} for {days} {plural}?"),
                vec![
                    format!(
                        "{name} will be logged out at once. Until {until} they can log in and \
                         read, but not post needs, offer help, send messages, report or change \
                         their profile."
                    ),
                    "It ends by itself; you or another moderator can lift it sooner.".into(),
                    told,
                    logged,
                ],
                format!("Yes, suspend {name}"),
            )
        }
        Act::Ban => (
            format!("Ban {name}?"),
            vec![
                format!(
                    "{name} will be logged out everywhere at once and cannot log in again; \
                     their open needs are hidden."
                ),
                "It lasts until a moderator or an admin lifts it.".into(),
                told,
                logged,
            ],
            format!("Yes, ban {name}"),
        ),
        _ => (
            format!("Warn {name}?"),
            vec![
                format!(
                    "{name} will see the warning at the top of every page until they mark it \
                     read. They can still use the site as before."
                ),
                told,
                logged,
            ],
            format!("Yes, warn {name}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_warning_suspending_and_banning_are_asked_about_first() {
        let asked: Vec<Act> = [
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
        ]
        .into_iter()
        .filter(|a| a.is_confirmed_first())
        .collect();
        assert_eq!(asked, [Act::Warn, Act::Suspend, Act::Ban]);
    }

    #[test]
    fn a_suspension_says_for_how_long_and_what_the_member_can_still_do() {
        let (question, consequences, yes) =
            what_happens(Act::Suspend, "Bob", 7, (Timestamp(0), Zone::UTC));
        assert_eq!(question, "Suspend Bob for 7 days?");
        assert_eq!(yes, "Yes, suspend Bob");
        assert!(consequences[0].contains("read, but not post"));
        assert!(
            consequences
                .iter()
                .any(|c| c.contains("appeal within 14 days"))
        );
        let (question, _, _) = what_happens(Act::Suspend, "Bob", 1, (Timestamp(0), Zone::UTC));
        assert_eq!(question, "Suspend Bob for 1 day?");
    }

    #[test]
    fn the_steps_are_read_from_the_form() {
        assert_eq!(Step::parse(""), Step::Sent);
        assert_eq!(Step::parse("confirm"), Step::Confirmed);
        assert_eq!(Step::parse("change"), Step::Change);
        assert_eq!(Step::parse("anything"), Step::Sent);
    }
}
