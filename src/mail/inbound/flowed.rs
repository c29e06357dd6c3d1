//! Undoing `format=flowed` (RFC 3676), so the soft line breaks a mail
//! program puts into a long paragraph do not read as the person's own.

/// Joins each line that ends in a space with the next line of the same
/// quote depth, and removes space-stuffing. With `delsp`, the space that
/// marked the soft break is dropped as well.
pub(super) fn unflow(text: &str, delsp: bool) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut open_depth: Option<usize> = None;
    for raw in text.lines() {
        let depth = raw.bytes().take_while(|&byte| byte == b'>').count();
        let body = &raw[depth..];
        let body = body.strip_prefix(' ').unwrap_or(body);
        // The signature separator ends in a space but is never flowed.
        let soft = body.ends_with(' ') && body != "-- ";
        let piece = match body.strip_suffix(' ') {
            Some(shorter) if soft && delsp => shorter,
            Some(_) | None => body,
        };
        match lines.last_mut() {
            Some(last) if open_depth == Some(depth) => last.push_str(piece),
            Some(_) | None => {
                let mut line = ">".repeat(depth);
                if depth > 0 {
                    line.push(' ');
                }
                line.push_str(piece);
                lines.push(line);
            }
        }
        open_depth = soft.then_some(depth);
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::unflow;

    #[test]
    fn a_soft_broken_paragraph_reads_as_one_line() {
        let text = "9 works for me. I'll be at the door, so no need \r\nto ring.\r\n\r\nCarol\r\n";
        assert_eq!(
            unflow(text, false),
            "9 works for me. I'll be at the door, so no need to ring.\n\nCarol"
        );
    }

    #[test]
    fn the_signature_separator_and_quotes_keep_their_own_lines() {
        let text = "Thanks\n-- \nCarol\n> a quoted \n> paragraph\nmine";
        assert_eq!(
            unflow(text, false),
            "Thanks\n-- \nCarol\n> a quoted paragraph\nmine"
        );
    }

    #[test]
    fn delsp_drops_the_space_of_the_soft_break() {
        assert_eq!(unflow("Wheel \nchair", true), "Wheelchair");
    }
}
