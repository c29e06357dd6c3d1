//! Answers by mail: what a member writes back to a conversation's mail
//! goes into that conversation, as them, under every rule the site's
//! message form keeps.
//!
//! Mail about a conversation (its messages, a new offer, an acceptance)
//! carries a `Reply-To` of `reply+CODE@` the mail domain, where CODE is
//! random and names one member and one conversation
//! ([`super::super::db::messages::reply_code`]). `kith mail receive`
//! hands the parsed message to [`take`], which posts its new text or says
//! why not. A person whose answer was refused gets one short mail saying
//! why, at their account's own address (never at the `From` of the mail,
//! which anyone can write), at most [`REFUSALS_PER_DAY`] a day; a program's
//! answer (an out-of-office) is dropped without a word.

use super::super::db::{messages as message_db, needs as need_db, offers as offer_db};
use super::super::messages::{MESSAGE_MAX, open_for_messages};
use crate::clock::{Timestamp, Zone};
use crate::db::DbConnection;
use crate::error::AppError;
use crate::kernel::identity::UserId;
use crate::mail::inbound::Inbound;
use crate::mail::{Body, Letter, Link};
use crate::notifications::{Kind, Notice, notify};
use crate::policy::standing::mailed_link_refusal;

/// Refusal mails a member gets at most in a day.
pub const REFUSALS_PER_DAY: i64 = 3;

/// Messages a member may write in [`BURST_SECONDS`], on the site and by
/// mail together (the site's own limit allows 30 at once, then one every
/// 20 seconds: the same pace).
pub const BURST: i64 = 30;

/// See [`BURST`].
pub const BURST_SECONDS: i64 = 30 * 20;

/// The kind of the refusal mail.
pub const REFUSED_PURPOSE: &str = "reply_refused";

/// What came of an answer by mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Taken {
    /// No reply address has this code.
    Unknown,
    /// Posted into the conversation.
    Posted,
    /// Sent by a program (an out-of-office): dropped without a word.
    Dropped,
    /// Not posted, for this reason (told to the member unless they were
    /// told too often today).
    Refused(String),
}

/// What the site is, for the refusal mail.
#[derive(Clone, Debug)]
pub struct Site {
    /// Its name.
    pub name: String,
    /// Its address, without a trailing slash (empty if unknown).
    pub base_url: String,
}

/// Takes `message`, sent to the reply address `code`, in the caller's
/// transaction. `cut` says it was longer than Kith reads.
pub fn take(
    conn: &mut DbConnection,
    code: &str,
    message: &Inbound,
    cut: bool,
    site: &Site,
    (now, zone): (Timestamp, Zone),
) -> Result<Taken, AppError> {
    let Some((user, offer)) = message_db::reply_address(conn, code)? else {
        return Ok(Taken::Unknown);
    };
    let Some(member) = crate::accounts::db::find_user(conn, user)? else {
        return Ok(Taken::Unknown);
    };
    if message.automatic {
        return Ok(Taken::Dropped);
    }
    let need = offer_db::need_of(conn, offer)?;
    let found = match need {
        Some(need) => need_db::find_need(conn, need)?.zip(offer_db::find_offer(conn, need, offer)?),
        None => None,
    };
    let conversation = found.as_ref().map(|(view, _)| {
        format!(
            "{}/needs/{}/offers/{offer}/messages",
            site.base_url, view.need.id
        )
    });
    let title = found
        .as_ref()
        .map(|(view, _)| view.need.title.clone())
        .unwrap_or_default();
    let why = refusal(conn, user, &member, message, cut, found.as_ref(), now, zone)?;
    if let Some(why) = why {
        tell(
            conn,
            (user, &member.email),
            &why,
            &title,
            conversation,
            site,
            now,
        )?;
        return Ok(Taken::Refused(why));
    }
    let ((view, offer_view), text) = match (found, message.reply.as_deref()) {
        (Some(found), Some(text)) => (found, crate::kernel::text::clean_multiline(text)),
        _ => return Ok(Taken::Unknown),
    };
    let to = if view.need.author() == user {
        offer_view.volunteer()
    } else {
        view.need.author()
    };
    message_db::insert_message(conn, offer, user, &text, now)?;
    let notice = Notice {
        to,
        kind: Kind::NewMessage,
        need: Some(view.need.id),
        offer: Some(offer),
        actor: Some(user),
    };
    notify(conn, &[notice], now)?;
    Ok(Taken::Posted)
}

/// Why the answer may not be posted, in words for the member; `None` if
/// it may.
#[allow(clippy::too_many_arguments, reason = "each is one thing the rules ask")]
fn refusal(
    conn: &mut DbConnection,
    user: UserId,
    member: &crate::accounts::db::UserRow,
    message: &Inbound,
    cut: bool,
    found: Option<&(super::super::db::NeedView, offer_db::OfferView)>,
    now: Timestamp,
    zone: Zone,
) -> Result<Option<String>, AppError> {
    let from_them = message
        .from
        .as_deref()
        .is_some_and(|from| from.eq_ignore_ascii_case(&member.email));
    if !from_them {
        return Ok(Some(format!(
            "it came from {}, not from the address of your account. Answers by e-mail are \
             taken only from your account's own address",
            message.from.as_deref().unwrap_or("an unknown address")
        )));
    }
    if let Some((standing, suspension)) = crate::accounts::db::standing_now(conn, user, now)?
        && let Some(AppError::Restricted(title, words)) =
            mailed_link_refusal(standing, suspension.as_ref(), zone)
    {
        return Ok(Some(format!("{title}. {words}")));
    }
    if !member.email_confirmed {
        return Ok(Some(
            "your address is not confirmed yet. Confirm it with the link we sent you first".into(),
        ));
    }
    if cut {
        return Ok(Some(
            "it was too large to read. Answer with a shorter e-mail, without attachments".into(),
        ));
    }
    let Some(text) = message.reply.as_deref() else {
        return Ok(Some(
            "we found no new text in it, only the earlier e-mail it quoted. Write your answer \
             above the quoted part"
                .into(),
        ));
    };
    if text.chars().count() > MESSAGE_MAX {
        return Ok(Some(format!(
            "it is longer than a message may be ({MESSAGE_MAX} characters)"
        )));
    }
    let Some((view, offer)) = found else {
        return Ok(Some("this conversation no longer exists".into()));
    };
    let author = view.need.author();
    let other = if author == user {
        offer.volunteer()
    } else {
        author
    };
    let in_it = user == author || user == offer.volunteer();
    if !in_it
        || view.need.hidden.is_some()
        || !open_for_messages(view, offer, now)
        || crate::people::db::blocked_either_way(conn, user, other)?
    {
        return Ok(Some("this conversation no longer takes messages".into()));
    }
    if message_db::written_since(conn, user, now.minus(BURST_SECONDS))? >= BURST {
        return Ok(Some(
            "you have sent many messages in a short time. Wait a few minutes and send it again"
                .into(),
        ));
    }
    Ok(None)
}

/// Mails the member why their answer was not posted, unless they were
/// told [`REFUSALS_PER_DAY`] times today (so Kith never answers a loop).
fn tell(
    conn: &mut DbConnection,
    (user, address): (UserId, &str),
    why: &str,
    title: &str,
    conversation: Option<String>,
    site: &Site,
    now: Timestamp,
) -> Result<(), AppError> {
    let told = crate::mail::db::count_since(conn, user, REFUSED_PURPOSE, now.minus(86_400))?;
    if told >= REFUSALS_PER_DAY {
        return Ok(());
    }
    let about = if title.is_empty() {
        String::new()
    } else {
        format!(" about \u{201c}{title}\u{201d}")
    };
    let body = Body {
        greeting: "Hello,".into(),
        paragraphs: vec![
            format!("Your e-mail to the conversation{about} was not posted: {why}."),
            "Nothing was sent to your neighbour. You can answer on the site instead.".into(),
        ],
        action: conversation
            .filter(|url| url.starts_with("http"))
            .map(|url| Link {
                label: "Answer on the site".into(),
                url,
            }),
        reason: format!(
            "You get this because an e-mail was sent to your reply address on {}.",
            site.name
        ),
        ..Body::default()
    };
    let subject = "Your e-mail answer was not posted".to_owned();
    let (text, html) = body.render(&site.name, &subject)?;
    let letter = Letter {
        to_user: Some(user),
        to_address: address.to_owned(),
        purpose: REFUSED_PURPOSE,
        subject,
        text,
        html,
        unsubscribe_url: None,
        automatic: true,
    };
    crate::mail::queue(conn, &letter, now)?;
    Ok(())
}
