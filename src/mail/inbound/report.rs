//! Delivery status notifications (RFC 3464, and the international form of
//! RFC 6533): what happened to a message Kith sent, recipient by recipient.

use mail_parser::{ContentType, Message, MimeHeaders};

/// The longest diagnostic kept, in characters.
const LONGEST_DIAGNOSTIC: usize = 300;

/// What a delivery status notification says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryReport {
    /// One entry per recipient the report names, in its order.
    pub recipients: Vec<Delivery>,
}

/// What happened to the message for one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The Final-Recipient (or else Original-Recipient) address, lowercased,
    /// without its address type (`rfc822;`).
    pub recipient: String,
    /// Lowercased: `failed`, `delayed`, `delivered`, `relayed` or `expanded`.
    pub action: String,
    /// The enhanced status code, such as `5.1.1`.
    pub status: String,
    /// The receiving server's words, on one line, at most 300 characters.
    pub diagnostic: String,
}

impl Delivery {
    /// Whether the message will never reach this recipient: the action is
    /// `failed` and the status of class 5, so sending again will not help.
    pub fn is_permanent_failure(&self) -> bool {
        self.action == "failed" && self.status.split('.').next() == Some("5")
    }
}

/// The report in `message`, if it is a `multipart/report` of delivery
/// status with a `message/delivery-status` (or
/// `message/global-delivery-status`) part.
pub(super) fn delivery_report(message: &Message<'_>) -> Option<DeliveryReport> {
    let kind = message.content_type()?;
    let is_report = kind.ctype().eq_ignore_ascii_case("multipart")
        && kind
            .subtype()
            .is_some_and(|sub| sub.eq_ignore_ascii_case("report"))
        && kind.attribute("report-type").is_none_or(|report| {
            report.eq_ignore_ascii_case("delivery-status")
                || report.eq_ignore_ascii_case("global-delivery-status")
        });
    if !is_report {
        return None;
    }
    let status = message
        .parts
        .iter()
        .find(|part| part.content_type().is_some_and(is_delivery_status))?;
    let text = String::from_utf8_lossy(status.contents());
    Some(DeliveryReport {
        recipients: field_blocks(&text)
            .iter()
            .filter_map(|block| delivery(block))
            .collect(),
    })
}

fn is_delivery_status(kind: &ContentType<'_>) -> bool {
    kind.ctype().eq_ignore_ascii_case("message")
        && kind.subtype().is_some_and(|sub| {
            sub.eq_ignore_ascii_case("delivery-status")
                || sub.eq_ignore_ascii_case("global-delivery-status")
        })
}

/// The blocks of fields separated by blank lines, each field as its
/// lowercased name and its unfolded value.
fn field_blocks(text: &str) -> Vec<Vec<(String, String)>> {
    let mut blocks = Vec::new();
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !fields.is_empty() {
                blocks.push(std::mem::take(&mut fields));
            }
        } else if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = fields.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            fields.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    if !fields.is_empty() {
        blocks.push(fields);
    }
    blocks
}

/// A recipient's block; the per-message block names no recipient.
fn delivery(fields: &[(String, String)]) -> Option<Delivery> {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    };
    let recipient = field("final-recipient")
        .or_else(|| field("original-recipient"))
        .map(|value| {
            without_type(value)
                .trim_matches(['<', '>'])
                .trim()
                .to_lowercase()
        })
        .filter(|recipient| !recipient.is_empty())?;
    let first_word = |name: &str| {
        field(name)
            .and_then(|value| value.split_whitespace().next())
            .unwrap_or_default()
    };
    Some(Delivery {
        recipient,
        action: first_word("action").to_lowercase(),
        status: first_word("status").to_owned(),
        diagnostic: field("diagnostic-code")
            .map(|value| {
                without_type(value)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(LONGEST_DIAGNOSTIC)
                    .collect()
            })
            .unwrap_or_default(),
    })
}

/// The value without the type before its `;` ("rfc822;", "smtp;",
/// "X-Postfix;"), if it has one.
fn without_type(value: &str) -> &str {
    match value.split_once(';') {
        Some((kind, rest))
            if !kind.trim().is_empty()
                && kind
                    .trim()
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.') =>
        {
            rest.trim()
        }
        Some(_) | None => value.trim(),
    }
}
