//! Notifications: the one place that records that something happened that
//! a member should hear about, in the app and, as each member chooses, by
//! e-mail ([`email`]).

pub mod db;
pub mod email;
pub mod list;
pub mod topics;
pub mod view;

use actix_web::web;

use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::kernel::identity::UserId;
use crate::kernel::ids::{LogEntryId, NeedId, OfferId};

/// What happened. Stored as its word in `notifications.kind`.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum Kind {
    /// Someone offered to help with my need.
    NewOffer,
    /// My offer was accepted.
    OfferAccepted,
    /// My offer was declined.
    OfferDeclined,
    /// An accepted volunteer withdrew from my need.
    VolunteerWithdrew,
    /// A new message in a conversation I am in.
    NewMessage,
    /// A need I help with was changed.
    NeedChanged,
    /// A need I help with was cancelled.
    NeedCancelled,
    /// A need I help with was marked done.
    NeedDone,
    /// Someone thanked me.
    Thanked,
    /// My need's date passed: is it still needed?
    StillNeeded,
    /// A need I offered to help with found all its helpers without me.
    NeedFilled,
    /// My offer was still waiting when the need was done or its date
    /// passed, so it ended as not needed.
    OfferNotNeeded,
    /// A moderator looked at my report and did not act on it.
    ReportDismissed,
    /// A moderator acted on something I reported.
    ReportActioned,
    /// A moderator acted on my account or something I wrote.
    ModerationAction,
    /// My application to join was approved.
    ApplicationApproved,
    /// My appeal was decided.
    AppealDecided,
    /// A need I asked for or help with is tomorrow.
    Reminder,
    /// For staff: an application reached the review queue.
    NewApplication,
    /// For staff: a report reached the review queue.
    NewReport,
    /// For staff: an appeal reached the review queue.
    NewAppeal,
}

crate::text_column!(Kind, fallible);

const KINDS: [(Kind, &str); 21] = [
    (Kind::NewOffer, "new_offer"),
    (Kind::OfferAccepted, "offer_accepted"),
    (Kind::OfferDeclined, "offer_declined"),
    (Kind::VolunteerWithdrew, "volunteer_withdrew"),
    (Kind::NewMessage, "new_message"),
    (Kind::NeedChanged, "need_changed"),
    (Kind::NeedCancelled, "need_cancelled"),
    (Kind::NeedDone, "need_done"),
    (Kind::Thanked, "thanked"),
    (Kind::StillNeeded, "still_needed"),
    (Kind::NeedFilled, "need_filled"),
    (Kind::OfferNotNeeded, "offer_not_needed"),
    (Kind::ReportDismissed, "report_dismissed"),
    (Kind::ReportActioned, "report_actioned"),
    (Kind::ModerationAction, "moderation_action"),
    (Kind::ApplicationApproved, "application_approved"),
    (Kind::AppealDecided, "appeal_decided"),
    (Kind::Reminder, "reminder"),
    (Kind::NewApplication, "new_application"),
    (Kind::NewReport, "new_report"),
    (Kind::NewAppeal, "new_appeal"),
];

impl Kind {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        KINDS
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("", |(_, w)| w)
    }

    /// Reads a stored word.
    pub fn from_db(word: &str) -> Option<Self> {
        KINDS.iter().find(|(_, w)| *w == word).map(|(k, _)| *k)
    }

    /// The kinds an unread notice of this kind replaces when it is about
    /// the same need, offer and person: an offer withdrawn and renewed
    /// thirty times, or thirty messages in a row, leave one notice, the
    /// latest. Notices from moderators (which carry a log entry) never
    /// collapse.
    pub fn replaces(self) -> &'static [Kind] {
        match self {
            Self::NewOffer | Self::VolunteerWithdrew => &[Self::NewOffer, Self::VolunteerWithdrew],
            Self::NewMessage => &[Self::NewMessage],
            Self::NeedChanged => &[Self::NeedChanged],
            Self::StillNeeded => &[Self::StillNeeded],
            // Unread news of the queue is one notice, the latest.
            Self::NewReport => &[Self::NewReport],
            _ => &[],
        }
    }
}

/// One thing to tell one member.
#[derive(Clone, Copy, Debug)]
pub struct Notice {
    /// Who is told.
    pub to: UserId,
    /// What happened.
    pub kind: Kind,
    /// The need concerned, if any.
    pub need: Option<NeedId>,
    /// The offer concerned, if any.
    pub offer: Option<OfferId>,
    /// Who did it, if anyone.
    pub actor: Option<UserId>,
}

/// Records notices, in the caller's transaction. Nobody is told about
/// their own action.
pub fn notify(
    conn: &mut DbConnection,
    notices: &[Notice],
    now: Timestamp,
) -> diesel::QueryResult<()> {
    for notice in notices {
        if notice.actor.is_some_and(|actor| actor == notice.to) {
            continue;
        }
        let id = db::insert(conn, notice, now)?;
        email::queue_at_once(conn, notice, id, now)?;
    }
    Ok(())
}

/// Tells every moderator and admin (but `actor`) that something reached
/// the review queue, in the caller's transaction.
pub fn tell_staff(
    conn: &mut DbConnection,
    kind: Kind,
    actor: Option<UserId>,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    let notices: Vec<Notice> = db::staff(conn)?
        .into_iter()
        .map(|to| Notice {
            to,
            kind,
            need: None,
            offer: None,
            actor,
        })
        .collect();
    notify(conn, &notices, now)
}

/// Tells `to` about moderation log entry `log_id` (an action on their
/// account, their report or their appeal), in the caller's transaction.
pub fn notify_of_entry(
    conn: &mut DbConnection,
    to: UserId,
    kind: Kind,
    log_id: LogEntryId,
    need: Option<NeedId>,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    let id = db::insert_for_entry(conn, to, kind, log_id, need, now)?;
    email::queue_entry_at_once(conn, to, kind, id, now)
}

/// Registers the routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/notifications", web::get().to(list::list))
        .route("/notifications/read", web::post().to(list::mark_read))
        .route("/notifications/{id:\\d+}", web::get().to(list::open))
        .service(
            web::resource("/account/notifications")
                .route(web::get().to(email::settings::show))
                .route(web::post().to(email::settings::save)),
        )
        .service(
            web::resource("/mail/unsubscribe/{token}")
                .route(web::get().to(email::unsubscribe::show))
                .route(web::post().to(email::unsubscribe::unsubscribe)),
        );
}

#[cfg(test)]
mod tests {
    use super::{KINDS, Kind};

    #[test]
    fn kinds_round_trip_through_their_words() {
        for (kind, _) in KINDS {
            assert_eq!(Kind::from_db(kind.as_str()), Some(kind));
        }
        assert_eq!(Kind::from_db("other"), None);
    }
}
