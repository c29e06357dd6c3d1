//! The lines a mail program writes above the history it quotes: "On … wrote:"
//! and its translations, and Outlook's separators and header blocks.

/// How an attribution line may begin, lowercased: English, German,
/// Spanish, French, Arabic.
const OPENINGS: &[&str] = &["on ", "am ", "el ", "le ", "في "];

/// Longer than this, a line is someone's paragraph, not an attribution.
const LONGEST_ATTRIBUTION: usize = 300;

/// Outlook's "-----Original Message-----" in the languages Kith speaks.
const ORIGINAL_MESSAGE: &[&str] = &[
    "original message",
    "ursprüngliche nachricht",
    "original-nachricht",
    "mensaje original",
    "message d'origine",
    "message d’origine",
    "الرسالة الأصلية",
];

/// The field that opens a quoted header block.
const FROM_FIELDS: &[&str] = &["from", "von", "de", "من"];

/// The fields that tell a header block from a line that happens to start
/// with "From:".
const DATE_FIELDS: &[&str] = &[
    "sent",
    "date",
    "gesendet",
    "datum",
    "enviado",
    "fecha",
    "envoyé",
    "تم الإرسال",
    "التاريخ",
    "أرسل",
    "أُرسل",
];

/// How many lines (one, or two when wrapped) the attribution starting at
/// line `at` takes, if one does.
pub(super) fn attribution_len(lines: &[&str], at: usize) -> Option<usize> {
    let first = plain(lines.get(at)?).to_lowercase();
    if !OPENINGS.iter().any(|opening| first.starts_with(opening)) {
        return None;
    }
    if is_attribution(&first) {
        return Some(1);
    }
    let second = plain(lines.get(at + 1)?).to_lowercase();
    (!second.is_empty() && is_attribution(&format!("{first} {second}"))).then_some(2)
}

/// Whether a lowercased line, known to begin like an attribution, is one:
/// it names a date or time and ends the way the language ends it.
fn is_attribution(line: &str) -> bool {
    let closes = line.ends_with("wrote:")
        || (line.contains(" schrieb") && line.ends_with(':'))
        || line.ends_with("escribió:")
        || line.ends_with("a écrit :")
        || line.ends_with("a écrit:")
        || (line.contains("كتب") && line.ends_with(':'))
        || (line.contains("بواسطة") && line.ends_with(':'));
    closes && line.chars().count() <= LONGEST_ATTRIBUTION && line.chars().any(char::is_numeric)
}

/// "-----Original Message-----" and its translations.
pub(super) fn is_original_message_line(line: &str) -> bool {
    let line = plain(line).to_lowercase();
    line.starts_with("---")
        && line.ends_with("---")
        && ORIGINAL_MESSAGE.contains(&line.trim_matches('-').trim())
}

/// Outlook's quoted header block: a From field followed within three lines
/// by a date field, or a line of underscores followed by a From field.
pub(super) fn header_block_starts(lines: &[&str], at: usize) -> bool {
    let Some(line) = lines.get(at).map(|line| plain(line)) else {
        return false;
    };
    let rest = lines.get(at + 1..).unwrap_or_default();
    if line.len() >= 10 && line.chars().all(|c| c == '_') {
        return rest
            .iter()
            .map(|line| plain(line))
            .find(|line| !line.is_empty())
            .is_some_and(|next| field_is(&next, FROM_FIELDS));
    }
    field_is(&line, FROM_FIELDS)
        && rest
            .iter()
            .take(3)
            .any(|next| field_is(&plain(next), DATE_FIELDS))
}

/// Whether `line` is a "Name: value" field named one of `names`; Outlook's
/// plain text may mark the name bold (`*From:*`).
fn field_is(line: &str, names: &[&str]) -> bool {
    let Some((name, _)) = line.trim_start_matches('*').split_once(':') else {
        return false;
    };
    let name = name.trim().trim_end_matches('*').trim().to_lowercase();
    names.contains(&name.as_str())
}

/// The line trimmed, without the invisible marks that set text direction,
/// and with no-break spaces as plain ones.
pub(super) fn plain(line: &str) -> String {
    line.chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'))
        .map(|c| if matches!(c, '\u{a0}' | '\u{202f}') { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}
