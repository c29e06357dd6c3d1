//! What the log-in page says to a visitor on their way back to a page: a
//! shared link to a need says "Log in to see this need".

/// What the log-in page says to a visitor on their way to `next`: "Log in
/// to see this need" for a shared link to a need, and so on; nothing on
/// the way home.
pub fn why_log_in(next: &str) -> Option<&'static str> {
    let path = next.split(['?', '#']).next().unwrap_or(next);
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let number = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    Some(match parts.as_slice() {
        [""] => return None,
        ["needs", id, "offers", _, "messages"] if number(id) => "Log in to see this conversation",
        ["needs", id, ..] if number(id) => "Log in to see this need",
        ["needs", "new"] => "Log in to ask your neighbours for help",
        ["needs", "mine"] => "Log in to see your needs",
        ["needs", "helping"] => "Log in to see what you are helping with",
        ["needs"] => "Log in to see the board",
        ["people", id] if number(id) => "Log in to see this neighbour's page",
        ["notifications", ..] => "Log in to see your notifications",
        ["account", ..] => "Log in to see your account",
        ["modlog"] => "Log in to see what the moderators did",
        _ => "Log in to see this page",
    })
}

#[cfg(test)]
mod tests {
    use super::why_log_in;

    #[test]
    fn the_log_in_page_says_what_kind_of_page_it_leads_back_to() {
        for (next, says) in [
            ("/", None),
            ("/needs/154", Some("Log in to see this need")),
            ("/needs/154?from=mail", Some("Log in to see this need")),
            ("/needs/154/edit", Some("Log in to see this need")),
            (
                "/needs/154/offers/9/messages",
                Some("Log in to see this conversation"),
            ),
            ("/needs?category=2", Some("Log in to see the board")),
            ("/people/7", Some("Log in to see this neighbour's page")),
            ("/notifications", Some("Log in to see your notifications")),
            ("/moderation/people/7", Some("Log in to see this page")),
            ("/needs/abc", Some("Log in to see this page")),
        ] {
            assert_eq!(why_log_in(next), says, "{next}");
        }
    }
}
