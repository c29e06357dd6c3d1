//! Showing what members typed: plain text, line breaks kept (by the
//! stylesheet), and `http(s)` links made clickable. Everything is escaped
//! here, in one audited place; templates must never mark user text safe.

use std::fmt::Write;

/// Escapes `text` for HTML and wraps each `http://` or `https://` link in an
/// anchor that opens without telling the other site where it came from.
pub fn linkify(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + text.len() / 8);
    let mut rest = text;
    while let Some(start) = find_link(rest) {
        escape_into(&mut html, &rest[..start]);
        let candidate = &rest[start..];
        let end = candidate
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`'))
            .unwrap_or(candidate.len());
        let url = candidate[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '}']);
        let scheme_only = url == "http://" || url == "https://";
        if scheme_only {
            escape_into(&mut html, url);
        } else {
            html.push_str("<a href=\"");
            escape_into(&mut html, url);
            html.push_str("\" rel=\"nofollow ugc noopener noreferrer\">");
            escape_into(&mut html, url);
            html.push_str("</a>");
        }
        rest = &candidate[url.len()..];
    }
    escape_into(&mut html, rest);
    html
}

/// Where the next link starts: `http://` or `https://`, not inside a word.
fn find_link(text: &str) -> Option<usize> {
    let mut offset = 0;
    while let Some(found) = text[offset..].find("http") {
        let at = offset + found;
        let tail = &text[at..];
        let starts_word = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if starts_word && (tail.starts_with("http://") || tail.starts_with("https://")) {
            return Some(at);
        }
        offset = at + 4;
    }
    None
}

fn escape_into(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            c => {
                let _ = html.write_char(c);
            }
        }
    }
}

/// Tidies a multi-line field as typed: `\r\n` becomes `\n`, other control
/// characters go, and the whole is trimmed.
pub fn clean_multiline(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Tidies a one-line field: control characters go, and it is trimmed.
pub fn clean_line(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Tidies a one-line field that is shown in lists beside other people's
/// words (a need's title and place): like [`clean_line`], and the invisible
/// direction overrides and isolates (U+202A–U+202E, U+2066–U+2069) go too,
/// since they can make text read backwards or run into what follows.
/// Display names refuse them outright (`accounts::forms::DisplayName`).
pub fn clean_listed_line(text: &str) -> String {
    clean_line(
        &text
            .chars()
            .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
            .collect::<String>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            linkify("<script>alert('x')</script> & \"more\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;"
        );
    }

    #[test]
    fn http_and_https_links_become_anchors() {
        let html = linkify("See https://example.org/a?b=1&c=2, then call.");
        assert_eq!(
            html,
            "See <a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow ugc noopener noreferrer\">https://example.org/a?b=1&amp;c=2</a>, then call."
        );
    }

    #[test]
    fn other_schemes_and_tricks_stay_text() {
        for text in [
            "javascript:alert(1)",
            "data:text/html,hi",
            "xhttp://example.org",
            "JAVASCRIPT://%0aalert(1)",
        ] {
            assert!(!linkify(text).contains("<a"), "{text}");
        }
    }

    #[test]
    fn a_link_cannot_break_out_of_its_attribute() {
        let html = linkify("https://example.org/\"onmouseover=\"alert(1)");
        assert!(
            html.starts_with("<a href=\"https://example.org/\" rel="),
            "{html}"
        );
        assert!(!html.contains("\"onmouseover"));
        let html = linkify("https://example.org/<img src=x onerror=alert(1)>");
        assert!(!html.contains("<img"));
    }

    #[test]
    fn a_bare_scheme_is_not_a_link() {
        assert_eq!(linkify("https:// is a prefix"), "https:// is a prefix");
    }

    #[test]
    fn multiline_text_keeps_line_breaks_and_loses_control_characters() {
        assert_eq!(
            clean_multiline("  one\r\ntwo\u{0}\u{7}\n\tthree  "),
            "one\ntwo\n\tthree"
        );
        assert_eq!(clean_line(" a\u{0}b\n "), "ab");
    }

    #[test]
    fn a_listed_line_keeps_its_text_and_loses_direction_overrides_and_isolates() {
        assert_eq!(
            clean_listed_line(" Lift to \u{202E}cinilc\u{202C} the\u{2066} clinic\u{2069} "),
            "Lift to cinilc the clinic"
        );
        for control in ('\u{202A}'..='\u{202E}').chain('\u{2066}'..='\u{2069}') {
            assert_eq!(clean_listed_line(&format!("ab{control}c")), "abc");
        }
        assert_eq!(
            clean_listed_line("Zoë's \u{05E9}\u{05DC}\u{05D5}\u{05DD}"),
            "Zoë's שלום"
        );
    }
}
