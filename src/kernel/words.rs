//! Quantities in the words a page uses.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_read_as_words() {
        assert_eq!(format_wait(5), "a minute");
        assert_eq!(format_wait(170), "3 minutes");
        assert_eq!(format_wait(3600), "an hour");
        assert_eq!(format_wait(3 * 3600 + 1), "4 hours");
    }
}
