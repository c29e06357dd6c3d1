//! Input that is not a message, or too much of one.

use super::fixture;
use crate::mail::inbound::{MAX_SIZE, Unreadable, read};

#[test]
fn a_message_over_the_size_limit_is_refused_unread() {
    let mut raw = b"From: alice@example.org\r\nSubject: big\r\n\r\n".to_vec();
    raw.resize(MAX_SIZE + 1, b'a');
    assert_eq!(read(&raw).err(), Some(Unreadable::TooLarge));
}

#[test]
fn random_bytes_are_not_a_message() {
    assert_eq!(
        read(fixture!("malformed_random_bytes")).err(),
        Some(Unreadable::NotAMessage)
    );
}

#[test]
fn text_without_headers_is_not_a_message() {
    assert_eq!(
        read(fixture!("malformed_no_headers")).err(),
        Some(Unreadable::NotAMessage)
    );
    assert_eq!(read(b"").err(), Some(Unreadable::NotAMessage));
}

#[test]
fn a_message_cut_off_anywhere_never_panics_and_never_invents_a_reply_from_nothing() {
    let fixtures: [&[u8]; 13] = [
        fixture!("gmail_reply_en"),
        fixture!("outlook_reply_de"),
        fixture!("apple_reply_es"),
        fixture!("thunderbird_reply_en"),
        fixture!("gmail_reply_ar"),
        fixture!("out_of_office_de"),
        fixture!("quoted_only"),
        fixture!("html_only_outlook_android"),
        fixture!("bounce_postfix_user_unknown"),
        fixture!("bounce_postfix_delayed"),
        fixture!("bounce_exim"),
        fixture!("malformed_random_bytes"),
        fixture!("malformed_no_headers"),
    ];
    for raw in fixtures {
        for end in (0..raw.len()).step_by(7) {
            if let Ok(inbound) = read(&raw[..end]) {
                assert!(inbound.reply.is_none_or(|reply| !reply.trim().is_empty()));
            }
        }
    }
}

#[test]
fn an_mbox_envelope_line_before_the_headers_is_skipped() {
    let raw = b"From alice@example.org Tue Dec  8 10:14:52 2026\nFrom: alice@example.org\nSubject: Re: Lift\n\nYes.\n";
    let inbound = read(raw).expect("a message");
    assert_eq!(inbound.from.as_deref(), Some("alice@example.org"));
    assert_eq!(inbound.reply.as_deref(), Some("Yes."));
}

#[test]
fn the_reasons_read_as_plain_words() {
    assert_eq!(
        Unreadable::NotAMessage.to_string(),
        "the input is not an e-mail message"
    );
    assert!(
        Unreadable::TooLarge
            .to_string()
            .starts_with("the message is larger than")
    );
}

#[test]
fn a_message_built_to_be_slow_is_read_in_one_pass() {
    let bodies = [
        "<blockquote>".repeat(60_000) + "</blockquote>",
        "<style>".repeat(100_000),
        "class=\"gmail_quote\" ".repeat(40_000),
        "<a title='".repeat(80_000),
        "On 8 Dec 2026\n\n\n".repeat(50_000),
        "________________________________\n".repeat(25_000),
    ];
    for body in bodies {
        let html = format!("From: a@example.org\r\nContent-Type: text/html\r\n\r\n{body}");
        let plain = format!("From: a@example.org\r\nContent-Type: text/plain\r\n\r\n{body}");
        for raw in [html, plain] {
            assert!(raw.len() <= MAX_SIZE);
            let inbound = read(raw.as_bytes()).expect("a message");
            assert!(inbound.reply.is_none_or(|reply| !reply.is_empty()));
        }
    }
}
