//! Background jobs that must run in one process at a time when several
//! share a PostgreSQL database.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};

use super::DbConnection;

/// A job that runs in one process at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    /// Expiring needs past their date.
    Expiry,
    /// Reminding people of tomorrow's needs.
    Reminders,
    /// Sending the daily digests.
    Digest,
}

impl Job {
    /// Its name, for logs and metrics.
    pub fn name(self) -> &'static str {
        match self {
            Self::Expiry => "expiry",
            Self::Reminders => "reminders",
            Self::Digest => "digest",
        }
    }

    /// The advisory lock that keeps other processes out while it runs.
    fn lock_key(self) -> i64 {
        match self {
            // "kith" in ASCII, then the job's number.
            Self::Expiry => 0x6B69_7468_0000_0001,
            Self::Reminders => 0x6B69_7468_0000_0002,
            Self::Digest => 0x6B69_7468_0000_0003,
        }
    }
}

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

/// Runs `work` unless another process is running the same job right now
/// (then `Ok(None)`). On PostgreSQL a session advisory lock, released when
/// the work ends however it ends; on SQLite one process serves the
/// database, so the work simply runs.
pub fn exclusively<T, E>(
    conn: &mut DbConnection,
    job: Job,
    work: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<Option<T>, E>
where
    E: From<diesel::result::Error>,
{
    if let DbConnection::Pg(pg) = conn {
        let locked: Locked = diesel::sql_query("SELECT pg_try_advisory_lock($1) AS locked")
            .bind::<BigInt, _>(job.lock_key())
            .get_result(pg)?;
        if !locked.locked {
            return Ok(None);
        }
    }
    let outcome = work(conn);
    if let DbConnection::Pg(pg) = conn {
        diesel::sql_query("SELECT pg_advisory_unlock($1)")
            .bind::<BigInt, _>(job.lock_key())
            .execute(pg)?;
    }
    outcome.map(Some)
}
