//! Handing a message over: to the SMTP server, or to the outbox folder.

use std::path::PathBuf;
use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::mail::{MailTransport, SmtpSecurity, SmtpSettings};

/// How long one SMTP conversation may take, from connecting to the
/// server's answer to the message.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Where messages are handed over.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP server.
    Smtp(Box<AsyncSmtpTransport<Tokio1Executor>>, String),
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
}

impl Transport {
    /// Builds the transport the configuration names.
    pub fn new(config: &MailTransport) -> Result<Self, String> {
        match config {
            MailTransport::Folder(dir) => Ok(Self::Folder(dir.clone())),
            MailTransport::Smtp(settings) => Ok(Self::Smtp(
                Box::new(smtp(settings)?),
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
            Self::Smtp(transport, _) => match transport.send(message).await {
                Ok(response) => Ok(answer_of(
                    response.code().to_string(),
                    response.message().collect::<Vec<_>>().join(" "),
                )),
                Err(e) if e.is_permanent() => Err(Failure::Permanent(e.to_string())),
                Err(e) => Err(Failure::Transient(e.to_string())),
            },
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

fn smtp(settings: &SmtpSettings) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let tls = |host: &str| {
        TlsParameters::new(host.to_owned())
            .map_err(|e| format!("--smtp-url: cannot set up TLS for {host}: {e}"))
    };
    let tls = match settings.security {
        SmtpSecurity::StartTls => Tls::Required(tls(&settings.host)?),
        SmtpSecurity::Tls => Tls::Wrapper(tls(&settings.host)?),
        SmtpSecurity::None => Tls::None,
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host)
        .port(settings.port)
        .tls(tls)
        .timeout(Some(SMTP_TIMEOUT));
    if let Some((user, pass)) = &settings.login {
        builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
    }
    Ok(builder.build())
}
