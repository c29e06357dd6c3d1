//! HTML-only replies: the quoting of each mail program, and the text.

use crate::mail::inbound::html::new_html_text;
use crate::mail::inbound::new_text;

fn reply_of(html: &str) -> Option<String> {
    new_text(&new_html_text(html))
}

#[test]
fn each_mail_programs_quoted_html_is_dropped() {
    let quotes = [
        r#"<div class="gmail_quote"><div class="gmail_attr">On Tue, 8 Dec 2026 at 10:02, Kith wrote:</div><blockquote class="gmail_quote">Hello</blockquote></div>"#,
        r#"<div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Kith<br><b>Sent:</b> Tuesday</div><div>Hello</div>"#,
        r#"<hr size=2 width="98%"><div id=divRplyFwdMsg><p class=MsoNormal><b>Von:</b> Kith</p></div><p>Hello</p>"#,
        r#"<div><br><blockquote type="cite">El 8 dic 2026, a las 10:02, Ben escribió:</blockquote></div><blockquote type="cite"><div>Hello</div></blockquote>"#,
        r#"<div class="moz-cite-prefix">On 08/12/2026 10:02, Kith wrote:<br></div><blockquote type="cite" cite="mid:1@kith.example">Hello</blockquote>"#,
        r#"<blockquote style="margin:0">Hello <blockquote>nested</blockquote> still quoted</blockquote>"#,
        r#"<div id="mail-editor-reference-message-container"><b>From: </b>Kith<br>Hello</div>"#,
    ];
    for quote in quotes {
        let html = format!(
            r#"<html><body><div dir="ltr">Yes, 9 is fine.</div><div>Alice</div>{quote}</body></html>"#
        );
        assert_eq!(
            reply_of(&html).as_deref(),
            Some("Yes, 9 is fine.\nAlice"),
            "{quote}"
        );
    }
}

#[test]
fn html_becomes_the_lines_the_reader_saw() {
    let table = [
        ("<div>one</div><div>two</div>", "one\ntwo"),
        ("<div>one</div><div><br></div><div>two</div>", "one\n\ntwo"),
        ("<p>one</p><p>two</p>", "one\n\ntwo"),
        (
            "<p class=MsoNormal>one<o:p></o:p></p><p class=MsoNormal>two</p>",
            "one\ntwo",
        ),
        ("one<br>two<br/>three", "one\ntwo\nthree"),
        (
            "<ul><li>gloves</li><li>a flask</li></ul>",
            "- gloves\n- a flask",
        ),
        (
            "fish &amp; chips &lt;3 &eacute;t&eacute; &#8211; &#x2764; &nbsp;ok",
            "fish & chips <3 été – ❤  ok",
        ),
        ("a &unknown; b & c; 1 < 2", "a &unknown; b & c; 1 < 2"),
        (
            "<head><title>Re: Lift</title><style>p { color: red }</style></head><p>text</p>",
            "text",
        ),
        (
            "<!-- a comment --><script>if (a < b) {}</script>shown",
            "shown",
        ),
        ("<span>  lots   of\n   space </span>", "lots of space"),
        ("<a href=\"x\" title='a > b'>link</a>", "link"),
        ("<div>unclosed <b", "unclosed"),
    ];
    for (html, text) in table {
        assert_eq!(new_html_text(html), text, "{html}");
    }
}
