//! Telling a program's answer from a person's.

use super::{fixture, read_fixture};
use crate::mail::inbound::read;

#[test]
fn an_out_of_office_answer_is_automatic() {
    let inbound = read_fixture(fixture!("out_of_office_de"));
    assert!(inbound.automatic);
    assert_eq!(inbound.report, None);
    assert_eq!(
        inbound.subject,
        "Automatische Antwort: Lift to the clinic on Tuesday"
    );
}

/// A short message with `headers` above the usual ones.
fn message_with(headers: &str, subject: &str) -> Vec<u8> {
    format!(
        "{headers}From: Jana Becker <jana@example.org>\r\nTo: reply+4tz8hd@kith.example\r\n\
         Subject: {subject}\r\nMessage-ID: <1@example.org>\r\n\r\nYes, gladly.\r\n"
    )
    .into_bytes()
}

fn is_automatic(headers: &str, subject: &str) -> bool {
    read(&message_with(headers, subject))
        .expect("a message")
        .automatic
}

#[test]
fn each_usual_sign_of_a_program_makes_a_message_automatic() {
    let table: &[(&str, &str)] = &[
        ("Auto-Submitted: auto-replied\r\n", "Re: Lift"),
        (
            "Auto-Submitted: auto-generated; owner-email=\"x@example.org\"\r\n",
            "Re: Lift",
        ),
        ("X-Autoreply: yes\r\n", "Re: Lift"),
        ("X-Autorespond: Lift to the clinic\r\n", "Re: Lift"),
        ("Precedence: bulk\r\n", "Re: Lift"),
        ("Precedence: auto_reply\r\n", "Re: Lift"),
        ("X-Precedence: list\r\n", "Re: Lift"),
        (
            "List-Id: Larkhill chat <chat.larkhill.example.org>\r\n",
            "Re: Lift",
        ),
        (
            "List-Unsubscribe: <mailto:leave@lists.example.org>\r\n",
            "Re: Lift",
        ),
        ("Return-Path: <>\r\n", "Re: Lift"),
        ("", "Out of Office: Lift to the clinic"),
        ("", "Automatic reply: Lift to the clinic"),
        ("", "AUTO: Jana is away"),
        ("", "Autoreply: Lift"),
        ("", "Abwesenheitsnotiz: Lift"),
        ("", "Automatische Antwort: Lift"),
        ("", "Respuesta automática: Lift"),
        ("", "Fuera de la oficina"),
        ("", "Réponse automatique : Lift"),
        ("", "Absence du bureau"),
        ("", "رد تلقائي: Lift"),
    ];
    for (headers, subject) in table {
        assert!(is_automatic(headers, subject), "{headers:?} {subject:?}");
    }
}

#[test]
fn a_person_writing_about_being_away_is_not_automatic() {
    let table: &[(&str, &str)] = &[
        ("", "Re: Lift to the clinic on Tuesday"),
        ("", "Re: Out of office next week, can someone else drive?"),
        ("Auto-Submitted: no\r\n", "Re: Lift"),
        ("Precedence: first-class\r\n", "Re: Lift"),
        ("X-Auto-Response-Suppress: All\r\n", "Re: Lift"),
        ("Return-Path: <jana@example.org>\r\n", "Re: Lift"),
    ];
    for (headers, subject) in table {
        assert!(!is_automatic(headers, subject), "{headers:?} {subject:?}");
    }
}
