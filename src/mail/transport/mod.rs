//! Handing a message over: to the SMTP server, or to the outbox folder.
//!
//! SMTP connections are Kith's own ([`smtp`]): kept open and reused, with
//! Nagle's algorithm off, so a round of many messages costs one connection
//! and one TLS handshake, and no message waits on a delayed acknowledgement.

pub mod smtp;
mod trouble;

use std::path::PathBuf;
use std::time::Duration;

use lettre::Message;

use crate::config::mail::MailTransport;

/// How long one SMTP conversation may take, from connecting to the
/// server's answer to the message.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// How long an unused SMTP connection stays open.
pub const POOL_IDLE: Duration = Duration::from_secs(60);

/// Where messages are handed over.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP server.
    Smtp(std::sync::Arc<smtp::Smtp>, String),
    /// `.eml` files in a folder.
    Folder(PathBuf),
}

/// Why a message did not go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Worth trying again later: no answer, a 4xx reply, a full disk.
    Transient(String),
    /// The server refused it for good (5xx), or it cannot be a message.
    Permanent(String),
    /// The site's own set-up is wrong, whatever the message: the server's
    /// certificate is not valid, or it refused the login. Nothing goes
    /// until an operator fixes it; the message waits, and the recipient's
    /// address is not to blame.
    Setup(String),
}

impl Failure {
    /// What went wrong, one cause per line.
    pub fn words(&self) -> &str {
        match self {
            Self::Transient(w) | Self::Permanent(w) | Self::Setup(w) => w,
        }
    }
}

impl Transport {
    /// Builds the transport the configuration names.
    pub fn new(config: &MailTransport) -> Result<Self, String> {
        match config {
            MailTransport::Folder(dir) => Ok(Self::Folder(dir.clone())),
            MailTransport::Smtp(settings) => Ok(Self::Smtp(
                std::sync::Arc::new(smtp::Smtp::new(settings)?),
                format!("{}:{}", settings.host, settings.port),
            )),
        }
    }

    /// What it is, for the log and the report: `SMTP server host:port` or
    /// `the folder PATH`.
    pub fn describe(&self) -> String {
        match self {
            Self::Smtp(_, server) => format!("the SMTP server {server}"),
            Self::Folder(dir) => format!("the folder {}", dir.display()),
        }
    }

    /// Hands `message` over; returns what the server answered.
    pub async fn send(&self, message: Message) -> Result<String, Failure> {
        match self {
            Self::Smtp(smtp, server) => {
                match smtp.send(message.envelope(), &message.formatted()).await {
                    Ok(response) => Ok(answer_of(
                        response.code().to_string(),
                        response.message().collect::<Vec<_>>().join(" "),
                    )),
                    Err(e) => Err(trouble::explain(&e, host_of(server))),
                }
            }
            Self::Folder(dir) => {
                let dir = dir.clone();
                let bytes = message.formatted();
                actix_web::web::block(move || write_eml(&dir, &bytes))
                    .await
                    .map_err(|e| Failure::Transient(e.to_string()))?
                    .map_err(Failure::Transient)
            }
        }
    }
}

/// `host` from `host:port`.
fn host_of(server: &str) -> &str {
    server.rsplit_once(':').map_or(server, |(host, _)| host)
}

fn answer_of(code: String, text: String) -> String {
    if text.is_empty() {
        code
    } else {
        format!("{code} {text}")
    }
}

/// Writes one `.eml` file, whole or not at all (written aside, then
/// renamed).
fn write_eml(dir: &std::path::Path, bytes: &[u8]) -> Result<String, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    let name = format!(
        "{}-{}.eml",
        chrono::Utc::now().format("%Y%m%dT%H%M%S"),
        crate::kernel::secret::random_token(6).replace(['-', '_'], "x")
    );
    let part = dir.join(format!(".{name}.part"));
    let path = dir.join(&name);
    std::fs::write(&part, bytes).map_err(|e| format!("cannot write {}: {e}", part.display()))?;
    std::fs::rename(&part, &path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(format!("written to {}", path.display()))
}
