//! Mail that comes in: replies to conversations and reports of mail that
//! did not arrive.
//!
//! [`read`] takes one message as the mail server hands it to a program on
//! standard input and says what it is: who sent it and to which addresses,
//! whether a program rather than a person sent it ([`Inbound::automatic`]),
//! what the person newly wrote above the history their mail program quotes
//! ([`Inbound::reply`]), and, for a delivery status notification, what
//! happened to each recipient ([`Inbound::report`]). Nothing here touches
//! the database: `kith mail receive` decides what to do with the answer.

mod attribution;
mod automatic;
mod flowed;
mod html;
mod quotes;
mod report;
#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::fmt;

use mail_parser::{HeaderName, Message, MessageParser, MimeHeaders, PartType};

pub use quotes::new_text;
pub use report::{Delivery, DeliveryReport};

/// Messages larger than this are refused before they are parsed.
pub const MAX_SIZE: usize = 1024 * 1024;

/// Lines Kith puts at the top of a mail that invites a reply; everything
/// from a line containing one of them down is cut from a reply (in English,
/// German, Spanish, Arabic).
pub const REPLY_MARKERS: &[&str] = &[
    "Reply above this line",
    "Antworte oberhalb dieser Zeile",
    "Responde por encima de esta línea",
    "اكتب ردك فوق هذا السطر",
];

/// Why [`read`] could not make anything of its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// Over [`MAX_SIZE`]; not parsed at all.
    TooLarge,
    /// No headers of an e-mail message were found.
    NotAMessage,
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unreadable::TooLarge => {
                write!(
                    f,
                    "the message is larger than {} MiB",
                    MAX_SIZE / 1024 / 1024
                )
            }
            Unreadable::NotAMessage => write!(f, "the input is not an e-mail message"),
        }
    }
}

impl std::error::Error for Unreadable {}

/// One incoming message, as far as Kith cares.
#[derive(Debug, Clone, Default)]
pub struct Inbound {
    /// The bare address (`local@domain`, lowercased) of the From header;
    /// `None` if it is absent or not an address.
    pub from: Option<String>,
    /// The addresses it was delivered to as far as the headers tell:
    /// Delivered-To, X-Original-To, Envelope-To, then To and Cc; lowercased,
    /// each once, in that order.
    pub recipients: Vec<String>,
    /// The Message-ID, without its angle brackets.
    pub message_id: Option<String>,
    /// The subject, or empty.
    pub subject: String,
    /// Sent by a program (an out-of-office answer, a mailing list, a bounce),
    /// not by a person.
    pub automatic: bool,
    /// What the person newly wrote, without the quoted history, signature
    /// and sign-offs; `None` if nothing is left, and for a delivery report.
    pub reply: Option<String>,
    /// For a delivery status notification, what it says.
    pub report: Option<DeliveryReport>,
}

/// Reads one message as a mail server hands it over.
///
/// Never panics on any input: what is not a message is
/// [`Unreadable::NotAMessage`], and a message with nothing new in it has
/// `reply: None`.
pub fn read(raw: &[u8]) -> Result<Inbound, Unreadable> {
    if raw.len() > MAX_SIZE {
        return Err(Unreadable::TooLarge);
    }
    let message = MessageParser::default()
        .parse(without_envelope_line(raw))
        .filter(has_message_headers)
        .ok_or(Unreadable::NotAMessage)?;
    let report = report::delivery_report(&message);
    let reply = match report {
        Some(_) => None,
        // Some programs send an empty plain-text part beside the HTML.
        None => plain_text(&message)
            .as_deref()
            .and_then(new_text)
            .or_else(|| html_text(&message).as_deref().and_then(new_text)),
    };
    Ok(Inbound {
        from: message
            .from()
            .and_then(|from| from.first())
            .and_then(|addr| addr.address.as_deref())
            .and_then(bare_address),
        recipients: recipients(&message),
        message_id: message.message_id().map(str::to_owned),
        subject: message.subject().unwrap_or_default().trim().to_owned(),
        automatic: report.is_some() || automatic::is_automatic(&message),
        reply,
        report,
    })
}

/// Skips the mbox "From sender date" line some delivery agents put first.
fn without_envelope_line(raw: &[u8]) -> &[u8] {
    match raw.strip_prefix(b"From ") {
        Some(rest) => rest
            .iter()
            .position(|&byte| byte == b'\n')
            .map_or(&[][..], |end| &rest[end + 1..]),
        None => raw,
    }
}

/// Whether the parser found at least one header every message has some of;
/// random bytes may still look like a "name: value" line or two.
fn has_message_headers(message: &Message<'_>) -> bool {
    message.headers().iter().any(|header| {
        matches!(
            header.name,
            HeaderName::From
                | HeaderName::Sender
                | HeaderName::To
                | HeaderName::Cc
                | HeaderName::Subject
                | HeaderName::Date
                | HeaderName::MessageId
                | HeaderName::DeliveredTo
                | HeaderName::ReturnPath
                | HeaderName::Received
        )
    })
}

fn recipients(message: &Message<'_>) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for name in ["Delivered-To", "X-Original-To", "Envelope-To"] {
        for header in message
            .headers()
            .iter()
            .filter(|header| header.name.as_str().eq_ignore_ascii_case(name))
        {
            if let Some(text) = header.value.as_text() {
                found.extend(text.split(',').filter_map(|piece| {
                    let piece = piece.trim();
                    let inner = piece
                        .split_once('<')
                        .and_then(|(_, rest)| rest.split_once('>'))
                        .map_or(piece, |(inner, _)| inner);
                    bare_address(inner)
                }));
            }
        }
    }
    for list in message.all_to().chain(message.all_cc()) {
        found.extend(
            list.iter()
                .filter_map(|addr| addr.address.as_deref())
                .filter_map(bare_address),
        );
    }
    let mut seen = HashSet::new();
    found.retain(|address| seen.insert(address.clone()));
    found
}

/// `local@domain`, lowercased, or `None` for anything else.
fn bare_address(text: &str) -> Option<String> {
    let text = text.trim();
    let (local, domain) = text.rsplit_once('@')?;
    let plain = !local.is_empty()
        && !domain.is_empty()
        && text.len() <= 254
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>,;".contains(c));
    plain.then(|| text.to_lowercase())
}

/// The message's plain-text body parts, with format=flowed undone.
fn plain_text(message: &Message<'_>) -> Option<String> {
    let plain: Vec<String> = message
        .text_bodies()
        .filter_map(|part| match &part.body {
            PartType::Text(text) => Some(match part.content_type() {
                Some(kind)
                    if kind
                        .attribute("format")
                        .is_some_and(|f| f.eq_ignore_ascii_case("flowed")) =>
                {
                    let delsp = kind
                        .attribute("delsp")
                        .is_some_and(|d| d.eq_ignore_ascii_case("yes"));
                    flowed::unflow(text, delsp)
                }
                _ => text.to_string(),
            }),
            PartType::Html(_)
            | PartType::Binary(_)
            | PartType::InlineBinary(_)
            | PartType::Message(_)
            | PartType::Multipart(_) => None,
        })
        .collect();
    (!plain.is_empty()).then(|| plain.join("\n"))
}

/// The message's HTML body parts as plain text, without quoted history.
fn html_text(message: &Message<'_>) -> Option<String> {
    let html: Vec<String> = message
        .html_bodies()
        .filter_map(|part| match &part.body {
            PartType::Html(html) => Some(html::new_html_text(html)),
            PartType::Text(_)
            | PartType::Binary(_)
            | PartType::InlineBinary(_)
            | PartType::Message(_)
            | PartType::Multipart(_) => None,
        })
        .collect();
    (!html.is_empty()).then(|| html.join("\n"))
}
