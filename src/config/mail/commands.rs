//! The `kith mail …` commands and their flags.

use clap::{Args, Subcommand};

use super::MailArgs;
use crate::config::DbArgs;

/// `kith mail …`.
#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Send one message to ADDRESS through the configured transport and
    /// report what the server answered.
    Test(MailTestArgs),
    /// Read one message a mail server hands over on standard input (an
    /// answer to a conversation, or a report that mail did not arrive),
    /// and exit 0 (taken), 67 (no such address) or 75 (try again later).
    Receive(MailReceiveArgs),
}

/// Flags for `kith mail receive`.
#[derive(Debug, Clone, Args)]
pub struct MailReceiveArgs {
    /// The address the message was delivered to, as the mail server
    /// knows it (Postfix: `${original_recipient}`); without it, the
    /// message's own headers are read.
    #[arg(long)]
    pub recipient: Option<String>,
    /// The site's address, for the link in a mail saying why an answer
    /// was not posted.
    #[arg(long, env = "KITH_BASE_URL")]
    pub base_url: Option<String>,
    /// The neighbourhood's time zone, for the end of a suspension told in
    /// such a mail (as `kith serve --time-zone`).
    #[arg(long, env = "KITH_TIME_ZONE")]
    pub time_zone: Option<String>,
    /// Database location.
    #[command(flatten)]
    pub db: DbArgs,
}

/// Flags for `kith mail test`.
#[derive(Debug, Clone, Args)]
pub struct MailTestArgs {
    /// Where the test message goes.
    pub address: String,
    /// The mail settings.
    #[command(flatten)]
    pub mail: MailArgs,
    /// Database location (the outbox folder's default is beside it).
    #[command(flatten)]
    pub db: DbArgs,
}
