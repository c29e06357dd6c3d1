//! Quantities in the words a page uses: waits, lines of text, and times
//! ([`time`]).

pub mod time;

pub use time::{Manner, day, iso, moment, stamp};

/// "3 minutes", "1 hour": a wait in words.
pub fn format_wait(seconds: u64) -> String {
    let minutes = seconds.div_ceil(60).max(1);
    match minutes {
        1 => "a minute".into(),
        m if m < 60 => format!("{m} minutes"),
        m => {
            let hours = m.div_ceil(60);
            if hours == 1 {
                "an hour".into()
            } else {
                format!("{hours} hours")
            }
        }
    }
}

/// The first `max` characters or so of `text` on one line: line breaks
/// and runs of spaces become one space, and a longer text is cut at the
/// last word boundary before `max`, with "…". The result is plain text, to
/// be escaped like everything a member wrote.
pub fn excerpt(text: &str, max: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        return line;
    }
    let cut: String = line.chars().take(max).collect();
    let at_word = match cut.rfind(' ') {
        // A word longer than half the line is cut where it stands.
        Some(space) if space >= cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!(
        "{}\u{2026}",
        at_word.trim_end_matches([' ', ',', ';', ':', '.', '-'])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_one_line_cut_at_a_word() {
        assert_eq!(excerpt("Short and sweet", 80), "Short and sweet");
        assert_eq!(excerpt("Two\nlines,   spaced", 80), "Two lines, spaced");
        assert_eq!(
            excerpt("Could you bring the ladder round on Saturday morning", 30),
            "Could you bring the ladder\u{2026}"
        );
        assert_eq!(excerpt("Hello, neighbours everywhere", 12), "Hello\u{2026}");
        assert_eq!(
            excerpt(&"x".repeat(100), 10),
            format!("{}\u{2026}", "x".repeat(10))
        );
        assert_eq!(
            excerpt("Añadir café à la crème brûlée", 14),
            "Añadir café à\u{2026}"
        );
    }

    #[test]
    fn waits_read_as_words() {
        assert_eq!(format_wait(5), "a minute");
        assert_eq!(format_wait(170), "3 minutes");
        assert_eq!(format_wait(3600), "an hour");
        assert_eq!(format_wait(3 * 3600 + 1), "4 hours");
    }
}
