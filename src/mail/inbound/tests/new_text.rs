//! The rules for cutting quoted history from plain text, one line at a time.

use crate::mail::inbound::new_text;

/// Each body with what the person wrote in it, ahead of a quote it must drop.
#[test]
fn attribution_lines_in_each_language_start_the_quoted_history() {
    let attributions = [
        "On Tue, 8 Dec 2026 at 10:02, Kith <reply+abc@kith.example> wrote:",
        "On 8 Dec 2026, at 10:02, Ben wrote:",
        "On Tue, 8 Dec 2026 at 10:02, Kith <reply+abc@kith.example>\nwrote:",
        "Am Di., 8. Dez. 2026 um 10:02 Uhr schrieb Kith <reply+abc@kith.example>:",
        "Am 08.12.26 um 10:02 schrieb Ben:",
        "El mar, 8 dic 2026 a las 10:02, Kith (<reply+abc@kith.example>) escribió:",
        "El 8 dic 2026, a las 10:02, Ben <ben@example.org> escribió:",
        "Le mar. 8 déc. 2026 à 10:02, Kith <reply+abc@kith.example> a écrit :",
        "Le mar. 8 déc. 2026 à 10:02, Kith <reply+abc@kith.example> a\u{a0}écrit\u{a0}:",
        "في الثلاثاء، ٨ ديسمبر ٢٠٢٦ في ١٠:٠٢ ص تمت كتابة ما يلي بواسطة Kith <reply+abc@kith.example>:",
        "\u{200f}في ٨ ديسمبر ٢٠٢٦، كتب Ben <ben@example.org>:\u{200f}",
        "في الثلاثاء، ٨ ديسمبر ٢٠٢٦ في ١٠:٠٢ ص، Ben كتب:",
    ];
    for attribution in attributions {
        let body = format!(
            "Yes, 9 is fine.\r\n\r\n{attribution}\r\n\r\nReply above this line to answer Ben.\r\n"
        );
        assert_eq!(
            new_text(&body).as_deref(),
            Some("Yes, 9 is fine."),
            "{attribution}"
        );
    }
}

#[test]
fn outlook_separators_and_header_blocks_start_the_quoted_history() {
    let separators = [
        "-----Original Message-----\nFrom: Kith",
        "-----Ursprüngliche Nachricht-----\nVon: Kith",
        "-----Mensaje original-----\nDe: Kith",
        "________________________________\nFrom: Kith <reply+abc@kith.example>\nSent: Tuesday, December 8, 2026 10:02 AM",
        "________________________________\n\nVon: Kith <reply+abc@kith.example>",
        "________________________________\nDe: Kith <reply+abc@kith.example>",
        "________________________________\nمن: Kith <reply+abc@kith.example>",
        "From: Kith <reply+abc@kith.example>\nSent: Tuesday, December 8, 2026 10:02 AM\nTo: Alice",
        "*From:* Kith <reply+abc@kith.example>\n*Date:* Tuesday, 8 December 2026",
        "Von: Kith <reply+abc@kith.example>\nGesendet: Dienstag, 8. Dezember 2026 10:02",
        "De: Kith <reply+abc@kith.example>\nEnviado: martes, 8 de diciembre de 2026 10:02",
        "De : Kith <reply+abc@kith.example>\nEnvoyé : mardi 8 décembre 2026 10:02",
    ];
    for separator in separators {
        let body = format!("Yes, 9 is fine.\n\n{separator}\nSubject: Lift\n\nHello Alice,\n");
        assert_eq!(
            new_text(&body).as_deref(),
            Some("Yes, 9 is fine."),
            "{separator}"
        );
    }
}

#[test]
fn signatures_sign_offs_and_reply_markers_end_what_the_person_wrote() {
    let endings = [
        "-- \nAlice Moreno\n07700 900123",
        "--\nAlice",
        "Sent from my iPhone",
        "Sent from my Galaxy",
        "Von meinem iPhone gesendet",
        "Enviado desde mi iPhone",
        "Envoyé de mon iPhone",
        "Sent from Outlook for Android",
        "Get Outlook for iOS",
        "أُرسلت من الـ iPhone",
        "> Reply above this line to answer Ben.",
        "Reply above this line to answer Ben. Your answer goes to Ben on Larkhill Neighbours.",
        "Antworte oberhalb dieser Zeile, um Ben zu antworten.",
        "Responde por encima de esta línea para contestar a Ben.",
        "اكتب ردك فوق هذا السطر للرد على بن.",
    ];
    for ending in endings {
        let body = format!("Yes, 9 is fine.\nSee you then.\n\n{ending}\n");
        assert_eq!(
            new_text(&body).as_deref(),
            Some("Yes, 9 is fine.\nSee you then."),
            "{ending}"
        );
    }
}

#[test]
fn lines_that_only_look_like_history_in_the_middle_of_a_sentence_are_kept() {
    let kept = [
        "I wrote: bring gloves",
        "On Tuesday I can drive, Ben wrote me that he can't.",
        "On reflection, I wrote:",
        "From: the pharmacy, two bags",
        "Sent from my kitchen window I could see your car, so thanks for coming round so early",
        "Am Dienstag passt es mir gut.",
        "El martes me va bien.",
        "Le mardi me convient.",
        "- a list item",
        "---",
    ];
    for line in kept {
        let body = format!(
            "Hello Ben,\n{line}\nAlice\n\nOn Tue, 8 Dec 2026 at 10:02, Kith wrote:\n> Hello\n"
        );
        assert_eq!(
            new_text(&body),
            Some(format!("Hello Ben,\n{line}\nAlice")),
            "{line}"
        );
    }
}

#[test]
fn a_reply_of_only_quoted_lines_has_no_new_text() {
    let bodies = [
        "> I can drive you at 9.\n> Shall I ring the bell?\n",
        "\n\nOn Tue, 8 Dec 2026 at 10:02, Kith <reply+abc@kith.example> wrote:\n\n> Reply above this line\n",
        "   \n\t\n",
        "",
        "Sent from my iPhone\n\n> Reply above this line\n",
        "-- \nAlice Moreno\n",
    ];
    for body in bodies {
        assert_eq!(new_text(body), None, "{body:?}");
    }
}

#[test]
fn an_answer_written_below_the_quote_is_kept() {
    let body = "On 08/12/2026 10:02, Kith wrote:\n> Shall I ring the bell?\n\nNo need, I'll be at the door.\n\n-- \nCarol\n";
    assert_eq!(
        new_text(body).as_deref(),
        Some("No need, I'll be at the door.")
    );
}

#[test]
fn the_persons_line_breaks_are_kept_and_only_trailing_space_is_trimmed() {
    let body =
        "\r\n  Hello Ben,  \r\n\r\n\r\nyes:\r\n  - gloves\r\n  - a flask\r\n\r\n \r\n> quoted\r\n";
    assert_eq!(
        new_text(body).as_deref(),
        Some("  Hello Ben,\n\n\nyes:\n  - gloves\n  - a flask")
    );
}

#[test]
fn a_quote_after_the_first_new_line_ends_the_reply() {
    let body = "Yes please.\n> I can drive you at 9.\nAnd thanks!\n";
    assert_eq!(new_text(body).as_deref(), Some("Yes please."));
}
