//! What a person wrote, as each mail program sends it.

use super::{fixture, read_fixture};
use crate::mail::inbound::html::new_html_text;
use crate::mail::inbound::new_text;

#[test]
fn a_gmail_reply_keeps_only_the_new_lines() {
    let inbound = read_fixture(fixture!("gmail_reply_en"));
    assert_eq!(
        inbound.reply.as_deref(),
        Some(
            "Yes please, 9 is perfect. The bell doesn’t work, so just knock twice.\n\nThanks so much!\nAlice"
        )
    );
    assert!(!inbound.automatic);
    assert_eq!(inbound.report, None);
}

#[test]
fn a_gmail_reply_names_its_sender_and_where_it_was_delivered() {
    let inbound = read_fixture(fixture!("gmail_reply_en"));
    assert_eq!(inbound.from.as_deref(), Some("alice.moreno@gmail.com"));
    assert_eq!(
        inbound.recipients,
        ["kith@mx.kith.example", "reply+9f3kq2@kith.example"]
    );
    assert_eq!(
        inbound.message_id.as_deref(),
        Some("CAJ8v2tRz0x1H4kq5vN+7pYb3Lw9QmS_dF6eKc2uZ8hT1oG4xVg@mail.gmail.com")
    );
    assert_eq!(inbound.subject, "Re: Lift to the clinic on Tuesday");
}

#[test]
fn the_html_of_a_gmail_reply_says_the_same_as_its_plain_text() {
    let message = mail_parser::MessageParser::default()
        .parse(fixture!("gmail_reply_en"))
        .expect("the fixture is a message");
    let html = message.body_html(0).expect("the fixture has HTML");
    assert_eq!(
        new_text(&new_html_text(&html)).as_deref(),
        Some(
            "Yes please, 9 is perfect. The bell doesn’t work, so just knock twice.\n\nThanks so much!\nAlice"
        )
    );
}

#[test]
fn an_outlook_reply_in_german_with_only_html_keeps_the_lines_above_the_header_block() {
    let inbound = read_fixture(fixture!("outlook_reply_de"));
    assert_eq!(
        inbound.reply.as_deref(),
        Some(
            "Hallo Ben,\n\nja, gerne um 9 Uhr. Bitte zweimal klingeln, ich brauche etwas länger bis zur Tür – das dauert.\n\nViele Grüße\nJana"
        )
    );
    assert_eq!(
        inbound.from.as_deref(),
        Some("jana.becker@t-online.example")
    );
    assert_eq!(
        inbound.recipients,
        [
            "kith@mx.kith.example",
            "reply+4tz8hd@kith.example",
            "ben.okafor@example.net"
        ]
    );
    assert!(!inbound.automatic);
}

#[test]
fn an_iphone_reply_in_spanish_stops_at_the_phones_sign_off() {
    let inbound = read_fixture(fixture!("apple_reply_es"));
    assert_eq!(
        inbound.reply.as_deref(),
        Some("Sí, a las 9 me va bien. Te espero en el portal.\n\n¡Gracias, Ben!")
    );
    assert_eq!(inbound.from.as_deref(), Some("lucia.fernandez@icloud.com"));
}

#[test]
fn the_html_of_an_iphone_reply_says_the_same_as_its_plain_text() {
    let message = mail_parser::MessageParser::default()
        .parse(fixture!("apple_reply_es"))
        .expect("the fixture is a message");
    let html = message.body_html(0).expect("the fixture has HTML");
    assert_eq!(
        new_text(&new_html_text(&html)).as_deref(),
        Some("Sí, a las 9 me va bien. Te espero en el portal.\n\n¡Gracias, Ben!")
    );
}

#[test]
fn a_thunderbird_reply_written_below_the_quote_keeps_the_answer_without_signature() {
    let inbound = read_fixture(fixture!("thunderbird_reply_en"));
    assert_eq!(
        inbound.reply.as_deref(),
        Some(
            "Hello Ben,\n\n9 works for me. I'll be waiting at the front door with my walker, so there's no need to ring.\n\nCarol"
        )
    );
}

#[test]
fn a_gmail_reply_in_arabic_stops_at_its_wrapped_attribution() {
    let inbound = read_fixture(fixture!("gmail_reply_ar"));
    assert_eq!(
        inbound.reply.as_deref(),
        Some("نعم، التاسعة تناسبني. سأنتظرك عند الباب، لا داعي لقرع الجرس.\n\nشكرًا جزيلًا\nسلمى")
    );
    assert_eq!(inbound.from.as_deref(), Some("salma.haddad@gmail.com"));
}

#[test]
fn the_html_of_an_arabic_gmail_reply_says_the_same_as_its_plain_text() {
    let message = mail_parser::MessageParser::default()
        .parse(fixture!("gmail_reply_ar"))
        .expect("the fixture is a message");
    let html = message.body_html(0).expect("the fixture has HTML");
    assert_eq!(
        new_text(&new_html_text(&html)).as_deref(),
        Some("نعم، التاسعة تناسبني. سأنتظرك عند الباب، لا داعي لقرع الجرس.\n\nشكرًا جزيلًا\nسلمى")
    );
}

#[test]
fn an_html_only_reply_from_outlook_for_android_drops_the_quote_and_the_sign_off() {
    let inbound = read_fixture(fixture!("html_only_outlook_android"));
    assert_eq!(
        inbound.reply.as_deref(),
        Some("I can also bring a folding wheelchair if that helps.\n\nDev")
    );
    assert_eq!(inbound.from.as_deref(), Some("dev.patel@outlook.example"));
}

#[test]
fn a_reply_that_only_quotes_has_nothing_new() {
    let inbound = read_fixture(fixture!("quoted_only"));
    assert_eq!(inbound.reply, None);
    assert!(!inbound.automatic);
}

#[test]
fn an_empty_plain_text_part_beside_the_html_does_not_hide_the_answer() {
    let raw = "From: Dev Patel <dev.patel@outlook.example>\r\nTo: reply+8mc3xe@kith.example\r\n\
               Subject: Re: Lift\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n\
               --b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\r\n\
               --b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<div>Count me in.</div>\r\n--b--\r\n";
    assert_eq!(
        read_fixture(raw.as_bytes()).reply.as_deref(),
        Some("Count me in.")
    );
}
