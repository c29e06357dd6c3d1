//! Telling mail a program sent (out-of-office answers, mailing lists,
//! bounces) from mail a person wrote, so no program's answer is posted into
//! a conversation and no two programs answer each other for ever.
//!
//! `X-Auto-Response-Suppress` is not read: Exchange puts it on ordinary
//! mail from people too, and its own automatic answers carry
//! `Auto-Submitted` as well.

use mail_parser::{HeaderValue, Message};

/// How out-of-office subjects begin, lowercased: English, German, Spanish,
/// French, Arabic.
const OUT_OF_OFFICE: &[&str] = &[
    "out of office",
    "out of the office",
    "automatic reply",
    "auto:",
    "autoreply",
    "auto-reply",
    "auto reply",
    "abwesenheitsnotiz",
    "abwesend",
    "automatische antwort",
    "respuesta automática",
    "fuera de la oficina",
    "réponse automatique",
    "absence",
    "رد تلقائي",
    "الرد التلقائي",
];

/// Precedence values that mark mail sent to many or by a program.
const BULK: &[&str] = &["bulk", "junk", "list", "auto_reply"];

/// Whether `message` says, in any of the usual ways, that a program sent it.
pub(super) fn is_automatic(message: &Message<'_>) -> bool {
    let auto_submitted = values(message, "Auto-Submitted")
        .any(|value| !first_word(value).eq_ignore_ascii_case("no"));
    let autoreply = ["X-Autoreply", "X-Autorespond"].iter().any(|name| {
        values(message, name).any(|value| !first_word(value).eq_ignore_ascii_case("no"))
    });
    let bulk = ["Precedence", "X-Precedence"].iter().any(|name| {
        values(message, name).any(|value| BULK.contains(&first_word(value).to_lowercase().as_str()))
    });
    let list = has(message, "List-Id") || has(message, "List-Unsubscribe");
    // The delivery agent writes the envelope sender here; bounces have none.
    let null_sender = message
        .header_raw("Return-Path")
        .is_some_and(|path| path.trim() == "<>");
    let mailer_daemon = message
        .from()
        .and_then(|from| from.first())
        .and_then(|addr| addr.address.as_deref())
        .and_then(|address| address.split_once('@'))
        .is_some_and(|(local, _)| local.eq_ignore_ascii_case("mailer-daemon"));
    let subject = message.subject().unwrap_or_default().trim().to_lowercase();
    let out_of_office = OUT_OF_OFFICE.iter().any(|start| subject.starts_with(start));
    auto_submitted || autoreply || bulk || list || null_sender || mailer_daemon || out_of_office
}

fn has(message: &Message<'_>, name: &str) -> bool {
    message
        .headers()
        .iter()
        .any(|header| header.name.as_str().eq_ignore_ascii_case(name))
}

/// The text of each top-level header called `name`.
fn values<'m>(message: &'m Message<'_>, name: &'m str) -> impl Iterator<Item = &'m str> {
    message
        .headers()
        .iter()
        .filter(move |header| header.name.as_str().eq_ignore_ascii_case(name))
        .filter_map(|header| match &header.value {
            HeaderValue::Text(text) => Some(text.as_ref()),
            HeaderValue::TextList(list) => list.first().map(|text| text.as_ref()),
            HeaderValue::Address(_)
            | HeaderValue::DateTime(_)
            | HeaderValue::ContentType(_)
            | HeaderValue::Received(_)
            | HeaderValue::Empty => None,
        })
}

/// "auto-replied" of "auto-replied; owner-email=…".
fn first_word(value: &str) -> &str {
    value
        .split([';', ' ', '\t'])
        .next()
        .unwrap_or_default()
        .trim()
}
