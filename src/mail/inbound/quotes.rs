//! What a person newly wrote, cut from the history, signature and sign-off
//! their mail program adds below it.

use super::REPLY_MARKERS;
use super::attribution::{attribution_len, header_block_starts, is_original_message_line, plain};

/// Longer than this, a line that opens like a phone's sign-off is a
/// sentence of the person's own.
const LONGEST_SIGN_OFF: usize = 45;

/// How a mobile mail program's sign-off begins and ends, lowercased.
const SIGN_OFFS: &[(&str, &str)] = &[
    ("sent from my ", ""),
    ("sent from outlook", ""),
    ("sent from mail for windows", ""),
    ("sent from yahoo mail", ""),
    ("sent with proton mail", ""),
    ("get outlook for ", ""),
    ("von meinem ", "gesendet"),
    ("gesendet von meinem ", ""),
    ("gesendet von outlook", ""),
    ("outlook für ", "herunterladen"),
    ("enviado desde mi ", ""),
    ("enviado desde outlook", ""),
    ("obtener outlook para ", ""),
    ("envoyé de mon ", ""),
    ("envoyé depuis mon ", ""),
    ("télécharger outlook pour ", ""),
    ("أرسلت من ", ""),
    ("أُرسلت من ", ""),
    ("مرسل من ", ""),
];

/// The lines at the top of a plain-text `body` that the person newly wrote,
/// or `None` if nothing but white space is left.
///
/// Quoted lines and an attribution before the first new line (a reply
/// written below the quote) are skipped. From the first new line on, the
/// text is cut at the first attribution ("On … wrote:"), Outlook separator
/// or header block, quoted (`>`) line, signature separator (`-- `), mobile
/// sign-off or line containing one of [`REPLY_MARKERS`].
pub fn new_text(body: &str) -> Option<String> {
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = body.split('\n').collect();
    let start = first_new_line(&lines)?;
    let end = (start..lines.len())
        .find(|&at| history_starts(&lines, at))
        .unwrap_or(lines.len());
    let kept = lines[start..end]
        .iter()
        .map(|line| line.trim_end())
        .collect::<Vec<_>>()
        .join("\n");
    let kept = kept.trim_end();
    (!kept.is_empty()).then(|| kept.to_owned())
}

fn first_new_line(lines: &[&str]) -> Option<usize> {
    let mut at = 0;
    while at < lines.len() {
        let line = plain(lines[at]);
        if line.is_empty() || line.starts_with('>') {
            at += 1;
            continue;
        }
        if let Some(len) = attribution_len(lines, at) {
            let next = lines[at + len..]
                .iter()
                .map(|line| plain(line))
                .find(|line| !line.is_empty());
            if next.is_some_and(|next| next.starts_with('>')) {
                at += len;
                continue;
            }
        }
        return Some(at);
    }
    None
}

fn history_starts(lines: &[&str], at: usize) -> bool {
    let line = plain(lines[at]);
    line.starts_with('>')
        || lines[at].trim_end() == "--"
        || is_sign_off(&line)
        || has_reply_marker(&line)
        || is_original_message_line(&line)
        || attribution_len(lines, at).is_some()
        || header_block_starts(lines, at)
}

fn is_sign_off(line: &str) -> bool {
    let line = line.trim_end_matches('.').to_lowercase();
    line.chars().count() <= LONGEST_SIGN_OFF
        && SIGN_OFFS
            .iter()
            .any(|(start, end)| line.starts_with(start) && line.ends_with(end))
}

fn has_reply_marker(line: &str) -> bool {
    let line = line.to_lowercase();
    REPLY_MARKERS
        .iter()
        .any(|marker| line.contains(&marker.to_lowercase()))
}
