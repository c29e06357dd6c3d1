//! How a [`super::Letter`]'s stored row becomes an e-mail: the headers
//! (`From`, `To`, `Subject`, `Date`, `Message-ID`, the automatic and
//! one-click unsubscribe headers) around both bodies, with nothing a
//! member typed able to add a header or pass for an encoded-word.

use lettre::Message;
use lettre::message::header::{self, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};

/// `text` on one line: line breaks and other control characters become
/// spaces, so nothing a member typed can start a header of its own.
pub fn one_line(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A subject line from `text`: on one line, and with every `=?` broken by
/// a zero-width space, so an encoded-word a member typed into a title
/// (`=?utf-8?b?…?=`) reaches the reader as the characters typed and is
/// never decoded by their mail program into something Kith would refuse.
pub fn subject_line(text: &str) -> String {
    one_line(text).replace("=?", "=\u{200b}?")
}

/// `Auto-Submitted: auto-generated` (RFC 3834): no vacation replies, please.
#[derive(Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}

/// `List-Unsubscribe: <URL>` (RFC 2369).
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.trim_matches(['<', '>']).to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", one_line(&self.0)))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// What [`compose`] needs besides the stored row.
pub struct Envelope<'a> {
    /// The sender.
    pub from: &'a Mailbox,
    /// The recipient's address.
    pub to: &'a str,
    /// The subject.
    pub subject: &'a str,
    /// Plain text.
    pub text: &'a str,
    /// HTML.
    pub html: &'a str,
    /// `Message-ID`, without angle brackets.
    pub message_id: &'a str,
    /// One-click unsubscribe link, if any.
    pub unsubscribe_url: Option<&'a str>,
    /// Whether to say `Auto-Submitted: auto-generated`.
    pub automatic: bool,
    /// Where reports of mail that did not arrive go (the SMTP envelope
    /// sender, which becomes `Return-Path`); the `From` address if `None`.
    pub bounce_to: Option<&'a str>,
    /// Where answers go (`Reply-To`): a conversation's reply address.
    pub reply_to: Option<&'a str>,
}

/// The e-mail: `From`, `To`, `Subject`, `Date`, `Message-ID`, the
/// automatic and unsubscribe headers, and both bodies. An address that
/// cannot be an address is an error (the message fails for good).
pub fn compose(envelope: &Envelope<'_>) -> Result<Message, String> {
    // A bare address only: a stored `x<victim@example.org>` (accepted
    // before addresses were checked strictly) fails for good rather than
    // reach someone who never signed up.
    let to = Mailbox::new(
        None,
        envelope
            .to
            .parse::<lettre::Address>()
            .map_err(|_| format!("{} is not an address", one_line(envelope.to)))?,
    );
    // A name with a line break would not even print; on one line it is
    // harmless (lettre quotes and encodes it).
    let from = Mailbox::new(
        envelope.from.name.as_deref().map(one_line),
        envelope.from.email.clone(),
    );
    let recipient = to.email.clone();
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(subject_line(envelope.subject))
        .message_id(Some(format!("<{}>", one_line(envelope.message_id))))
        .date_now()
        .header(header::MIME_VERSION_1_0);
    if envelope.automatic {
        builder = builder.header(AutoSubmitted);
    }
    if let Some(url) = envelope.unsubscribe_url {
        builder = builder
            .header(ListUnsubscribe(url.to_owned()))
            .header(ListUnsubscribePost);
    }
    if let Some(reply_to) = envelope.reply_to {
        let address = reply_to
            .parse::<lettre::Address>()
            .map_err(|_| format!("{} is not an address", one_line(reply_to)))?;
        builder = builder.reply_to(Mailbox::new(None, address));
    }
    if let Some(bounce) = envelope.bounce_to {
        let bounce = bounce
            .parse::<lettre::Address>()
            .map_err(|_| format!("{} is not an address", one_line(bounce)))?;
        let envelope = lettre::address::Envelope::new(Some(bounce), vec![recipient])
            .map_err(|e| e.to_string())?;
        builder = builder.envelope(envelope);
    }
    builder
        .multipart(MultiPart::alternative_plain_html(
            envelope.text.to_owned(),
            envelope.html.to_owned(),
        ))
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope<'a>(from: &'a Mailbox, subject: &'a str) -> Envelope<'a> {
        Envelope {
            from,
            to: "alice@example.org",
            subject,
            text: "Hello",
            html: "<p>Hello</p>",
            message_id: "abc@kith.example",
            unsubscribe_url: Some("https://kith.example/unsubscribe/t"),
            automatic: true,
            bounce_to: None,
            reply_to: None,
        }
    }

    fn headers_of(message: &Message) -> String {
        let formatted = String::from_utf8(message.formatted()).expect("UTF-8");
        formatted
            .split("\r\n\r\n")
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    #[test]
    fn a_subject_or_name_with_a_line_break_cannot_add_a_header() {
        let from = Mailbox::new(
            Some("Larkhill\r\nBcc: everyone@example.org".into()),
            "kith@kith.example".parse().expect("address"),
        );
        let message = compose(&envelope(
            &from,
            "Alice offered\r\nBcc: victim@example.org\nX-Evil: 1",
        ))
        .expect("composed");
        let headers = headers_of(&message);
        for line in headers.split("\r\n") {
            assert!(
                !line.starts_with("Bcc:") && !line.starts_with("X-Evil:"),
                "injected header line: {line:?} in {headers}"
            );
        }
        assert!(headers.contains("Subject: Alice offered Bcc: victim@example.org X-Evil: 1"));
    }

    #[test]
    fn automatic_mail_says_so_and_carries_one_click_unsubscribe() {
        let from: Mailbox = "Larkhill <kith@kith.example>".parse().expect("mailbox");
        let headers = headers_of(&compose(&envelope(&from, "New offer")).expect("composed"));
        for expected in [
            "Auto-Submitted: auto-generated",
            "List-Unsubscribe: <https://kith.example/unsubscribe/t>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            "Message-ID: <abc@kith.example>",
            "Date: ",
            "To: alice@example.org",
        ] {
            assert!(
                headers.contains(expected),
                "{expected} missing from {headers}"
            );
        }
    }

    #[test]
    fn mail_goes_only_to_a_bare_address_never_to_one_with_a_name() {
        let from: Mailbox = "Larkhill <kith@kith.example>".parse().expect("mailbox");
        for stored in [
            "x<victim@target.example>",
            "<victim@target.example>",
            "a@b.example,victim@target.example",
        ] {
            let refused = compose(&Envelope {
                to: stored,
                ..envelope(&from, "Confirm your address")
            });
            assert!(refused.is_err(), "{stored} was sent to");
        }
    }

    #[test]
    fn an_encoded_word_in_a_subject_is_never_decoded_by_the_reader() {
        let from: Mailbox = "Larkhill <kith@kith.example>".parse().expect("mailbox");
        for typed in [
            "Offer on =?utf-8?b?4oCuSGFja2VkIQ==?=",
            "=?UTF-8?Q?=E2=80=AEHacked?=",
            "=?iso-8859-1?q?x?= =?utf-8?b?eA==?=",
        ] {
            let message = compose(&envelope(&from, typed)).expect("composed");
            let headers = headers_of(&message);
            let subject = headers
                .split("\r\n")
                .skip_while(|l| !l.starts_with("Subject:"))
                .take_while(|l| l.starts_with("Subject:") || l.starts_with(' '))
                .collect::<String>();
            // lettre encodes the whole subject itself; what a member typed
            // must not survive as an encoded-word of its own.
            for word in typed.split(' ').filter(|w| w.starts_with("=?")) {
                assert!(!subject.contains(word), "{word} kept in {subject}");
            }
            assert!(!subject_line(typed).contains("=?"), "{typed}");
        }
    }
}
