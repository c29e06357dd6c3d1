//! The Unicode character rules behind display names: which characters draw
//! nothing, how marks pile up, and the skeletons look-alikes share.

use icu_properties::props::{DefaultIgnorableCodePoint, Emoji, GeneralCategory, WhiteSpace};
use icu_properties::{CodePointMapData, CodePointSetData};
use unicode_normalization::UnicodeNormalization;
use unicode_security::skeleton;

/// The Unicode general category of `c`.
pub(super) fn general_category(c: char) -> GeneralCategory {
    CodePointMapData::<GeneralCategory>::new().get(c)
}

/// Format characters (General Category Cf: zero-width joiners, direction
/// marks, overrides and isolates, tag characters) and default-ignorable
/// code points (fillers, variation selectors) draw nothing. One exception:
/// a variation selector right after an emoji, which phones add to choose
/// how the emoji is drawn (`❤️`).
pub(super) fn has_invisible_characters(name: &str) -> bool {
    let ignorable = CodePointSetData::new::<DefaultIgnorableCodePoint>();
    let emoji = CodePointSetData::new::<Emoji>();
    let mut previous = None;
    for c in name.chars() {
        let after_emoji = previous.is_some_and(|p: char| !p.is_ascii() && emoji.contains(p));
        let presentation_selector = matches!(c, '\u{FE0E}' | '\u{FE0F}') && after_emoji;
        if !presentation_selector
            && (general_category(c) == GeneralCategory::Format || ignorable.contains(c))
        {
            return true;
        }
        previous = Some(c);
    }
    false
}

/// Whether `c` draws something by itself: not a space, not a mark that
/// only decorates a letter, not invisible, and not one of the graphic
/// characters that are drawn blank (the Braille blank, Hangul fillers).
pub(super) fn is_visible(c: char) -> bool {
    const DRAWN_BLANK: [char; 7] = [
        '\u{2800}',  // BRAILLE PATTERN BLANK
        '\u{3164}',  // HANGUL FILLER
        '\u{115F}',  // HANGUL CHOSEONG FILLER
        '\u{1160}',  // HANGUL JUNGSEONG FILLER
        '\u{FFA0}',  // HALFWIDTH HANGUL FILLER
        '\u{1D159}', // MUSICAL SYMBOL NULL NOTEHEAD
        '\u{16FE4}', // KHITAN SMALL SCRIPT FILLER
    ];
    let invisible = CodePointSetData::new::<WhiteSpace>().contains(c)
        || CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c);
    let drawing = !matches!(
        general_category(c),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::SpaceSeparator
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
            | GeneralCategory::NonspacingMark
            | GeneralCategory::EnclosingMark
            | GeneralCategory::Unassigned
            | GeneralCategory::Surrogate
    );
    drawing && !invisible && !DRAWN_BLANK.contains(&c)
}

/// The longest run of non-spacing and enclosing marks, after canonical
/// decomposition (so `ệ` typed as one character counts its two marks).
pub(super) fn most_marks_in_a_row(name: &str) -> usize {
    let (mut run, mut most) = (0, 0);
    for c in name.nfd() {
        if matches!(
            general_category(c),
            GeneralCategory::NonspacingMark | GeneralCategory::EnclosingMark
        ) {
            run += 1;
            most = most.max(run);
        } else {
            run = 0;
        }
    }
    most
}

/// The two skeletons [`DisplayName::looks_like`] compares: after NFKC,
/// small capitals made capitals and combining marks taken off ([`bare`]),
/// the TR39 skeleton of the name as typed, and of its case-folded form
/// (folded again after mapping, since some prototypes are capitals),
/// each bare again: TR39 maps letters with a stroke to a letter and an
/// overlay mark (`đ` to `d` and U+0335), which must go too. Runs of white
/// space become one space.
pub(super) fn skeletons(name: &str) -> (String, String) {
    let compatible: String = bare(&name.nfkc().collect::<String>());
    let strict: String = bare(&skeleton(&compatible).collect::<String>());
    let folded: String = bare(&skeleton(&fold(&compatible)).collect::<String>());
    let folded: String = bare(&skeleton(&fold(&folded)).collect::<String>());
    (one_space(&strict), one_space(&folded))
}

/// Small capitals (`ᴀ`, U+1D00, and the rest of the Latin alphabet's),
/// which NFKC and TR39 leave alone, and the capitals they stand for.
const SMALL_CAPITALS: [(char, char); 25] = [
    ('\u{1D00}', 'A'),
    ('\u{0299}', 'B'),
    ('\u{1D04}', 'C'),
    ('\u{1D05}', 'D'),
    ('\u{1D07}', 'E'),
    ('\u{A730}', 'F'),
    ('\u{0262}', 'G'),
    ('\u{029C}', 'H'),
    ('\u{026A}', 'I'),
    ('\u{1D0A}', 'J'),
    ('\u{1D0B}', 'K'),
    ('\u{029F}', 'L'),
    ('\u{1D0D}', 'M'),
    ('\u{0274}', 'N'),
    ('\u{1D0F}', 'O'),
    ('\u{1D18}', 'P'),
    ('\u{A7AF}', 'Q'),
    ('\u{0280}', 'R'),
    ('\u{A731}', 'S'),
    ('\u{1D1B}', 'T'),
    ('\u{1D1C}', 'U'),
    ('\u{1D20}', 'V'),
    ('\u{1D21}', 'W'),
    ('\u{028F}', 'Y'),
    ('\u{1D22}', 'Z'),
];

/// `text` with small capitals made capitals and every combining mark
/// (accents, dots, tone marks: General Category Mn and Me) taken off after
/// canonical decomposition, so `ᴀda` and `Admiṅ` compare as `Ada` and
/// `Admin`. Only for comparing: a name is stored as typed.
fn bare(text: &str) -> String {
    text.chars()
        .map(|c| {
            SMALL_CAPITALS
                .iter()
                .find(|(small, _)| *small == c)
                .map_or(c, |(_, capital)| *capital)
        })
        .collect::<String>()
        .nfd()
        .filter(|c| {
            !matches!(
                general_category(*c),
                GeneralCategory::NonspacingMark | GeneralCategory::EnclosingMark
            )
        })
        .collect()
}

/// Full case folding, near enough for comparing names: upper-casing first
/// makes `ß` and `ss`, and `ς` and `σ`, fold alike.
fn fold(text: &str) -> String {
    text.to_uppercase().to_lowercase()
}

fn one_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
