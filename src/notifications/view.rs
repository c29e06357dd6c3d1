//! A notification as its member reads it: one sentence, a line of what
//! was written, and a link.

use super::Kind;
use crate::clock::Timestamp;
use crate::kernel::identity::Role;
use crate::kernel::ids::{LogEntryId, NeedId, NotificationId, OfferId};
use crate::modlog::Action;

/// A notification ready to show.
#[derive(Clone, Debug)]
pub struct NotificationView {
    /// Its id.
    pub id: NotificationId,
    /// What happened.
    pub kind: Kind,
    /// The need's id.
    pub need_id: Option<NeedId>,
    /// The offer's id.
    pub offer_id: Option<OfferId>,
    /// The need's title.
    pub need_title: String,
    /// Who did it.
    pub actor_name: Option<String>,
    /// Their role, for the badge beside their name.
    pub actor_role: Role,
    /// When it was made.
    pub created_at: Timestamp,
    /// Not yet seen.
    pub unread: bool,
    /// The moderation entry it tells about.
    pub entry: Option<Entry>,
    /// What someone wrote that it is about (the message, the offer's note,
    /// the thank-you note), on one line and cut short; empty when there is
    /// none or a moderator hid it.
    pub preview: String,
    /// A thank-you notification's note itself.
    pub thanks_note: Option<String>,
}

/// The longest preview, in characters.
pub const PREVIEW_MAX: usize = 80;

/// Where a member chooses which thank-you notes their profile shows.
pub const THANKS_CHOICE_PATH: &str = "/profile#thanks-heading";

/// A moderation log entry, as a notification tells it.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Its id (what an appeal names).
    pub id: LogEntryId,
    /// What was done (`None`: a word this build does not know).
    pub action: Option<Action>,
    /// What was done, as the log says it.
    pub summary: String,
    /// Why.
    pub reason: String,
}

impl Entry {
    /// " The reason given: …" when there is one.
    fn because(&self) -> String {
        if self.reason.is_empty() {
            String::new()
        } else {
            format!(" The reason given: {}", self.reason)
        }
    }

    /// What the moderator did, said to the member it was done to.
    fn to_member(&self, need_title: &str) -> String {
        let because = self.because();
        let need = if need_title.is_empty() {
            "your need".to_owned()
        } else {
            format!("your need “{need_title}”")
        };
        match self.action {
            Some(Action::NeedHidden) => format!("A moderator hid {need}.{because}"),
            Some(Action::NeedRestored) => {
                format!("A moderator restored {need}; everyone can see it again.")
            }
            Some(Action::MessageHidden) => {
                format!("A moderator hid one of your messages about “{need_title}”.{because}")
            }
            Some(Action::MessageRestored) => {
                format!("A moderator restored your message about “{need_title}”.")
            }
            Some(Action::MemberWarned) => format!("A moderator warned you.{because}"),
            Some(Action::MemberSuspended) => format!(
                "A moderator suspended your account: for now you can read, but not post, volunteer or send messages.{because}"
            ),
            Some(Action::MemberBanned) => format!("A moderator banned your account.{because}"),
            Some(Action::SuspensionLifted) => {
                format!("A moderator lifted your suspension.{because}")
            }
            Some(Action::BanLifted) => {
                format!("A moderator lifted the ban on your account.{because}")
            }
            _ => format!(
                "A moderator acted on your account: {}{because}",
                self.summary
            ),
        }
    }

    /// Whether the member may appeal it.
    fn appealable(&self) -> bool {
        self.action.is_some_and(Action::is_appealable)
    }
}

impl NotificationView {
    /// For a notification about what a member did, the sentence that
    /// follows their name (shown with its role badge); `None` for others.
    pub fn deed(&self) -> Option<String> {
        let what = &self.need_title;
        Some(match self.kind {
            Kind::NewOffer => format!("offered to help with “{what}”."),
            Kind::OfferAccepted => format!("accepted your offer to help with “{what}”."),
            Kind::OfferDeclined => format!("declined your offer to help with “{what}”."),
            Kind::VolunteerWithdrew => format!("withdrew their offer to help with “{what}”."),
            Kind::NewMessage => format!("sent you a message about “{what}”."),
            Kind::NeedChanged => format!("changed “{what}”, which you offered to help with."),
            Kind::NeedCancelled => format!(
                "cancelled “{what}”: they no longer need help with it. Thank you for offering."
            ),
            Kind::NeedFilled => {
                format!("has found the helpers for “{what}”. Thank you for offering.")
            }
            Kind::OfferNotNeeded => format!(
                "closed “{what}”, so your offer is no longer needed. Thank you for offering."
            ),
            Kind::NeedDone => format!("marked “{what}” as done."),
            Kind::Thanked => format!("thanked you for helping with “{what}”."),
            _ => return None,
        })
    }

    /// One sentence saying what happened.
    pub fn sentence(&self) -> String {
        let who = self.actor_name.as_deref().unwrap_or("Someone");
        let what = &self.need_title;
        match self.kind {
            Kind::NewOffer
            | Kind::OfferAccepted
            | Kind::OfferDeclined
            | Kind::VolunteerWithdrew
            | Kind::NewMessage
            | Kind::NeedChanged
            | Kind::NeedCancelled
            | Kind::NeedDone
            | Kind::Thanked => format!("{who} {}", self.deed().unwrap_or_default()),
            Kind::NeedFilled | Kind::OfferNotNeeded if self.actor_name.is_some() => {
                format!("{who} {}", self.deed().unwrap_or_default())
            }
            Kind::OfferNotNeeded => format!(
                "The date of “{what}” passed, so your offer is no longer needed. Thank you for offering."
            ),
            Kind::StillNeeded => format!("The date of “{what}” has passed. Is it still needed?"),
            Kind::Reminder => format!("Reminder: “{what}” is tomorrow."),
            Kind::NewApplication => {
                format!("{who} asks to join. The application waits in the review queue.")
            }
            Kind::NewReport => "A new report waits in the review queue.".to_owned(),
            Kind::NewAppeal => {
                format!("{who} appealed a moderator's decision. The appeal waits in the review queue.")
            }
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
                Some(entry) => format!(
                    "A moderator acted on your report: {} Thank you for looking out for neighbours.",
                    entry.summary
                ),
                None => "A moderator acted on your report. Thank you for looking out for neighbours.".to_owned(),
            },
            Kind::ModerationAction => match &self.entry {
                Some(entry) => entry.to_member(what),
                None => "A moderator acted on your account.".to_owned(),
            },
            Kind::ApplicationApproved => {
                "Your application was approved. Welcome, neighbour!".to_owned()
            }
            Kind::AppealDecided => match &self.entry {
                Some(entry) if entry.action == Some(Action::AppealGranted) => format!(
                    "Your appeal was granted: the moderators' action was undone.{}",
                    entry.because()
                ),
                Some(entry) => format!(
                    "Your appeal was decided: the moderators' action stands.{}",
                    entry.because()
                ),
                None => "Your appeal was decided.".to_owned(),
            },
        }
    }

    /// The link on the list: opening it marks it read, then leads on to
    /// [`NotificationView::link`].
    pub fn open_link(&self) -> String {
        format!("/notifications/{}", self.id)
    }

    /// Where the notification leads: always a path on this site, built
    /// from ids, never from anything a member typed.
    pub fn link(&self) -> String {
        match (self.kind, self.need_id, self.offer_id) {
            (Kind::NewMessage, Some(need), Some(offer)) => {
                format!("/needs/{need}/offers/{offer}/messages#latest")
            }
            (Kind::ReportDismissed | Kind::ReportActioned, _, _) => "/modlog".to_owned(),
            (Kind::ModerationAction, need, _) => match &self.entry {
                Some(entry) if entry.appealable() => format!("/appeals/new?entry={}", entry.id),
                _ => need.map_or_else(|| "/".to_owned(), |n| format!("/needs/{n}")),
            },
            (Kind::ApplicationApproved | Kind::AppealDecided, _, _) => "/".to_owned(),
            (Kind::NewApplication, _, _) => "/moderation?kind=applications".to_owned(),
            (Kind::NewReport, _, _) => "/moderation?kind=reports".to_owned(),
            (Kind::NewAppeal, _, _) => "/moderation?kind=appeals".to_owned(),
            (_, Some(need), _) => format!("/needs/{need}"),
            _ => "/".to_owned(),
        }
    }
}
