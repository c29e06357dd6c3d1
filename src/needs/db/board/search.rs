//! Search words: what was typed, split into the words a board search
//! matches, so that nothing typed is ever query syntax.

/// The most words of a search used.
pub const MAX_SEARCH_WORDS: usize = 8;

/// Words too common to search by. PostgreSQL's English configuration drops
/// these itself; dropping them here too makes both databases find the same
/// needs for the same words.
const STOP_WORDS: [&str; 32] = [
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "i", "in", "is", "it", "me",
    "my", "of", "on", "or", "our", "so", "that", "the", "their", "this", "to", "up", "us", "was",
    "we", "with", "you",
];

/// Splits what was typed into search words: letters and digits only (so
/// nothing typed is ever query syntax), lower-cased, common words dropped,
/// at most eight. Every word must match.
pub fn search_words(typed: &str) -> Vec<String> {
    typed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .take(MAX_SEARCH_WORDS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_are_letters_and_digits_only() {
        assert_eq!(
            search_words("Lift\" OR 1=1; -- to *clinic* NEAR(x)"),
            vec!["lift", "1", "1", "clinic", "near", "x"]
        );
        assert_eq!(search_words("Straße café"), vec!["straße", "café"]);
        assert_eq!(search_words("a b c d e f g h i j").len(), MAX_SEARCH_WORDS);
    }
}
