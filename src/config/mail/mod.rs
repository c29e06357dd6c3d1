//! How mail leaves Kith: an SMTP server (`--smtp-url`), or, when none is
//! set, `.eml` files in an outbox folder beside the database.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use lettre::message::Mailbox;

use crate::db::DatabaseUrl;

pub mod commands;
mod sender;

pub use sender::{check_sender, mail_domain};

/// The mail flags, shared by `kith serve` and `kith mail test`.
#[derive(Debug, Clone, Args)]
pub struct MailArgs {
    /// The SMTP server: `smtp://user:pass@host:587` (STARTTLS, required),
    /// `smtps://user:pass@host:465` (TLS from the first byte), or
    /// `smtp://host:25?tls=none` for a relay on the same machine. Without
    /// it, mail is written to the outbox folder instead.
    #[arg(long, env = "KITH_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Who mail comes from: `"Larkhill Neighbours <kith@example.org>"`.
    /// Without a name, the site's name is used. Defaults to `kith@` and the
    /// host of the base URL.
    #[arg(long, env = "KITH_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// Where mail goes as `.eml` files when there is no SMTP server;
    /// defaults to `outbox/` beside the SQLite database (in the working
    /// directory on PostgreSQL).
    #[arg(long, env = "KITH_OUTBOX_DIR")]
    pub outbox_dir: Option<PathBuf>,
}

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain connection, then STARTTLS, which must succeed (`smtp://`).
    StartTls,
    /// TLS from the first byte (`smtps://`).
    Tls,
    /// No encryption at all (`?tls=none`): only for a relay on the same
    /// machine or network.
    None,
}

/// Where the SMTP server is and how to log in to it.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    /// Host name (checked against the certificate).
    pub host: String,
    /// Port.
    pub port: u16,
    /// Protection.
    pub security: SmtpSecurity,
    /// User name and password, if the server wants them.
    pub login: Option<(String, String)>,
}

impl std::fmt::Debug for SmtpSettings {
    // Never prints the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?} {}:{}{}",
            self.security,
            self.host,
            self.port,
            if self.login.is_some() {
                " (with login)"
            } else {
                ""
            }
        )
    }
}

/// Where mail is handed over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MailTransport {
    /// An SMTP server.
    Smtp(SmtpSettings),
    /// `.eml` files in a folder.
    Folder(PathBuf),
}

/// The mail settings, checked.
#[derive(Clone, Debug)]
pub struct MailConfig {
    /// Where mail goes.
    pub transport: MailTransport,
    /// The sender, if the operator named one (else `kith@` the site's host,
    /// under the site's name).
    pub from: Option<Mailbox>,
    /// How often the sender looks for due mail when nothing wakes it;
    /// `None` runs no sender (tests deliver by hand).
    pub sender_every: Option<Duration>,
}

/// How often the sender looks for mail that has become due.
pub const SENDER_EVERY: Duration = Duration::from_secs(15);

impl MailConfig {
    /// Checks the mail flags.
    pub fn from_args(args: &MailArgs, database: &DatabaseUrl) -> Result<Self, String> {
        let transport = match args.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) {
            Some(url) => MailTransport::Smtp(parse_smtp_url(url.trim())?),
            None => MailTransport::Folder(
                args.outbox_dir
                    .clone()
                    .unwrap_or_else(|| default_outbox(database)),
            ),
        };
        let from = match args.mail_from.as_deref().filter(|f| !f.trim().is_empty()) {
            Some(from) => Some(from.trim().parse::<Mailbox>().map_err(|_| {
                format!(
                    "--mail-from: {from} is not an address (write kith@example.org or \
                     \"Larkhill Neighbours <kith@example.org>\")"
                )
            })?),
            None => None,
        };
        Ok(Self {
            transport,
            from,
            sender_every: Some(SENDER_EVERY),
        })
    }

    /// Mail to the outbox folder beside the database, sent every
    /// [`SENDER_EVERY`].
    pub fn for_database(database: &DatabaseUrl) -> Self {
        Self {
            transport: MailTransport::Folder(default_outbox(database)),
            from: None,
            sender_every: Some(SENDER_EVERY),
        }
    }
}

/// `outbox/` beside an SQLite file, or in the working directory.
fn default_outbox(database: &DatabaseUrl) -> PathBuf {
    match database {
        DatabaseUrl::Sqlite(path) => std::path::Path::new(path)
            .parent()
            .map_or_else(|| PathBuf::from("outbox"), |dir| dir.join("outbox")),
        DatabaseUrl::Postgres(_) => PathBuf::from("outbox"),
    }
}

/// Reads `smtp://[user[:pass]@]host[:port][?tls=none|starttls]` or
/// `smtps://…`.
pub fn parse_smtp_url(url: &str) -> Result<SmtpSettings, String> {
    let wrong = |why: &str| format!("--smtp-url: {why}");
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| wrong("write smtp://host:587 or smtps://host:465"))?;
    let (rest, query) = match rest.split_once('?') {
        Some((rest, query)) => (rest, Some(query)),
        None => (rest, None),
    };
    let rest = rest.trim_end_matches('/');
    let (login, server) = match rest.rsplit_once('@') {
        Some((login, server)) => {
            let (user, pass) = login.split_once(':').unwrap_or((login, ""));
            (Some((decode(user)?, decode(pass)?)), server)
        }
        None => (None, rest),
    };
    let mut security = match scheme.to_ascii_lowercase().as_str() {
        "smtp" => SmtpSecurity::StartTls,
        "smtps" => SmtpSecurity::Tls,
        _ => return Err(wrong("the scheme must be smtp:// or smtps://")),
    };
    for pair in query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
    {
        match pair.split_once('=') {
            Some(("tls", "none")) if security == SmtpSecurity::StartTls => {
                security = SmtpSecurity::None;
            }
            Some(("tls", "starttls" | "required")) if security == SmtpSecurity::StartTls => {}
            _ => {
                return Err(wrong(&format!(
                    "unknown option {pair} (smtp:// takes tls=none or tls=starttls)"
                )));
            }
        }
    }
    let (host, port) = split_host_port(server).ok_or_else(|| wrong("no host"))?;
    let port = match port {
        Some(port) => port
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| wrong(&format!("{port} is not a port")))?,
        None if security == SmtpSecurity::Tls => 465,
        None if security == SmtpSecurity::None => 25,
        None => 587,
    };
    Ok(SmtpSettings {
        host,
        port,
        security,
        login: login.filter(|(user, _)| !user.is_empty()),
    })
}

/// `host`, `host:port`, `[v6]` or `[v6]:port`.
fn split_host_port(server: &str) -> Option<(String, Option<&str>)> {
    if let Some(v6) = server.strip_prefix('[') {
        let (host, after) = v6.split_once(']')?;
        let port = after.strip_prefix(':');
        return (!host.is_empty()).then(|| (host.to_owned(), port));
    }
    let (host, port) = match server.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (server, None),
    };
    (!host.is_empty()).then(|| (host.to_owned(), port))
}

/// Undoes `%XX` escapes in a user name or password.
fn decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or(
                    "--smtp-url: a % in the user or password must be followed by two hex digits",
                )?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "--smtp-url: the login is not UTF-8".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn submission_urls_default_to_starttls_on_587_with_a_login() {
        let s =
            parse_smtp_url("smtp://kith%40example.org:p%3Ass@mail.example.org").expect("valid URL");
        assert_eq!(s.host, "mail.example.org");
        assert_eq!(s.port, 587);
        assert_eq!(s.security, SmtpSecurity::StartTls);
        assert_eq!(
            s.login,
            Some(("kith@example.org".to_owned(), "p:ss".to_owned()))
        );
        assert!(
            !format!("{s:?}").contains("p:ss"),
            "the password stays out of logs"
        );
    }

    #[test]
    fn smtps_is_implicit_tls_on_465_and_tls_none_is_a_plain_local_relay() {
        let s = parse_smtp_url("smtps://u:p@mail.example.org").expect("valid");
        assert_eq!((s.security, s.port), (SmtpSecurity::Tls, 465));
        let s = parse_smtp_url("smtp://127.0.0.1:2525?tls=none").expect("valid");
        assert_eq!(
            (s.security, s.port, s.login),
            (SmtpSecurity::None, 2525, None)
        );
        assert_eq!(s.host, "127.0.0.1");
        let s = parse_smtp_url("smtp://[::1]:25?tls=none").expect("valid");
        assert_eq!(s.host, "::1");
    }

    #[test]
    fn wrong_smtp_urls_say_what_is_wrong() {
        for (url, says) in [
            ("mail.example.org", "smtp://"),
            ("http://mail.example.org", "scheme"),
            ("smtp://:25", "no host"),
            ("smtp://host:http", "not a port"),
            ("smtps://host?tls=none", "unknown option"),
            ("smtp://host?verify=no", "unknown option"),
        ] {
            let error = parse_smtp_url(url).expect_err(url);
            assert!(error.contains(says), "{url}: {error}");
        }
    }

    #[test]
    fn the_outbox_folder_sits_beside_the_sqlite_database() {
        let config = MailConfig::for_database(&DatabaseUrl::Sqlite("/srv/kith/kith.db".into()));
        assert_eq!(
            config.transport,
            MailTransport::Folder(PathBuf::from("/srv/kith/outbox"))
        );
    }
}
