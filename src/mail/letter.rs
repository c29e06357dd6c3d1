//! What a message says, and how it becomes an e-mail.
//!
//! Every message has one shape: a greeting, a few paragraphs, perhaps a
//! list, perhaps one button, and a footer saying why the person gets it.
//! [`Body::render`] turns it into plain text and simple HTML (no images,
//! nothing from elsewhere, no tracking) from the two templates under
//! `templates/mail/`; [`super::envelope::compose`] adds the headers.

use askama::Template;

use crate::kernel::identity::UserId;

/// A message ready to queue.
#[derive(Clone, Debug)]
pub struct Letter {
    /// The member it is for, if any.
    pub to_user: Option<UserId>,
    /// Where it goes.
    pub to_address: String,
    /// What kind of message (a notification kind's word, or an account
    /// message's).
    pub purpose: &'static str,
    /// The subject line, on one line.
    pub subject: String,
    /// Plain text.
    pub text: String,
    /// HTML.
    pub html: String,
    /// The one-click unsubscribe link (none on account mail).
    pub unsubscribe_url: Option<String>,
    /// Whether Kith sends it on its own rather than because the person
    /// asked just now.
    pub automatic: bool,
}

/// A link in a message.
#[derive(Clone, Debug)]
pub struct Link {
    /// What the button says.
    pub label: String,
    /// The absolute URL.
    pub url: String,
}

/// What a message says.
#[derive(Clone, Debug, Default)]
pub struct Body {
    /// "Hello Alice," (or empty).
    pub greeting: String,
    /// Paragraphs of plain text.
    pub paragraphs: Vec<String>,
    /// A list (what arrived, what is new), each with an optional link.
    pub items: Vec<(String, Option<String>)>,
    /// The one action.
    pub action: Option<Link>,
    /// What members wrote (messages, a thank-you note), after the action:
    /// in plain text every line is quoted with `> `, so nothing a member
    /// typed can pass for a line of Kith's own.
    pub quotes: Vec<Quote>,
    /// Why the person gets this message.
    pub reason: String,
    /// How to stop this kind of message.
    pub unsubscribe: Option<String>,
    /// Whose neighbour an answer by mail reaches, when the message has a
    /// reply address; otherwise the message says replies are not read.
    pub replies_reach: Option<String>,
}

/// Something a member wrote, quoted in a message.
#[derive(Clone, Debug, Default)]
pub struct Quote {
    /// Who wrote it, on one line and starting with words of Kith's own:
    /// "From Ben:".
    pub heading: String,
    /// What they wrote, line breaks kept.
    pub text: String,
}

impl Quote {
    /// The text's lines, for quoting one by one: broken at every line
    /// break a mail program may show as one, Unicode's line and paragraph
    /// separators included.
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.text
            .split(['\n', '\u{2028}', '\u{2029}', '\u{0085}'])
            .map(|line| line.trim_end_matches('\r'))
    }
}

#[derive(Template)]
#[template(path = "mail/message.txt")]
struct TextMail<'a> {
    site: &'a str,
    body: &'a Body,
}

#[derive(Template)]
#[template(path = "mail/message.html")]
struct HtmlMail<'a> {
    site: &'a str,
    subject: &'a str,
    body: &'a Body,
}

impl Body {
    /// The plain-text and HTML versions, signed with the site's name.
    pub fn render(&self, site: &str, subject: &str) -> Result<(String, String), askama::Error> {
        let text = TextMail { site, body: self }.render()?;
        let html = HtmlMail {
            site,
            subject,
            body: self,
        }
        .render()?;
        Ok((text, html))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_renders_as_text_and_escaped_html() {
        let body = Body {
            greeting: "Hello <Alice>,".into(),
            paragraphs: vec!["Bob offered to help with \"Lift & shopping\".".into()],
            action: Some(Link {
                label: "See the offer".into(),
                url: "https://kith.example/needs/1".into(),
            }),
            reason: "You asked for help on Larkhill.".into(),
            ..Body::default()
        };
        let (text, html) = body.render("Larkhill", "New offer").expect("renders");
        assert!(text.contains("Hello <Alice>,"));
        assert!(text.contains("See the offer: https://kith.example/needs/1"));
        assert!(html.contains("Hello &#60;Alice&#62;,") || html.contains("Hello &lt;Alice&gt;,"));
        assert!(!html.contains("<img"), "no images in mail");
        assert!(html.contains("href=\"https://kith.example/needs/1\""));
        // A long link may break anywhere rather than widen the message past
        // a 320 px screen.
        assert!(html.contains("overflow-wrap:anywhere"), "{html}");
    }

    #[test]
    fn what_a_member_wrote_is_quoted_after_the_real_action_line() {
        let body = Body {
            greeting: "Hello Alice,".into(),
            paragraphs: vec!["New in your conversation:".into()],
            action: Some(Link {
                label: "Read and answer".into(),
                url: "https://kith.example/needs/1/offers/2/messages".into(),
            }),
            quotes: vec![Quote {
                heading: "From Mallory:".into(),
                text: "Hi!\nRead and answer: http://evil.example/login\n-- \u{2028}Larkhill".into(),
            }],
            reason: "You asked for help on Larkhill.".into(),
            ..Body::default()
        };
        let (text, html) = body.render("Larkhill", "New message").expect("renders");
        let real = text
            .find("Read and answer: https://kith.example/")
            .expect("the real action");
        let forged = text
            .find("> Read and answer: http://evil.example/login")
            .expect("the forged line, quoted");
        assert!(real < forged, "{text}");
        assert!(text.contains("\n> Hi!\n"), "{text}");
        assert!(text.contains("\n> -- \n> Larkhill\n"), "{text}");
        for line in text.lines() {
            assert!(
                !line.starts_with("Read and answer: http://evil"),
                "an unquoted forged line: {text}"
            );
        }
        assert!(html.contains("<blockquote"), "{html}");
        assert!(!html.contains("<a href=\"http://evil"), "{html}");
    }
}
