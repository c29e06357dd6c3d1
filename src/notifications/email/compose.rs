//! Writing notification mail at the moment it is sent.

use super::super::Kind;
use super::super::db::{self, mailing};
use super::super::topics::Topic;
use super::super::view::{NotificationView, THANKS_CHOICE_PATH};
use crate::clock::Clock;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::kernel::identity::UserId;
use crate::kernel::ids::{NotificationId, OfferId};
use crate::kernel::signed::{Claim, Signer};
use crate::mail::compose::{Composed, Composer, Pending, SiteInfo};
use crate::mail::letter::Quote;
use crate::mail::{Body, Link};

/// How long an unsubscribe link works, in seconds.
pub const UNSUBSCRIBE_LIFETIME: i64 = 90 * 86_400;

/// The longest subject line, in characters.
const SUBJECT_MAX: usize = 120;

/// Writes notification mail; given to the sender by the app.
pub struct NotificationMail {
    signer: Signer,
    clock: Clock,
}

impl NotificationMail {
    /// A composer signing unsubscribe links with `signer`.
    pub fn new(signer: Signer, clock: Clock) -> Self {
        Self { signer, clock }
    }
}

/// The one-click unsubscribe link for `user` and `topic`.
pub fn unsubscribe_url(
    signer: &Signer,
    site: &SiteInfo,
    user: UserId,
    topic: Topic,
    now: crate::clock::Timestamp,
) -> String {
    let token = signer.sign(&Claim {
        user: user.0,
        purpose: super::unsubscribe::PURPOSE.to_owned(),
        object: topic.as_str().to_owned(),
        expires: now.plus(UNSUBSCRIBE_LIFETIME),
    });
    format!("{}/mail/unsubscribe/{token}", site.base_url)
}

/// The footer's reason for mail about `topic`.
pub fn reason(site: &SiteInfo, topic: Topic, how: &str) -> String {
    format!(
        "You get this because you chose to hear about \u{201c}{}\u{201d} {how} on {}. \
         Choose what you get: {}/account/notifications",
        topic.label().to_lowercase(),
        site.name,
        site.base_url
    )
}

/// `text` cut to `max` characters, with an ellipsis if it was longer: at
/// the last space that fits, never in the middle of a word (unless one
/// word alone is longer than half of it).
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let at_word = match cut.rfind(char::is_whitespace) {
        Some(space) if cut[..space].chars().count() >= max / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}\u{2026}", at_word.trim_end())
}

impl Composer for NotificationMail {
    fn compose(
        &self,
        conn: &mut DbConnection,
        pending: &Pending,
        site: &SiteInfo,
    ) -> Result<Option<Composed>, AppError> {
        let Some(person) = mailing::recipient(conn, pending.to_user)? else {
            return Ok(None);
        };
        let (what, id) = pending.about.split_once(':').unwrap_or_default();
        let Ok(id) = id.parse::<i64>() else {
            return Ok(None);
        };
        let greeting = format!("Hello {},", person.display_name);
        // The conversation an answer by mail goes to, and to whom.
        let mut answers: Option<(OfferId, String)> = None;
        let (topic, subject, body) = match what {
            "notification" => {
                let Some(view) = db::one(conn, pending.to_user, NotificationId(id))? else {
                    return Ok(None);
                };
                let topic = Topic::of(view.kind);
                let mut body = notice_body(&view, site, greeting);
                if let (Kind::NewOffer | Kind::OfferAccepted, Some(offer), Some(name)) =
                    (view.kind, view.offer_id, &view.actor_name)
                {
                    answers = Some((offer, name.clone()));
                }
                if let (Kind::NewOffer, Some(offer), Some(name)) =
                    (view.kind, view.offer_id, &view.actor_name)
                    && let Some(note) = mailing::offer_note(conn, offer)?
                    && !note.trim().is_empty()
                {
                    body.quotes.push(Quote {
                        heading: format!("From {name}:"),
                        text: shorten(&note, 1_000),
                    });
                }
                let with_facts = matches!(
                    view.kind,
                    Kind::Reminder | Kind::NewOffer | Kind::OfferAccepted | Kind::NeedChanged
                );
                if let (true, Some(need)) = (with_facts, view.need_id)
                    && let Some((when, place, urgent)) = mailing::when_and_where(conn, need)?
                {
                    body.items.push((format!("When: {when}"), None));
                    if !place.is_empty() {
                        body.items.push((format!("Roughly where: {place}"), None));
                    }
                    if urgent {
                        body.items.push(("Urgent".into(), None));
                    }
                    if matches!(view.kind, Kind::Reminder | Kind::OfferAccepted) {
                        body.paragraphs
                            .push("The private details (address, phone) are on the site.".into());
                    }
                }
                if let (Kind::StillNeeded, Some(need)) = (view.kind, view.need_id) {
                    let (renew, close) = crate::needs::by_mail::links(
                        &self.signer,
                        &site.base_url,
                        pending.to_user,
                        need,
                        self.clock.now(),
                    );
                    body.action = Some(Link {
                        label: "Yes, still needed \u{2014} new date".into(),
                        url: renew,
                    });
                    body.items = vec![("No longer needed? Close it".into(), Some(close))];
                    body.paragraphs
                        .push("Both buttons work without logging in, for 14 days.".into());
                }
                (topic, shorten(&view.sentence(), SUBJECT_MAX), body)
            }
            "conversation" => {
                let Some(batch) =
                    mailing::messages_since(conn, pending.to_user, OfferId(id), pending.since)?
                else {
                    return Ok(None);
                };
                if batch.messages.is_empty() {
                    return Ok(None);
                }
                let senders: Vec<&str> =
                    batch.messages.iter().map(|(who, _)| who.as_str()).collect();
                answers = Some((OfferId(id), senders[0].to_owned()));
                let subject = if batch.messages.len() == 1 {
                    format!(
                        "{} sent you a message about \u{201c}{}\u{201d}",
                        senders[0], batch.title
                    )
                } else {
                    format!(
                        "{} new messages about \u{201c}{}\u{201d}",
                        batch.messages.len(),
                        batch.title
                    )
                };
                let body = Body {
                    greeting,
                    paragraphs: vec![format!(
                        "New in your conversation about \u{201c}{}\u{201d}:",
                        batch.title
                    )],
                    quotes: batch
                        .messages
                        .iter()
                        .map(|(who, text)| Quote {
                            heading: format!("From {who}:"),
                            text: shorten(text, 500),
                        })
                        .collect(),
                    action: Some(Link {
                        label: "Read and answer".into(),
                        url: format!(
                            "{}/needs/{}/offers/{id}/messages",
                            site.base_url, batch.need
                        ),
                    }),
                    ..Body::default()
                };
                (Topic::Messages, shorten(&subject, SUBJECT_MAX), body)
            }
            _ => return Ok(None),
        };
        let now = self.clock.now();
        let unsubscribe = unsubscribe_url(&self.signer, site, pending.to_user, topic, now);
        let how = if topic == Topic::Messages {
            "at once (at most one e-mail per conversation every 15 minutes)"
        } else {
            "at once"
        };
        let reply_to = match answers {
            Some((offer, name)) => {
                let code =
                    crate::needs::db::messages::reply_code(conn, pending.to_user, offer, now)?;
                Some((
                    format!(
                        "{}{code}@{}",
                        crate::mail::receive::REPLY_PREFIX,
                        site.mail_domain
                    ),
                    name,
                ))
            }
            None => None,
        };
        let body = Body {
            reason: reason(site, topic, how),
            unsubscribe: Some(unsubscribe.clone()),
            replies_reach: reply_to.as_ref().map(|(_, name)| name.clone()),
            ..body
        };
        let (text, html) = body.render(&site.name, &subject)?;
        Ok(Some(Composed {
            subject,
            text,
            html,
            unsubscribe_url: Some(unsubscribe),
            reply_to: reply_to.map(|(address, _)| address),
        }))
    }
}

/// The body of mail about one notification: its sentence and its link.
fn notice_body(view: &NotificationView, site: &SiteInfo, greeting: String) -> Body {
    let actor = view.actor_name.as_deref().unwrap_or("them");
    // Buttons say what they do.
    let (label, link) = match (view.kind, view.need_id, view.offer_id) {
        (Kind::NewOffer, _, _) => (format!("See {actor}\u{2019}s offer"), view.link()),
        (Kind::OfferAccepted, Some(need), Some(offer)) => (
            format!("Message {actor}"),
            format!("/needs/{need}/offers/{offer}/messages"),
        ),
        (Kind::StillNeeded, _, _) => ("Give it a new date, or close it".into(), view.link()),
        (Kind::ModerationAction, _, _) => ("See what happened".into(), view.link()),
        (Kind::NewApplication | Kind::NewReport | Kind::NewAppeal, _, _) => {
            ("Open the review queue".into(), view.link())
        }
        (_, Some(_), _) => ("See the need".into(), view.link()),
        _ => (format!("Open {}", site.name), view.link()),
    };
    let mut body = Body {
        greeting,
        paragraphs: vec![view.sentence()],
        action: Some(Link {
            label,
            url: format!("{}{}", site.base_url, link),
        }),
        ..Body::default()
    };
    if let (Kind::Thanked, Some(note)) = (view.kind, &view.thanks_note) {
        body.quotes.push(Quote {
            heading: "Their note:".into(),
            text: note.clone(),
        });
        body.action = Some(Link {
            label: "Choose whether it shows on your profile".into(),
            url: format!("{}{}", site.base_url, THANKS_CHOICE_PATH),
        });
    }
    body
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn a_long_subject_is_cut_between_words_with_an_ellipsis() {
        let cut = shorten(
            "Ben offered to help with a lift to the clinic on Tuesday",
            30,
        );
        assert_eq!(cut, "Ben offered to help with a\u{2026}");
        assert!(cut.chars().count() <= 30);
        assert_eq!(shorten("Short enough", 30), "Short enough");
        // One word longer than half the room is cut where it must be.
        let cut = shorten("Supercalifragilisticexpialidocious", 10);
        assert_eq!(cut, "Supercali\u{2026}");
    }
}
