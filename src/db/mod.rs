//! The database: one connection type over SQLite and PostgreSQL, the pool,
//! migrations, and the two places where the backends need different SQL.

pub mod backup;
pub mod changes;
mod connection;
pub mod executor;
pub mod jobs;
pub mod schema;
pub mod sql;

pub use connection::DbConnection;

use std::fmt;
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, R2D2Connection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::error::AppError;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// How long SQLite waits for another writer before giving up, in milliseconds.
pub const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;

/// How long a request waits for a free pooled connection.
pub const POOL_WAIT: Duration = Duration::from_secs(5);

/// Which database to use, decided by the URL's scheme alone.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://path`: a file path, relative to the working directory unless absolute.
    Sqlite(String),
    /// `postgres://…` or `postgresql://…`, passed to libpq as it is.
    Postgres(String),
}

impl DatabaseUrl {
    /// Reads `sqlite://path`, `postgres://…` or `postgresql://…`.
    pub fn parse(url: &str) -> Result<Self, String> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("a sqlite:// URL needs a file path, e.g. sqlite://kith.db".into());
            }
            Ok(Self::Sqlite(path.to_owned()))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres(url.to_owned()))
        } else {
            Err("the database URL must start with sqlite:// or postgres://".into())
        }
    }

    /// Opens one connection, applying SQLite's pragmas.
    pub fn connect(&self) -> ConnectionResult<DbConnection> {
        match self {
            Self::Sqlite(path) => {
                let mut conn = diesel::SqliteConnection::establish(path)?;
                apply_sqlite_pragmas(&mut conn)
                    .map_err(|e| ConnectionError::BadConnection(e.to_string()))?;
                Ok(DbConnection::Sqlite(conn))
            }
            Self::Postgres(url) => diesel::PgConnection::establish(url).map(DbConnection::Pg),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    // The PostgreSQL URL may hold a password: never print it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "sqlite://{path}"),
            Self::Postgres(_) => f.write_str("postgres://…"),
        }
    }
}

/// `busy_timeout` comes first so that even switching to WAL waits for a lock
/// instead of failing. `synchronous = FULL`: with WAL this syncs at every
/// commit, so an acknowledged write survives a power cut, not only a crash;
/// a neighbourhood board writes little, so the cost is not felt.
fn apply_sqlite_pragmas(conn: &mut diesel::SqliteConnection) -> QueryResult<()> {
    conn.batch_execute(&format!(
        "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS};
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;"
    ))
}

/// The one row a lookup by a unique key finds, if any, loaded without the
/// `LIMIT` that diesel's `first` adds. (Before Kith's SQLite was built with
/// the planner stability guarantee, see `.cargo/config.toml`, a bound
/// `LIMIT` made SQLite parse the statement again on every run.) Only for
/// keys that match one row at most.
pub fn one<T>(rows: QueryResult<Vec<T>>) -> QueryResult<Option<T>> {
    rows.map(|rows| rows.into_iter().next())
}

/// Opens pooled connections for one [`DatabaseUrl`], named (on
/// PostgreSQL) after the process that holds the pool.
pub struct Manager(DatabaseUrl, String);

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        let mut conn = self.0.connect().map_err(r2d2::Error::ConnectionError)?;
        if let DbConnection::Pg(pg) = &mut conn {
            // Shown in `pg_stat_activity`, and the payload of this
            // process's change notices (see `changes`).
            pg.batch_execute(&format!("SET application_name = '{}'", self.1))
                .map_err(r2d2::Error::QueryError)?;
        }
        Ok(conn)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}

/// A pooled connection.
pub type PooledConn = r2d2::PooledConnection<Manager>;

/// The pool, and the one way handlers reach the database.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<Manager>,
    executor: executor::Executor,
    // Counts write transactions, so that caches of what was read can tell
    // whether anything may have changed since.
    generation: std::sync::Arc<std::sync::atomic::AtomicU64>,
    // How long work waited for a pooled connection (for `/metrics`).
    pool_wait: prometheus_client::metrics::histogram::Histogram,
    // This pool's name on PostgreSQL: `kith/` and a random token.
    name: std::sync::Arc<str>,
    // Rung after work that queued mail (see [`note_mail_queued`]).
    mail_bell: std::sync::Arc<tokio::sync::Notify>,
}

thread_local! {
    // Set on a database thread by work that queued mail, read and cleared
    // when that work returns.
    static MAIL_QUEUED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Says that the work running on this database thread queued mail: when
/// the work returns (its transactions committed), [`Db::mail_bell`] rings,
/// so the sender goes at once instead of at its next tick. Work that rolls
/// back rings it for nothing, which costs the sender one look.
pub fn note_mail_queued() {
    MAIL_QUEUED.with(|queued| queued.set(true));
}

impl Db {
    /// Builds the pool and starts the database threads.
    pub fn connect(url: &DatabaseUrl, pool_size: u32) -> Result<Self, String> {
        // Letters and digits only: it is written into a `SET` statement.
        let name = format!(
            "kith/{}",
            crate::kernel::secret::random_token(9).replace(['-', '_'], "x")
        );
        let pool = r2d2::Pool::builder()
            .max_size(pool_size)
            // Connections are opened on demand; none are kept warm in the
            // background, so a database that goes away is not retried
            // behind the server's back.
            .min_idle(Some(0))
            .connection_timeout(POOL_WAIT)
            .test_on_check_out(false)
            .build(Manager(url.clone(), name.clone()))
            .map_err(|e| e.to_string())?;
        let executor = executor::Executor::start(pool_size)
            .map_err(|e| format!("cannot start the database threads: {e}"))?;
        Ok(Self {
            pool,
            executor,
            generation: Default::default(),
            pool_wait: crate::kernel::measure::latency_buckets(),
            name: name.into(),
            mail_bell: std::sync::Arc::default(),
        })
    }

    /// The bell rung after work that queued mail; the sender waits on it.
    pub fn mail_bell(&self) -> std::sync::Arc<tokio::sync::Notify> {
        self.mail_bell.clone()
    }

    /// Runs `work` with a pooled connection on one of the database
    /// threads, so that database work never holds up the async workers.
    pub async fn run<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let (pool, pool_wait) = (self.pool.clone(), self.pool_wait.clone());
        let bell = self.mail_bell.clone();
        let asked = std::time::Instant::now();
        self.executor
            .run(move || {
                let conn = pool.get();
                pool_wait.observe(asked.elapsed().as_secs_f64());
                let mut conn = conn.map_err(AppError::DatabaseUnavailable)?;
                MAIL_QUEUED.with(|queued| queued.set(false));
                let outcome = work(&mut conn);
                if MAIL_QUEUED.with(|queued| queued.replace(false)) {
                    bell.notify_one();
                }
                outcome
            })
            .await
            .unwrap_or_else(|| Err(AppError::internal("a database job panicked")))
    }

    /// Runs `work` in a write transaction ([`write_tx`]) on a database
    /// thread, and marks the data changed.
    pub async fn write<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> QueryResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.write_with(work).await?.map_err(AppError::from)
    }

    /// Like [`Db::write`], for work that can refuse with its own error
    /// (which rolls the transaction back).
    pub async fn write_with<T, E, F>(&self, work: F) -> Result<Result<T, E>, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        E: From<diesel::result::Error> + Send + 'static,
        T: Send + 'static,
    {
        let generation = self.generation.clone();
        self.run(move |conn| {
            let outcome = write_tx(conn, work);
            generation.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(outcome)
        })
        .await
    }

    /// Marks the data changed (after writes made some other way).
    pub fn changed(&self) {
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// The counter [`Db::generation`] reads, for caches that compare.
    pub fn generation_counter(&self) -> std::sync::Arc<std::sync::atomic::AtomicU64> {
        self.generation.clone()
    }

    /// How many times the data was marked changed.
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Whether the database answers a query within `wait`.
    pub async fn answers(&self, wait: Duration) -> bool {
        let pool = self.pool.clone();
        let answered = self
            .executor
            .run(move || {
                let mut conn = pool.get_timeout(wait).ok()?;
                diesel::sql_query("SELECT 1").execute(&mut *conn).ok()
            })
            .await;
        matches!(answered, Some(Some(_)))
    }

    /// This pool's connections' name on PostgreSQL (`application_name`):
    /// what its change notices carry.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The pool's connections now: open, and idle.
    pub fn pool_state(&self) -> r2d2::State {
        self.pool.state()
    }

    /// How long work waited for a connection (from being handed to the
    /// database threads to holding a connection).
    pub fn pool_wait(&self) -> prometheus_client::metrics::histogram::Histogram {
        self.pool_wait.clone()
    }

    /// A connection for work outside a request (start-up, the command line).
    pub fn get(&self) -> Result<PooledConn, AppError> {
        self.pool.get().map_err(AppError::DatabaseUnavailable)
    }
}

/// Keeps SQLite's planner statistics current (`PRAGMA optimize`, which
/// analyzes only tables whose size changed much, each from at most 1,000
/// rows per index). Without statistics SQLite's planner drives some of
/// Kith's queries through the wrong table at 100,000 needs (a need page
/// took over a second); with them every page keeps to its index. Run at
/// start and with the expiry job; PostgreSQL's autovacuum does the same.
pub fn optimize(conn: &mut DbConnection) -> QueryResult<()> {
    match conn {
        DbConnection::Sqlite(c) => {
            c.batch_execute("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;")
        }
        DbConnection::Pg(_) => Ok(()),
    }
}

/// Applies every migration not yet applied; returns how many ran.
pub fn run_migrations(conn: &mut DbConnection) -> Result<usize, AppError> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
        DbConnection::Pg(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
    }
    .map_err(|e| AppError::internal(format!("migration failed: {e}")))?;
    Ok(applied.len())
}

/// Runs `work` in a transaction that may write. Call it at the top level
/// only, never inside another transaction: SQLite refuses a nested
/// `BEGIN`, and a nested transaction could not take the write lock first.
///
/// On SQLite it begins `IMMEDIATE`, taking the write lock up front: a
/// deferred transaction that reads and then writes can fail with
/// `SQLITE_BUSY` whatever the busy timeout, if another writer got in between.
pub fn write_tx<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    if !matches!(conn, DbConnection::Sqlite(_)) {
        let outcome = conn.transaction(work)?;
        // Other processes hear of the write once it has committed. Not
        // inside the transaction: work may end it with an error it handled
        // (a unique violation read as "already offered"), after which
        // PostgreSQL refuses any further statement in it. A notice that
        // fails to go is not the write's failure: the others' caches fall
        // back to their time limits.
        if let Err(e) = changes::announce(conn) {
            tracing::warn!(error = %e, "could not tell other processes of a change");
        }
        return Ok(outcome);
    }
    if let DbConnection::Sqlite(c) = conn {
        AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
    }
    let outcome = work(conn);
    if let DbConnection::Sqlite(c) = conn {
        match &outcome {
            Ok(_) => AnsiTransactionManager::commit_transaction(c)?,
            Err(_) => AnsiTransactionManager::rollback_transaction(c)?,
        }
    }
    outcome
}

/// Inserts and returns the new row's id.
///
/// `MultiConnection` cannot run `RETURNING`, while both backends can; this is
/// the one place that matches on the backend to do it.
#[macro_export]
macro_rules! insert_returning_id {
    ($conn:expr, $insert:expr, $id:expr) => {
        match $conn {
            $crate::db::DbConnection::Sqlite(c) => {
                diesel::RunQueryDsl::get_result::<i64>($insert.returning($id), c)
            }
            $crate::db::DbConnection::Pg(c) => {
                diesel::RunQueryDsl::get_result::<i64>($insert.returning($id), c)
            }
        }
    };
}
