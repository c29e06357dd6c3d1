//! Invite codes themselves: making a new one and reading one as typed.

use rand::Rng;

/// Letters and digits that cannot be mistaken for one another.
const ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// The most uses one code may have.
pub const MAX_USES: i32 = 50;
/// The longest a code may last, in days.
pub const MAX_DAYS: i64 = 30;

/// A new code: twelve characters in three groups, 60 random bits.
pub fn new_code() -> String {
    let mut rng = rand::rng();
    let chars: Vec<char> = (0..12)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A typed code in the stored form: upper case, grouped by four, whatever
/// spaces, dashes or case it was typed with.
pub fn normalise_code(typed: &str) -> String {
    let chars: Vec<char> = typed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .take(64)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::{new_code, normalise_code};

    #[test]
    fn codes_are_three_groups_of_four_unambiguous_characters() {
        let code = new_code();
        assert_eq!(code.len(), 14);
        assert!(
            code.chars()
                .all(|c| c == '-' || super::ALPHABET.contains(&(c as u8)))
        );
        assert_ne!(new_code(), code);
    }

    #[test]
    fn typed_codes_are_read_whatever_their_case_and_spacing() {
        assert_eq!(normalise_code(" abcd efgh-jk23 "), "ABCD-EFGH-JK23");
        assert_eq!(normalise_code("ABCD-EFGH-JK23"), "ABCD-EFGH-JK23");
    }
}
