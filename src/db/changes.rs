//! Telling every Kith process on one PostgreSQL database that the data
//! changed, so that none of them serves a cached board page or settings
//! older than the latest write.
//!
//! Every write transaction ends with a `NOTIFY` on [`CHANNEL`] (delivered
//! only if it commits), carrying its connection's `application_name`, which
//! names the process's pool ([`super::Db::name`]). Each process keeps
//! one extra connection that `LISTEN`s; when another process's notice
//! arrives it marks its data changed (which empties its board cache) and
//! reloads the settings and categories. The listener reconnects with a
//! growing pause when the connection drops; meanwhile the caches fall back
//! to their time limits (2 seconds for board pages, 5 for settings).
//!
//! libpq reports notices without blocking, so the listener looks for them
//! every [`POLL`]: a local read that costs no query. On SQLite, where one
//! process serves the database, none of this runs.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::Text;

use super::{DatabaseUrl, DbConnection};

/// The channel every write announces itself on.
pub const CHANNEL: &str = "kith_changes";
/// How often the listener looks for notices that arrived.
pub const POLL: Duration = Duration::from_millis(50);
/// How often the listener checks that its connection still answers.
const CHECK_EVERY: Duration = Duration::from_secs(10);
/// The longest pause between attempts to reconnect.
const MAX_PAUSE: Duration = Duration::from_secs(30);

/// Announces, inside the current write transaction, that the data changed.
pub fn announce(conn: &mut DbConnection) -> QueryResult<()> {
    if let DbConnection::Pg(pg) = conn {
        diesel::sql_query("SELECT pg_notify($1, current_setting('application_name'))")
            .bind::<Text, _>(CHANNEL)
            .execute(pg)?;
    }
    Ok(())
}

/// What the listener is doing, for health, metrics and tests.
#[derive(Debug)]
pub struct ListenerStatus {
    /// Whether it is connected and listening now.
    connected: tokio::sync::watch::Sender<bool>,
    /// How many times it acted on other processes' changes.
    heard: tokio::sync::watch::Sender<u64>,
    /// Times it had to connect again.
    reconnects: AtomicU64,
    stop: AtomicBool,
}

impl Default for ListenerStatus {
    fn default() -> Self {
        Self {
            connected: tokio::sync::watch::channel(false).0,
            heard: tokio::sync::watch::channel(0).0,
            reconnects: AtomicU64::new(0),
            stop: AtomicBool::new(false),
        }
    }
}

impl ListenerStatus {
    /// Whether the listener is connected now.
    pub fn is_connected(&self) -> bool {
        *self.connected.borrow()
    }

    /// Waits until the listener is connected.
    pub async fn connected(&self) {
        let _ = self.connected.subscribe().wait_for(|up| *up).await;
    }

    /// Follows how many times changes were acted on.
    pub fn heard(&self) -> tokio::sync::watch::Receiver<u64> {
        self.heard.subscribe()
    }

    /// How many times changes were acted on.
    pub fn times_heard(&self) -> u64 {
        *self.heard.borrow()
    }

    /// Times the listener connected again after losing its connection.
    pub fn reconnects(&self) -> u64 {
        self.reconnects.load(Ordering::Relaxed)
    }

    fn acted(&self) {
        self.heard.send_modify(|n| *n += 1);
    }
}

/// The running listener; stops and joins its thread when told to.
#[derive(Debug)]
pub struct Listener {
    status: Arc<ListenerStatus>,
    thread: Option<JoinHandle<()>>,
}

impl Listener {
    /// Starts listening on `url` (PostgreSQL only; `None` for SQLite),
    /// reporting in `status`. `on_change` runs on the listener's thread
    /// with its connection each time other processes changed something
    /// (and after every reconnect, since anything may have changed
    /// meanwhile).
    pub fn start<F>(
        url: &DatabaseUrl,
        own_name: &str,
        status: Arc<ListenerStatus>,
        on_change: F,
    ) -> std::io::Result<Option<Self>>
    where
        F: FnMut(&mut DbConnection) + Send + 'static,
    {
        if !matches!(url, DatabaseUrl::Postgres(_)) {
            return Ok(None);
        }
        status.stop.store(false, Ordering::SeqCst);
        let thread = {
            let (url, status, own) = (url.clone(), status.clone(), own_name.to_owned());
            std::thread::Builder::new()
                .name("kith-listen".into())
                .spawn(move || listen(&url, &own, &status, on_change))?
        };
        Ok(Some(Self {
            status,
            thread: Some(thread),
        }))
    }

    /// Stops the thread and closes its connection before returning.
    pub fn stop(mut self) {
        self.status.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn listen<F: FnMut(&mut DbConnection)>(
    url: &DatabaseUrl,
    own: &str,
    status: &ListenerStatus,
    mut on_change: F,
) {
    let mut pause = Duration::from_millis(250);
    let mut first = true;
    while !status.stop.load(Ordering::SeqCst) {
        let connected = url.connect().and_then(|mut conn| {
            // Named after its process's pool (letters, digits and `/` only),
            // so an operator can tell it apart in `pg_stat_activity`.
            diesel::sql_query(format!("SET application_name = '{own}/listen'"))
                .execute(&mut conn)
                .and_then(|_| diesel::sql_query(format!("LISTEN {CHANNEL}")).execute(&mut conn))
                .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))?;
            Ok(conn)
        });
        match connected {
            Ok(mut conn) => {
                if !first {
                    status.reconnects.fetch_add(1, Ordering::Relaxed);
                    tracing::info!("listening for other processes' changes again");
                }
                first = false;
                pause = Duration::from_millis(250);
                on_change(&mut conn);
                status.acted();
                status.connected.send_replace(true);
                serve(&mut conn, own, status, &mut on_change);
                status.connected.send_replace(false);
                if !status.stop.load(Ordering::SeqCst) {
                    tracing::warn!(
                        "lost the connection that hears other processes' changes; caches fall back to their time limits"
                    );
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for other processes' changes; retrying");
            }
        }
        wait(status, pause);
        pause = (pause * 2).min(MAX_PAUSE);
    }
}

/// Hears notices until the connection fails or the listener is stopped.
fn serve<F: FnMut(&mut DbConnection)>(
    conn: &mut DbConnection,
    own: &str,
    status: &ListenerStatus,
    on_change: &mut F,
) {
    let mut checked = Instant::now();
    while !status.stop.load(Ordering::SeqCst) {
        let DbConnection::Pg(pg) = conn else { return };
        let mut news = false;
        for notice in pg.notifications_iter() {
            match notice {
                Ok(notice) => news |= notice.payload != own,
                Err(_) => return,
            }
        }
        if news {
            on_change(conn);
            status.acted();
        }
        if checked.elapsed() >= CHECK_EVERY {
            if diesel::sql_query("SELECT 1").execute(conn).is_err() {
                return;
            }
            checked = Instant::now();
        }
        std::thread::sleep(POLL);
    }
}

/// Pauses for `pause`, or less if the listener is stopped meanwhile.
fn wait(status: &ListenerStatus, pause: Duration) {
    let until = Instant::now() + pause;
    while !status.stop.load(Ordering::SeqCst) && Instant::now() < until {
        std::thread::sleep(POLL);
    }
}

/// A value read from the database and kept in memory (the settings, the
/// categories), which a reload never replaces with something older than a
/// change this process saved meanwhile.
#[derive(Debug)]
pub struct Cached<T> {
    // The data generation (`Db::generation`) the value is at least as new
    // as, and the value.
    held: std::sync::RwLock<(u64, Arc<T>)>,
    generation: Arc<AtomicU64>,
}

impl<T> Cached<T> {
    /// Holds `value`, read at the current generation of the data
    /// (`Db::generation_counter`).
    pub fn new(value: T, generation: Arc<AtomicU64>) -> Self {
        let now = generation.load(Ordering::SeqCst);
        Self {
            held: std::sync::RwLock::new((now, Arc::new(value))),
            generation,
        }
    }

    /// The value now.
    pub fn current(&self) -> Arc<T> {
        self.held
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .1
            .clone()
    }

    /// Replaces the value with one this process has just saved.
    pub fn replace(&self, value: T) {
        let now = self.generation.load(Ordering::SeqCst);
        let mut held = self.held.write().unwrap_or_else(|e| e.into_inner());
        *held = (now.max(held.0), Arc::new(value));
    }

    /// The generation to note before reading a fresh value from the
    /// database, for [`Cached::reloaded`].
    pub fn before_reading(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Replaces the value with one read after `seen` was noted, unless
    /// this process saved a newer one meanwhile.
    pub fn reloaded(&self, value: T, seen: u64) {
        let mut held = self.held.write().unwrap_or_else(|e| e.into_inner());
        if seen >= held.0 {
            *held = (seen, Arc::new(value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reload_read_before_this_process_saved_a_change_is_ignored() {
        let generation = Arc::new(AtomicU64::new(0));
        let cached = Cached::new("as started", generation.clone());
        let seen = cached.before_reading();
        // Meanwhile this process saves a change and shows it at once.
        generation.fetch_add(1, Ordering::SeqCst);
        cached.replace("saved here");
        // The reload, read before the save, comes back with the old value.
        cached.reloaded("read before the save", seen);
        assert_eq!(*cached.current(), "saved here");
        // A reload read afterwards is taken.
        let seen = cached.before_reading();
        cached.reloaded("changed elsewhere", seen);
        assert_eq!(*cached.current(), "changed elsewhere");
    }
}
