//! The sender: delivers due messages from the outbox, each taken on its own,
//! four at a time ([`LANES`]).
//!
//! Each message is taken under a lease ([`LEASE`]) by one sender, so two
//! Kith processes on one PostgreSQL database never send the same row; a
//! sender that dies mid-send leaves the row to be taken again when its lease
//! runs out. (The one window left: the server accepted the message and the
//! process died before recording it. Then the message goes twice, with the
//! same `Message-ID`, which lets mail programs drop the copy.)
//!
//! A try that fails for a passing reason is tried again after [`pause`]:
//! one minute, doubling to six hours at most, until [`GIVE_UP_AFTER`]
//! since the message was queued. A permanent refusal (5xx) ends it at once.

use std::sync::Arc;

use lettre::message::Mailbox;
use tokio::sync::Notify;

mod forever;
mod round;

pub use forever::{clear_old, run_forever};

use super::compose::{Composed, Composer, Pending, SiteInfo};
use super::db;
use super::envelope::{Envelope, compose};
use super::transport::{Failure, Transport};
use crate::AppState;
use crate::clock::Timestamp;
use crate::config::mail::MailConfig;
use crate::error::AppError;

/// How many messages one process hands over at once, each on its own
/// connection: while one waits for the server's answer, the next is
/// written.
pub const LANES: usize = 4;

/// How long a sender holds a message it took: longer than the SMTP
/// timeout, so a slow server never lets a second sender in.
pub const LEASE: i64 = 5 * 60;
/// The pause after the first failed try.
pub const FIRST_PAUSE: i64 = 60;
/// The longest pause between tries.
pub const LONGEST_PAUSE: i64 = 6 * 3600;
/// How long a message is tried before it is given up.
pub const GIVE_UP_AFTER: i64 = 2 * 86_400;
/// How long sent and failed messages stay in the report.
pub const KEEP_FOR: i64 = 30 * 86_400;

/// The pause before the next try, after `attempts` failed ones.
pub fn pause(attempts: i32) -> i64 {
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(20);
    FIRST_PAUSE
        .saturating_mul(1_i64 << doublings)
        .min(LONGEST_PAUSE)
}

/// The transport, the sender's address, and the bell that wakes the
/// sender when something is queued.
pub struct Mailer {
    transport: Transport,
    from: Option<Mailbox>,
    bell: Arc<Notify>,
    name: String,
    composer: Option<Arc<dyn Composer>>,
    setup_trouble: std::sync::Mutex<Option<SetupTrouble>>,
}

/// What stops all mail now (a certificate, a refused login), and since
/// when; cleared by the next message that goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupTrouble {
    /// What is wrong, one cause per line.
    pub words: String,
    /// When this process first met it.
    pub since: Timestamp,
}

/// What one round of delivery did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delivered {
    /// Messages the server took.
    pub sent: usize,
    /// Messages to try again later.
    pub retrying: usize,
    /// Messages given up.
    pub failed: usize,
}

impl Mailer {
    /// The mailer the configuration describes.
    pub fn new(config: &MailConfig) -> Result<Self, String> {
        Ok(Self {
            transport: Transport::new(&config.transport)?,
            from: config.from.clone(),
            bell: Arc::default(),
            name: format!("sender/{}", crate::kernel::secret::random_token(9)),
            composer: None,
            setup_trouble: std::sync::Mutex::default(),
        })
    }

    /// The same mailer, woken by `bell` (the database's, rung after work
    /// that queued mail: [`crate::db::Db::mail_bell`]).
    pub fn with_bell(mut self, bell: Arc<Notify>) -> Self {
        self.bell = bell;
        self
    }

    /// The same mailer, writing pending mail with `composer`.
    pub fn with_composer(mut self, composer: Arc<dyn Composer>) -> Self {
        self.composer = Some(composer);
        self
    }

    /// Where mail goes, in words.
    pub fn describe(&self) -> String {
        self.transport.describe()
    }

    /// Whether mail is only written to a folder.
    pub fn is_folder(&self) -> bool {
        matches!(self.transport, Transport::Folder(_))
    }

    /// What stops all mail now, as this process last found it.
    pub fn setup_trouble(&self) -> Option<SetupTrouble> {
        self.setup_trouble
            .lock()
            .map_or(None, |trouble| trouble.clone())
    }

    /// Remembers how the last message went: a set-up trouble is logged
    /// once, when it starts or changes, and once more when mail goes again.
    fn note(&self, tried: &Result<String, Failure>, now: Timestamp) {
        let Ok(mut trouble) = self.setup_trouble.lock() else {
            return;
        };
        match tried {
            Err(Failure::Setup(words)) => {
                if trouble.as_ref().is_none_or(|t| &t.words != words) {
                    tracing::error!(
                        server = %self.transport.describe(),
                        trouble = %words.replace('\n', "; "),
                        "no mail can go until this is fixed"
                    );
                    *trouble = Some(SetupTrouble {
                        words: words.clone(),
                        since: now,
                    });
                }
            }
            Ok(_) => {
                if trouble.take().is_some() {
                    tracing::info!(server = %self.transport.describe(), "mail goes out again");
                }
            }
            Err(_) => {}
        }
    }

    /// Who mail comes from: the configured sender (named after the site if
    /// it has no name), or `kith@` the site's host.
    pub fn from(&self, site_name: &str, base_url: &str) -> Mailbox {
        match &self.from {
            Some(from) if from.name.is_some() => from.clone(),
            Some(from) => Mailbox::new(Some(site_name.to_owned()), from.email.clone()),
            None => {
                // Start refuses an SMTP server without a domain here
                // (`config::mail::check_sender`): only the outbox folder
                // comes this far without one.
                let host =
                    crate::config::mail::mail_domain(base_url).unwrap_or("localhost.localdomain");
                let address = format!("kith@{host}")
                    .parse()
                    .unwrap_or_else(|_| "kith@localhost.localdomain".parse().expect("valid"));
                Mailbox::new(Some(site_name.to_owned()), address)
            }
        }
    }

    /// The domain `Message-ID`s are made in: the sender's.
    fn id_domain(from: &Mailbox) -> String {
        from.email.domain().to_owned()
    }

    /// Sends one message now, outside the outbox (for `kith mail test`).
    pub async fn send_now(&self, envelope: &Envelope<'_>) -> Result<String, Failure> {
        let message = compose(envelope).map_err(Failure::Permanent)?;
        self.transport.send(message).await
    }
}

/// Delivers every message due now, until none is left, on [`LANES`]
/// connections at once; returns what happened. Safe to run in several
/// processes at once.
pub async fn deliver_due(state: &AppState) -> Result<Delivered, AppError> {
    let mailer = state.part::<Mailer>();
    let settings = state.settings.current();
    let from = mailer.from(&settings.name, &state.config.base_url);
    let domain = Mailer::id_domain(&from);
    let site = SiteInfo {
        name: settings.name.clone(),
        base_url: state.config.base_url.clone(),
        mail_domain: domain.clone(),
    };
    let lane = |most| round::lane(state, mailer, (&from, &domain, &site), most);
    // One message first: an unwell server is knocked on once a round, not
    // once a lane.
    let mut done = lane(Some(1)).await?;
    if done.sent == 0 {
        return Ok(done);
    }
    let (a, b, c, d) = tokio::join!(lane(None), lane(None), lane(None), lane(None));
    for lane in [a?, b?, c?, d?] {
        done.sent += lane.sent;
        done.retrying += lane.retrying;
        done.failed += lane.failed;
    }
    Ok(done)
}

/// Writes a pending row with the app's composer; `None` when there is
/// nothing to say (or no composer, or no member).
async fn write_pending(
    state: &AppState,
    mailer: &Mailer,
    row: &db::Taken,
    site: &SiteInfo,
) -> Result<Option<Composed>, AppError> {
    let (Some(composer), Some(user)) = (mailer.composer.clone(), row.to_user) else {
        return Ok(None);
    };
    let pending = Pending {
        to_user: crate::kernel::identity::UserId(user),
        purpose: row.purpose.clone(),
        about: row.about.clone(),
        since: Timestamp(row.since),
    };
    let site = site.clone();
    state
        .db
        .run(move |conn| composer.compose(conn, &pending, &site))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_double_from_a_minute_to_six_hours() {
        let pauses: Vec<i64> = (1..=11).map(pause).collect();
        assert_eq!(
            pauses,
            [
                60, 120, 240, 480, 960, 1920, 3840, 7680, 15_360, 21_600, 21_600
            ]
        );
        assert_eq!(pause(1_000), LONGEST_PAUSE);
    }

    #[test]
    fn without_a_configured_sender_mail_comes_from_kith_at_the_sites_host() {
        let config = MailConfig::for_database(&crate::db::DatabaseUrl::Sqlite("k.db".into()));
        let mailer = Mailer::new(&config).expect("folder transport");
        let from = mailer.from("Larkhill Neighbours", "https://larkhill.example.org");
        assert_eq!(
            from.to_string(),
            "Larkhill Neighbours <kith@larkhill.example.org>"
        );
        let from = mailer.from("Larkhill", "http://127.0.0.1:8080");
        assert_eq!(from.email.to_string(), "kith@localhost.localdomain");
    }
}
