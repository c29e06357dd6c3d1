//! A small SMTP server on loopback that keeps what it receives, for tests
//! that send through lettre's real SMTP transport and read what arrived.
//! It can also be unwell: answer `421` (come back later) or refuse
//! recipients with `550`.

use std::sync::{Arc, Mutex};

use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// How the server behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Takes every message.
    Accepting,
    /// Answers every connection with `421`: try again later.
    Busy,
    /// Refuses every recipient with `550`: no such mailbox.
    Refusing,
}

/// One message as it arrived.
#[derive(Clone, Debug)]
pub struct Received {
    /// `MAIL FROM`.
    pub envelope_from: String,
    /// `RCPT TO`, each.
    pub envelope_to: Vec<String>,
    /// The message as sent (headers and body).
    pub raw: String,
}

#[derive(Default)]
struct Inner {
    received: Mutex<Vec<Received>>,
    mode: Mutex<Option<Mode>>,
    connections: Mutex<usize>,
    arrived: tokio::sync::Notify,
}

/// The server; stops with the test's runtime.
#[derive(Clone)]
pub struct Mailbox {
    port: u16,
    inner: Arc<Inner>,
}

impl Mailbox {
    /// Starts a server on a free loopback port.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the test SMTP server");
        let port = listener.local_addr().expect("address").port();
        let inner = Arc::new(Inner::default());
        *inner.mode.lock().expect("lock") = Some(Mode::Accepting);
        let serving = inner.clone();
        actix_web::rt::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let inner = serving.clone();
                actix_web::rt::spawn(async move {
                    let _ = converse(socket, &inner).await;
                });
            }
        });
        Self { port, inner }
    }

    /// `smtp://127.0.0.1:PORT?tls=none`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}?tls=none", self.port)
    }

    /// Changes how it behaves from now on, on open connections too.
    pub fn set_mode(&self, mode: Mode) {
        *self.inner.mode.lock().expect("lock") = Some(mode);
    }

    /// Every message received so far.
    pub fn all(&self) -> Vec<Received> {
        self.inner.received.lock().expect("lock").clone()
    }

    /// The messages received for `address`.
    pub fn to(&self, address: &str) -> Vec<Received> {
        self.all()
            .into_iter()
            .filter(|m| m.envelope_to.iter().any(|t| t == address))
            .collect()
    }

    /// The one message received for `address`; panics if there is not
    /// exactly one.
    pub fn only_to(&self, address: &str) -> Received {
        let mut got = self.to(address);
        assert_eq!(got.len(), 1, "messages to {address}: {got:#?}");
        got.remove(0)
    }

    /// Waits until `count` messages have arrived for `address` and returns
    /// them; panics if they have not within `within` (a failure, not a
    /// pause: it returns the moment they are there).
    pub async fn wait_for(
        &self,
        address: &str,
        count: usize,
        within: std::time::Duration,
    ) -> Vec<Received> {
        let waited = tokio::time::timeout(within, async {
            loop {
                let arrived = self.inner.arrived.notified();
                let got = self.to(address);
                if got.len() >= count {
                    return got;
                }
                arrived.await;
            }
        })
        .await;
        waited.unwrap_or_else(|_| {
            panic!(
                "{count} message(s) to {address} did not arrive within {within:?}: {:#?}",
                self.to(address)
            )
        })
    }

    /// How many connections it has had.
    pub fn connections(&self) -> usize {
        *self.inner.connections.lock().expect("lock")
    }
}

async fn converse(socket: tokio::net::TcpStream, inner: &Inner) -> std::io::Result<()> {
    *inner.connections.lock().expect("lock") += 1;
    let mode = inner.mode.lock().expect("lock").unwrap_or(Mode::Accepting);
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    if mode == Mode::Busy {
        write
            .write_all(b"421 4.3.2 test server busy, try again later\r\n")
            .await?;
        return Ok(());
    }
    write.write_all(b"220 test.invalid ESMTP ready\r\n").await?;
    let mut from = String::new();
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_owned();
        let upper = command.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-test.invalid\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        } else if upper.starts_with("HELO") || upper == "NOOP" {
            b"250 ok\r\n"
        } else if upper == "RSET" {
            from.clear();
            to.clear();
            b"250 ok\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            // A connection kept open meets the server as it is now.
            if *inner.mode.lock().expect("lock") == Some(Mode::Busy) {
                write
                    .write_all(b"421 4.3.2 test server busy, try again later\r\n")
                    .await?;
                return Ok(());
            }
            from = address_in(&command);
            b"250 2.1.0 ok\r\n"
        } else if upper.starts_with("RCPT TO:") {
            if *inner.mode.lock().expect("lock") == Some(Mode::Refusing) {
                b"550 5.1.1 no such mailbox here\r\n"
            } else {
                to.push(address_in(&command));
                b"250 2.1.5 ok\r\n"
            }
        } else if upper == "DATA" {
            write.write_all(b"354 go ahead\r\n").await?;
            let mut raw = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                raw.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            let number = {
                let mut received = inner.received.lock().expect("lock");
                received.push(Received {
                    envelope_from: std::mem::take(&mut from),
                    envelope_to: std::mem::take(&mut to),
                    raw,
                });
                received.len()
            };
            inner.arrived.notify_waiters();
            write
                .write_all(format!("250 2.0.0 queued as test-{number}\r\n").as_bytes())
                .await?;
            continue;
        } else if upper == "QUIT" {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            b"502 5.5.2 not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
}

fn address_in(command: &str) -> String {
    command
        .split_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map(|(address, _)| address.to_owned())
        .unwrap_or_default()
}

impl Received {
    /// The headers, unfolded, as (name, value).
    pub fn headers(&self) -> Vec<(String, String)> {
        headers_of(self.raw.split("\r\n\r\n").next().unwrap_or_default())
    }

    /// A header's value (the first of that name).
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers()
            .into_iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// The subject, decoded if it was encoded.
    pub fn subject(&self) -> String {
        decode_words(&self.header("Subject").unwrap_or_default())
    }

    /// The plain-text part, decoded.
    pub fn text(&self) -> String {
        self.part("text/plain")
    }

    /// The HTML part, decoded.
    pub fn html(&self) -> String {
        self.part("text/html")
    }

    /// The first link in the text part that starts with `prefix` (an
    /// absolute URL's path part, like `/password/reset/`).
    pub fn link(&self, prefix: &str) -> String {
        let text = self.text();
        text.split_whitespace()
            .find(|word| word.starts_with("http") && word.contains(prefix))
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("no link with {prefix} in:\n{text}"))
    }

    fn part(&self, content_type: &str) -> String {
        let boundary = self
            .raw
            .split_once("boundary=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(b, _)| format!("\r\n--{b}"))
            .unwrap_or_else(|| panic!("not multipart:\n{}", self.raw));
        for chunk in self.raw.split(&boundary) {
            let Some((head, body)) = chunk.split_once("\r\n\r\n") else {
                continue;
            };
            let headers = headers_of(head);
            let is = |name: &str, value: &str| {
                headers.iter().any(|(n, v)| {
                    n.eq_ignore_ascii_case(name) && v.to_ascii_lowercase().starts_with(value)
                })
            };
            if !is("Content-Type", content_type) {
                continue;
            }
            return if is("Content-Transfer-Encoding", "base64") {
                let joined: String = body.split_whitespace().collect();
                String::from_utf8(
                    base64::engine::general_purpose::STANDARD
                        .decode(joined)
                        .expect("base64 body"),
                )
                .expect("UTF-8 body")
            } else if is("Content-Transfer-Encoding", "quoted-printable") {
                quoted_printable(body)
            } else {
                body.to_owned()
            };
        }
        panic!("no {content_type} part in:\n{}", self.raw)
    }
}

fn headers_of(head: &str) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    headers
}

fn quoted_printable(body: &str) -> String {
    let joined = body.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && let Some(byte) = joined
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("UTF-8 body")
}

/// Decodes RFC 2047 encoded words (`=?utf-8?b?…?=` and `=?utf-8?q?…?=`);
/// the space between two encoded words is not part of the text.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut after_encoded = false;
    for word in value.split(' ') {
        let decoded = word
            .strip_prefix("=?")
            .and_then(|w| w.strip_suffix("?="))
            .and_then(|w| {
                let mut parts = w.splitn(3, '?');
                let (_, encoding, text) = (parts.next()?, parts.next()?, parts.next()?);
                match encoding.to_ascii_lowercase().as_str() {
                    "b" => base64::engine::general_purpose::STANDARD
                        .decode(text)
                        .ok()
                        .and_then(|b| String::from_utf8(b).ok()),
                    "q" => Some(quoted_printable(&text.replace('_', " "))),
                    _ => None,
                }
            });
        let encoded = decoded.is_some();
        if !(out.is_empty() || encoded && after_encoded) {
            out.push(' ');
        }
        out.push_str(&decoded.unwrap_or_else(|| word.to_owned()));
        after_encoded = encoded;
    }
    out
}
