//! An HTML-only reply as plain text, without the history it quotes.
//!
//! mail-parser's own `html_to_text` breaks lines only at `<br>` and `</p>`,
//! so the `<div>` per line that Gmail, Apple Mail and Outlook write would
//! run together; this conversion breaks at block elements as a browser
//! would, and borrows mail-parser's table of character entities.

use mail_parser::decoders::html::add_html_token;

/// Attributes of the element where a mail program starts the history it
/// quotes; it and everything after it are dropped. Searched in lowercase.
const HISTORY_STARTS: &[&str] = &[
    // Gmail
    "class=\"gmail_quote",
    "class=gmail_quote",
    // Outlook on the web, Outlook for Windows and mobile
    "id=\"appendonsend\"",
    "id=appendonsend",
    "id=\"divrplyfwdmsg\"",
    "id=divrplyfwdmsg",
    // Thunderbird
    "class=\"moz-cite-prefix\"",
    "class=moz-cite-prefix",
    // Outlook for Mac
    "id=\"mail-editor-reference-message-container\"",
    // Yahoo
    "class=\"yahoo_quoted\"",
];

/// Elements whose content is not text a reader sees. (`head` holds little
/// else, and is often left open.)
const HIDDEN: &[&str] = &["style", "script", "title", "template"];

/// Elements that start and end a line of their own.
const BLOCKS: &[&str] = &[
    "div", "li", "tr", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "center",
    "section", "article", "header", "footer", "dl", "dt", "dd", "address", "form", "body",
];

/// The text a person wrote in `html`: quoted history dropped, then
/// converted to plain text with one line per line they saw.
pub(super) fn new_html_text(html: &str) -> String {
    let text = to_text(&without_blockquotes(before_history(html)));
    let mut lines: Vec<&str> = text.lines().collect();
    // Outlook draws its divider just before the history it marks.
    while lines
        .last()
        .is_some_and(|line| line.chars().all(|c| c == '_'))
    {
        lines.pop();
    }
    lines.join("\n")
}

fn before_history(html: &str) -> &str {
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(found) = lower[at..].find('<') {
        let open = at + found;
        if !lower[open + 1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            at = open + 1;
            continue;
        }
        let end = tag_end(&lower, open);
        if HISTORY_STARTS
            .iter()
            .any(|needle| lower[open..end].contains(needle))
        {
            return &html[..open];
        }
        at = end;
    }
    html
}

/// Removes every `<blockquote>` element (Apple Mail's `type="cite"`
/// included), counting nested ones.
fn without_blockquotes(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut kept = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(start) = find_open(&lower, at, "blockquote") {
        kept.push_str(&html[at..start]);
        at = element_end(&lower, start, "blockquote");
    }
    kept.push_str(&html[at..]);
    kept
}

fn find_open(lower: &str, from: usize, name: &str) -> Option<usize> {
    lower[from..]
        .match_indices('<')
        .map(|(at, _)| from + at)
        .find(|&at| names(&lower[at + 1..], name))
}

/// Where the element opened at `start` ends (after its closing tag), or the
/// end of the text if it is never closed. One pass, however deep the nesting.
fn element_end(lower: &str, start: usize, name: &str) -> usize {
    let mut depth = 0usize;
    let mut at = start;
    while let Some(found) = lower[at..].find('<') {
        let tag = at + found;
        let rest = &lower[tag + 1..];
        if names(rest, name) {
            depth += 1;
        } else if rest.strip_prefix('/').is_some_and(|rest| names(rest, name)) {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return lower[tag..]
                    .find('>')
                    .map_or(lower.len(), |end| tag + end + 1);
            }
        }
        at = tag + 1;
    }
    lower.len()
}

/// Whether the tag text after `<` (or `</`) is the element `name`.
fn names(tag: &str, name: &str) -> bool {
    tag.strip_prefix(name).is_some_and(|after| {
        after
            .chars()
            .next()
            .is_none_or(|next| next.is_ascii_whitespace() || next == '>' || next == '/')
    })
}

fn to_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut text = Text::default();
    let mut tight = false;
    let mut at = 0;
    while at < html.len() {
        let Some(found) = html[at..].find('<') else {
            text.words(&html[at..]);
            break;
        };
        let open = at + found;
        text.words(&html[at..open]);
        let after = html[open + 1..].chars().next();
        if lower[open..].starts_with("<!--") {
            at = lower[open..]
                .find("-->")
                .map_or(html.len(), |end| open + end + 3);
            continue;
        }
        if !after.is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?') {
            text.words("<");
            at = open + 1;
            continue;
        }
        let end = tag_end(html, open);
        let tag = lower[open + 1..end].trim_end_matches('>');
        let closing = tag.starts_with('/');
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_ascii_whitespace() || c == '/')
            .next()
            .unwrap_or_default();
        at = end;
        if !closing && HIDDEN.contains(&name) {
            // Never closed, it hides the rest; searching again for each such
            // tag would take time squared in the length of the message.
            at = lower[at..]
                .find(&format!("</{name}"))
                .map_or(html.len(), |close| at + close);
            continue;
        }
        match name {
            "br" => text.new_line(),
            "hr" => {
                // Outlook's line above the quoted header block, as its plain text shows it.
                text.line_break();
                text.out.push_str("________________________________\n");
            }
            "p" => {
                // Word's paragraphs have no margin: Outlook writes one per line.
                if !closing {
                    tight = tag.contains("msonormal");
                }
                if tight {
                    text.line_break()
                } else {
                    text.paragraph()
                }
            }
            "li" if !closing => {
                text.line_break();
                text.out.push_str("- ");
            }
            "td" | "th" => text.space = true,
            _ if BLOCKS.contains(&name) => text.line_break(),
            _ => {}
        }
    }
    text.finish()
}

/// The index just after the `>` closing the tag opened at `open`, skipping
/// `>` inside quoted attribute values.
fn tag_end(html: &str, open: usize) -> usize {
    let mut quote: Option<char> = None;
    for (offset, c) in html[open..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if q == c => quote = None,
            (None, '>') => return open + offset + 1,
            _ => {}
        }
    }
    html.len()
}

/// Text as it builds up: runs of white space become one space, and none
/// starts a line.
#[derive(Default)]
struct Text {
    out: String,
    space: bool,
}

impl Text {
    fn words(&mut self, raw: &str) {
        let mut rest = raw;
        while let Some(c) = rest.chars().next() {
            if c == '&'
                && let Some((end, _)) = rest.char_indices().take(33).find(|&(_, c)| c == ';')
                && rest[1..end]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '#')
            {
                let mut decoded = String::new();
                add_html_token(&mut decoded, &rest.as_bytes()[..=end], false);
                if decoded != rest[..=end] {
                    decoded.chars().for_each(|c| self.push(c));
                    rest = &rest[end + 1..];
                    continue;
                }
            }
            self.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }

    fn push(&mut self, c: char) {
        if c.is_whitespace() && c != '\u{a0}' {
            self.space = true;
        } else if !c.is_control() {
            if self.space && !self.at_line_start() {
                self.out.push(' ');
            }
            self.space = false;
            // A no-break space is a space the writer meant to keep.
            self.out.push(if c == '\u{a0}' { ' ' } else { c });
        }
    }

    fn at_line_start(&self) -> bool {
        self.out.is_empty() || self.out.ends_with('\n')
    }

    fn new_line(&mut self) {
        self.space = false;
        self.out.push('\n');
    }

    fn line_break(&mut self) {
        self.space = false;
        if !self.at_line_start() {
            self.out.push('\n');
        }
    }

    fn paragraph(&mut self) {
        self.line_break();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// Lines without trailing spaces, at most one blank line in a row.
    fn finish(self) -> String {
        let mut lines: Vec<&str> = Vec::new();
        for line in self.out.lines().map(str::trim_end) {
            if !(line.is_empty() && lines.last().is_none_or(|last| last.is_empty())) {
                lines.push(line);
            }
        }
        while lines.last().is_some_and(|last| last.is_empty()) {
            lines.pop();
        }
        lines.join("\n")
    }
}
