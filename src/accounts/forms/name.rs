//! Display names: what a name may hold, and when two names could be
//! mistaken for each other.

use super::characters::{
    general_category, has_invisible_characters, is_visible, most_marks_in_a_row, skeletons,
};
use icu_properties::props::GeneralCategory;

/// Shown when a new name could be mistaken for a moderator's or an admin's.
pub const LOOKS_LIKE_STAFF: &str = "This name looks too much like the name of one of the \
    moderators or admins. Choose another, so that neighbours do not mistake you for them.";

/// Longest display name, in characters.
pub const NAME_MAX: usize = 60;

/// Most combining marks (accents, vowel signs, tone marks) allowed in a row
/// on one letter, counted after canonical decomposition. Vietnamese needs 2
/// (ệ is e, dot below, circumflex); pointed Hebrew and Tibetan stacks need
/// 3; the dozens that make text spill over the lines around it need more.
pub const MARKS_IN_A_ROW_MAX: usize = 3;

/// A display name: trimmed, 1 to 60 characters of any script, with at least
/// one visible character, without control characters, without invisible
/// ones (format characters such as zero-width joiners, direction overrides
/// and tag characters, and the rest of Unicode's default-ignorable code
/// points), and without piles of combining marks: any of these can make a
/// name read as someone else's or look blank.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    /// Reads a name.
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let name = input.trim();
        if name.is_empty() {
            return Err("Enter the name your neighbours will know you by.");
        }
        if name.chars().count() > NAME_MAX {
            return Err("Use at most 60 characters.");
        }
        if name.chars().any(|c| {
            c.is_control()
                || matches!(
                    general_category(c),
                    GeneralCategory::LineSeparator | GeneralCategory::ParagraphSeparator
                )
        }) {
            return Err("Use letters, numbers, spaces and punctuation only.");
        }
        if has_invisible_characters(name) {
            return Err(
                "Your name has invisible characters in it (such as a zero-width space or \
                        joiner, or a text-direction mark): type it again without them.",
            );
        }
        if !name.chars().any(is_visible) {
            return Err(
                "Your name looks blank: use at least one visible letter, number or symbol.",
            );
        }
        if most_marks_in_a_row(name) > MARKS_IN_A_ROW_MAX {
            return Err("Use at most 3 accents or marks on one letter.");
        }
        Ok(Self(name.to_owned()))
    }

    /// Whether this name could be mistaken for `other`: the two read the
    /// same once compatibility forms (`ｆｕｌｌ` width, ligatures), case,
    /// runs of spaces and look-alike letters from other scripts (Cyrillic
    /// `А` for Latin `A`) are set aside. Each name is reduced to skeletons
    /// in the manner of Unicode TR39: one of the name as typed (`I` and `l`
    /// stay alike) and one after case folding (`ADA` and `Ada` alike).
    pub fn looks_like(&self, other: &str) -> bool {
        let (strict, folded) = skeletons(&self.0);
        let (other_strict, other_folded) = skeletons(other);
        strict == other_strict || folded == other_folded
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_script_are_kept_trimmed() {
        assert_eq!(
            DisplayName::parse("  Zoë Ōtsuka ").map(DisplayName::into_string),
            Ok("Zoë Ōtsuka".into())
        );
        assert!(DisplayName::parse("Фатима").is_ok());
        assert!(DisplayName::parse("李小龍").is_ok());
    }

    #[test]
    fn empty_long_and_hidden_character_names_are_refused() {
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"a".repeat(61)).is_err());
        assert!(DisplayName::parse(&"é".repeat(60)).is_ok());
        assert!(DisplayName::parse("Ann\u{7}").is_err());
        assert!(DisplayName::parse("Ann\u{202E}htims").is_err());
    }

    fn refusal(name: &str) -> &'static str {
        DisplayName::parse(name).expect_err(name)
    }

    const INVISIBLE: &str = "Your name has invisible characters in it";
    const BLANK: &str = "Your name looks blank";

    #[test]
    fn a_name_with_a_zero_width_space_is_refused() {
        assert!(refusal("Ada\u{200B} Admin").starts_with(INVISIBLE));
    }

    #[test]
    fn a_name_with_a_zero_width_joiner_is_refused() {
        assert!(refusal("Ada\u{200D}Admin").starts_with(INVISIBLE));
    }

    #[test]
    fn a_name_with_a_word_joiner_byte_order_mark_or_arabic_letter_mark_is_refused() {
        for hidden in ['\u{2060}', '\u{FEFF}', '\u{061C}', '\u{200E}', '\u{00AD}'] {
            assert!(
                refusal(&format!("Ada{hidden}Admin")).starts_with(INVISIBLE),
                "{hidden:?}"
            );
        }
    }

    #[test]
    fn a_name_with_direction_overrides_or_isolates_is_refused() {
        assert!(refusal("Ann\u{202E}htims").starts_with(INVISIBLE));
        assert!(refusal("Ann \u{2067}Smith\u{2069}").starts_with(INVISIBLE));
    }

    #[test]
    fn a_name_with_tag_characters_is_refused() {
        assert!(refusal("Ada\u{E0041}\u{E0064}\u{E007F}").starts_with(INVISIBLE));
        assert!(refusal("Ada\u{E0001}").starts_with(INVISIBLE));
    }

    #[test]
    fn a_name_of_hangul_fillers_is_refused() {
        for filler in ['\u{3164}', '\u{115F}', '\u{1160}', '\u{FFA0}'] {
            assert!(
                DisplayName::parse(&filler.to_string()).is_err(),
                "{filler:?}"
            );
            assert!(
                DisplayName::parse(&format!("Ann{filler}")).is_err(),
                "{filler:?}"
            );
        }
    }

    #[test]
    fn a_name_of_braille_blanks_and_spaces_looks_blank_and_is_refused() {
        assert_eq!(
            refusal("\u{2800}\u{2800}"),
            refusal("\u{2800}\u{3000}\u{2800}")
        );
        assert!(refusal("\u{2800}").starts_with(BLANK));
        assert!(refusal("\u{2800} \u{00A0}\u{2800}").starts_with(BLANK));
        assert!(refusal("\u{1D159}").starts_with(BLANK));
    }

    #[test]
    fn a_name_of_combining_marks_alone_looks_blank_and_is_refused() {
        assert!(refusal("\u{0301}\u{0301}").starts_with(BLANK));
    }

    #[test]
    fn a_name_with_more_than_three_marks_on_one_letter_is_refused() {
        let zalgo = format!("Ada{}", "\u{0336}\u{0335}\u{0334}\u{0337}".repeat(10));
        assert_eq!(
            refusal(&zalgo),
            "Use at most 3 accents or marks on one letter."
        );
        assert!(DisplayName::parse("a\u{0301}\u{0302}\u{0303}\u{0304}").is_err());
    }

    #[test]
    fn names_with_the_accents_their_languages_need_are_kept() {
        for name in [
            "Nguyễn Thị Ngọc",
            "Nguye\u{0323}\u{0302}n",
            "שִׁמְעוֹן",
            "\u{05E9}\u{05BC}\u{05C1}\u{05B8}",
            "བསྒྲུབས",
            "ประเสริฐ",
            "देवनागरी",
            "Zoë",
        ] {
            assert!(DisplayName::parse(name).is_ok(), "{name:?}");
        }
    }

    #[test]
    fn an_emoji_with_its_presentation_selector_is_kept_but_a_selector_after_a_letter_is_refused() {
        assert!(DisplayName::parse("Sam \u{2764}\u{FE0F}").is_ok());
        assert!(DisplayName::parse("Sam \u{2764}").is_ok());
        assert!(refusal("Sa\u{FE0F}m").starts_with(INVISIBLE));
        assert!(refusal("Sam 1\u{FE0F}").starts_with(INVISIBLE));
    }

    #[test]
    fn a_line_separator_is_refused() {
        assert_eq!(
            refusal("Ann\u{2028}Smith"),
            "Use letters, numbers, spaces and punctuation only."
        );
    }

    fn name(text: &str) -> DisplayName {
        DisplayName::parse(text).expect(text)
    }

    #[test]
    fn an_exact_copy_of_a_name_looks_like_it() {
        assert!(name("Ada Admin").looks_like("Ada Admin"));
    }

    #[test]
    fn a_name_in_another_case_or_with_more_spaces_looks_like_it() {
        assert!(name("ada admin").looks_like("Ada Admin"));
        assert!(name("ADA  ADMIN").looks_like("Ada Admin"));
        assert!(name("Ada\u{00A0}Admin").looks_like("Ada Admin"));
    }

    #[test]
    fn a_name_with_a_cyrillic_or_greek_look_alike_looks_like_it() {
        assert!(name("\u{0410}da Admin").looks_like("Ada Admin"));
        assert!(name("Аdа Аdmіn").looks_like("Ada Admin"));
        assert!(name("\u{0391}da Admin").looks_like("Ada Admin"));
    }

    #[test]
    fn a_name_in_full_width_letters_or_with_look_alike_digits_looks_like_it() {
        assert!(name("Ａｄａ Ａｄｍｉｎ").looks_like("Ada Admin"));
        assert!(name("Ada Adrnin").looks_like("Ada Admin"));
        assert!(name("MOLLY").looks_like("MO11Y"));
        assert!(name("Al Smith").looks_like("AI Smith"));
    }

    #[test]
    fn a_different_name_does_not_look_like_it() {
        assert!(!name("Ada Adams").looks_like("Ada Admin"));
        assert!(!name("Ada").looks_like("Ada Admin"));
        assert!(!name("Mo").looks_like("Moderator Mo"));
    }

    #[test]
    fn every_look_alike_of_a_staff_name_seen_so_far_is_refused() {
        let staff = "Ada Admin";
        for look_alike in [
            "Ada Admin",
            "ada admin",
            "ADA ADMIN",
            "Ada  Admin",
            " Ada Admin ",
            "Ada\u{00A0}Admin",
            "Ada\u{2003}Admin",
            "\u{0410}da Admin",
            "Аdа Аdmіn",
            "\u{0391}da Admin",
            "Ada \u{0391}dmin",
            "Ａｄａ Ａｄｍｉｎ",
            "Ada Adrnin",
            "Ada AdmIn",
            "A\u{0501}a Admin",
            "\u{1D00}da Admin",
            "\u{1D00}\u{1D05}\u{1D00} \u{1D00}\u{1D05}\u{1D0D}\u{026A}\u{0274}",
            "Ada Admi\u{1E45}",
            "Ada Admi\u{006E}\u{0307}",
            "A\u{0301}da Admin",
            "Ádá Ádmín",
            "Ada Ad\u{1E3F}in",
            "Äda Admin",
            "Ada Admin\u{0323}",
            "\u{1D400}da Admin",
            "\u{1D5A0}\u{1D5BD}\u{1D5BA} Admin",
            "Ada \u{1D00}dmin",
            "ada \u{1D00}\u{1D05}\u{1D0D}\u{026A}\u{0274}",
            "\u{24B6}da Admin",
            "Ada Admin\u{20DD}",
            "Aⅾa Admin",
            "Ada Admіn",
            "Ada Adm\u{0456}n",
            "\u{FF21}da \u{FF21}dmin",
            "A\u{0111}a Admin",
            "Ada Adm\u{0268}n",
            "Ada Admi\u{0272}",
        ] {
            assert!(
                DisplayName::parse(look_alike).map_or(true, |n| n.looks_like(staff)),
                "{look_alike:?} was taken for someone other than {staff}"
            );
        }
    }

    #[test]
    fn names_that_only_share_letters_with_a_staff_name_are_not_refused() {
        for (name_typed, staff) in [
            ("Ada Adams", "Ada Admin"),
            ("Adam Admin", "Ada Admin"),
            ("Zoë", "Zoe Moderator"),
            ("Nguyễn Văn An", "Nguyen Van Anh"),
        ] {
            assert!(
                !name(name_typed).looks_like(staff),
                "{name_typed} vs {staff}"
            );
        }
    }
}
