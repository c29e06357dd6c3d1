//! Handing a message over: to the SMTP server, or to the outbox folder.
//!
//! The SMTP transport keeps its connections open and reuses them
//! ([`POOL_SIZE`] at most, closed after [`POOL_IDLE`] unused), so a round
//! of many messages costs one connection and one TLS handshake, not one
//! per message.

mod trouble;

use std::path::PathBuf;
use std::time::Duration;

use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::mail::{MailTransport, SmtpSecurity, SmtpSettings};

/// How long one SMTP conversation may take, from connecting to the
/// server's answer to the message.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// The most SMTP connections kept open at once.
pub const POOL_SIZE: u32 = 4;

/// How long an unused SMTP connection stays open.
pub const POOL_IDLE: Duration = Duration::from_secs(60);

/// Where messages are handed over.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP server.
    Smtp(std::sync::Arc<Pooled>, String),
    /// `.eml` files in a folder.
    Folder(PathBuf),
}

/// lettre's pooled SMTP transport, which closes its connections on a
/// task of the runtime it is dropped in. Dropped where no runtime runs
/// (the process is ending), it is let go without closing them, as the
/// end of the process will.
pub struct Pooled(Option<AsyncSmtpTransport<Tokio1Executor>>);

impl Pooled {
    fn transport(&self) -> Result<&AsyncSmtpTransport<Tokio1Executor>, Failure> {
        self.0
            .as_ref()
            .ok_or_else(|| Failure::Transient("the SMTP transport has closed".into()))
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        if let Some(transport) = self.0.take()
            && tokio::runtime::Handle::try_current().is_err()
        {
            std::mem::forget(transport);
        }
    }
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
                std::sync::Arc::new(Pooled(Some(smtp(settings)?))),
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
            Self::Smtp(pooled, server) => match pooled.transport()?.send(message).await {
                Ok(response) => Ok(answer_of(
                    response.code().to_string(),
                    response.message().collect::<Vec<_>>().join(" "),
                )),
                Err(e) => Err(trouble::explain(&e, host_of(server))),
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
        .timeout(Some(SMTP_TIMEOUT))
        .pool_config(
            PoolConfig::new()
                .max_size(POOL_SIZE)
                .idle_timeout(POOL_IDLE),
        );
    if let Some((user, pass)) = &settings.login {
        builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
    }
    Ok(builder.build())
}
