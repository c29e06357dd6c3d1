//! Kith's own SMTP connections, kept open and reused.
//!
//! lettre's pooled transport writes a message's end (`\r\n.\r\n`) apart
//! from its body on a socket with Nagle's algorithm on, so every message
//! waits about 40 ms for the server's delayed acknowledgement: some 20
//! messages a second at best. Here the socket is opened by Kith with
//! `TCP_NODELAY`, and lettre speaks SMTP over it
//! ([`AsyncSmtpConnection::connect_with_transport`]): STARTTLS, the login
//! and each message as before, without the wait. Implicit TLS (`smtps://`)
//! is set up by Kith with rustls (the same `ring` provider and the system's
//! certificate store) before lettre reads the greeting.
//!
//! Up to [`POOL_SIZE`] connections wait between messages; one unused for
//! [`super::POOL_IDLE`] is closed, and one unused for [`CHECK_AFTER`] is
//! asked whether it is still there (`NOOP`) before a message goes on it.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::response::Response;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use super::{POOL_IDLE, SMTP_TIMEOUT};
use crate::config::mail::{SmtpSecurity, SmtpSettings};

/// The most connections kept open between messages.
pub const POOL_SIZE: usize = 4;

/// A connection unused this long is checked with `NOOP` before use.
pub const CHECK_AFTER: Duration = Duration::from_secs(20);

/// Why a message did not go.
#[derive(Debug)]
pub enum SendError {
    /// What the SMTP conversation said (a reply, TLS, the connection).
    Smtp(lettre::transport::smtp::Error),
    /// Opening the connection failed.
    Io(io::Error),
    /// No answer within [`SMTP_TIMEOUT`].
    Timeout,
}

/// Connections to one SMTP server.
pub struct Smtp {
    settings: SmtpSettings,
    hello: ClientId,
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
    tls: Option<Arc<rustls::ClientConfig>>,
}

impl Smtp {
    /// Connections to the server `settings` names.
    pub fn new(settings: &SmtpSettings) -> Result<Self, String> {
        let tls = match settings.security {
            SmtpSecurity::Tls => Some(Arc::new(client_config()?)),
            SmtpSecurity::StartTls | SmtpSecurity::None => None,
        };
        Ok(Self {
            settings: settings.clone(),
            hello: ClientId::default(),
            idle: Mutex::default(),
            tls,
        })
    }

    /// Hands one message over, on a waiting connection or a new one.
    pub async fn send(&self, envelope: &Envelope, bytes: &[u8]) -> Result<Response, SendError> {
        let mut conn = match self.waiting().await {
            Some(conn) => conn,
            None => within(self.open()).await?,
        };
        let sent =
            within(async { conn.send(envelope, bytes).await.map_err(SendError::Smtp) }).await;
        if sent.is_ok()
            && !conn.has_broken()
            && let Ok(mut idle) = self.idle.lock()
            && idle.len() < POOL_SIZE
        {
            idle.push((conn, Instant::now()));
        }
        // Otherwise dropped: a refused message may leave the conversation
        // half-way, so the next one starts on a fresh connection.
        sent
    }

    /// A connection that waited and is still there, if any.
    async fn waiting(&self) -> Option<AsyncSmtpConnection> {
        loop {
            let (mut conn, since) = self.idle.lock().ok()?.pop()?;
            let idle = since.elapsed();
            if idle >= POOL_IDLE {
                continue;
            }
            if idle < CHECK_AFTER
                || tokio::time::timeout(SMTP_TIMEOUT, conn.test_connected())
                    .await
                    .unwrap_or(false)
            {
                return Some(conn);
            }
        }
    }

    async fn open(&self) -> Result<AsyncSmtpConnection, SendError> {
        let host = self.settings.host.as_str();
        let tcp = TcpStream::connect((host, self.settings.port))
            .await
            .map_err(SendError::Io)?;
        tcp.set_nodelay(true).map_err(SendError::Io)?;
        let mut conn = match &self.tls {
            Some(config) => {
                let name = rustls::pki_types::ServerName::try_from(host.to_owned())
                    .map_err(|e| SendError::Io(io::Error::new(io::ErrorKind::InvalidInput, e)))?;
                let tls = tokio_rustls::TlsConnector::from(config.clone())
                    .connect(name, tcp)
                    .await
                    .map_err(SendError::Io)?;
                AsyncSmtpConnection::connect_with_transport(Box::new(Tls(tls)), &self.hello).await
            }
            None => AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &self.hello).await,
        }
        .map_err(SendError::Smtp)?;
        if self.settings.security == SmtpSecurity::StartTls {
            let parameters = TlsParameters::new(host.to_owned()).map_err(SendError::Smtp)?;
            conn.starttls(parameters, &self.hello)
                .await
                .map_err(SendError::Smtp)?;
        }
        if let Some((user, pass)) = &self.settings.login {
            let credentials = Credentials::new(user.clone(), pass.clone());
            conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
                .await
                .map_err(SendError::Smtp)?;
        }
        Ok(conn)
    }
}

/// `work`, or [`SendError::Timeout`] after [`SMTP_TIMEOUT`].
async fn within<T>(work: impl Future<Output = Result<T, SendError>>) -> Result<T, SendError> {
    tokio::time::timeout(SMTP_TIMEOUT, work)
        .await
        .unwrap_or(Err(SendError::Timeout))
}

/// rustls with the `ring` provider and the system's certificate store.
fn client_config() -> Result<rustls::ClientConfig, String> {
    let mut roots = rustls::RootCertStore::empty();
    let found = rustls_native_certs::load_native_certs();
    for cert in found.certs {
        // A certificate the store cannot use is skipped, as lettre does.
        let _ = roots.add(cert);
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("--smtp-url: cannot set up TLS: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// A TLS connection lettre can speak SMTP over.
#[derive(Debug)]
struct Tls(tokio_rustls::client::TlsStream<TcpStream>);

impl AsyncTokioStream for Tls {
    fn peer_addr(&self) -> io::Result<std::net::SocketAddr> {
        self.0.get_ref().0.peer_addr()
    }
}

impl AsyncRead for Tls {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().0).poll_read(cx, buf)
    }
}

impl AsyncWrite for Tls {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().0).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().0).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().0).poll_shutdown(cx)
    }
}
