//! The buckets shared by every process on PostgreSQL: an unlogged table,
//! each bucket taken from or given back to in one statement.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};

use super::Quota;
use crate::db::DbConnection;

/// What [`TAKE_SQL`] answers.
#[derive(QueryableByName)]
struct Taken {
    #[diesel(sql_type = Bool)]
    granted: bool,
    #[diesel(sql_type = BigInt)]
    milli_tokens: i64,
}

/// One attempt from a bucket, in one statement: the bucket is made full if
/// it is new, refilled for the time passed, and an attempt taken if one is
/// there. `$1` key, `$2` capacity in thousandths, `$3` now in ms, `$4`
/// seconds per attempt (so ms per thousandth).
const TAKE_SQL: &str = "
INSERT INTO rate_limits AS b (key, milli_tokens, updated_ms, full_at_ms, granted)
VALUES ($1, $2 - 1000, $3, $3 + 1000 * $4, TRUE)
ON CONFLICT (key) DO UPDATE SET
    granted = LEAST($2, b.milli_tokens + GREATEST(0, $3 - b.updated_ms) / $4) >= 1000,
    milli_tokens = LEAST($2, b.milli_tokens + GREATEST(0, $3 - b.updated_ms) / $4)
        - CASE WHEN LEAST($2, b.milli_tokens + GREATEST(0, $3 - b.updated_ms) / $4) >= 1000
          THEN 1000 ELSE 0 END,
    updated_ms = $3,
    full_at_ms = $3 + ($2 - LEAST($2, b.milli_tokens + GREATEST(0, $3 - b.updated_ms) / $4)
        + CASE WHEN LEAST($2, b.milli_tokens + GREATEST(0, $3 - b.updated_ms) / $4) >= 1000
          THEN 1000 ELSE 0 END) * $4
RETURNING granted, milli_tokens";

/// Gives an attempt back, never beyond the bucket's capacity.
const GIVE_BACK_SQL: &str = "
UPDATE rate_limits SET
    milli_tokens = LEAST($2, milli_tokens + 1000),
    full_at_ms = GREATEST($3, full_at_ms - 1000 * $4)
WHERE key = $1";

fn capacity(quota: Quota) -> i64 {
    i64::from(quota.burst) * 1000
}

/// The first 8 bytes of the key's SHA-256: shared by every process (unlike
/// the in-memory table's per-process key), and the key itself never stored.
pub(super) fn key(key: &str) -> i64 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(key.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

/// Takes one attempt from the shared bucket `key`, or says how many
/// seconds to wait.
pub(super) fn take(
    conn: &mut DbConnection,
    key: i64,
    quota: Quota,
    now_ms: i64,
) -> QueryResult<Result<(), u64>> {
    let DbConnection::Pg(pg) = conn else {
        return Err(diesel::result::Error::QueryBuilderError(
            "shared rate limits need PostgreSQL".into(),
        ));
    };
    let refill = i64::from(quota.refill_seconds.max(1));
    let taken: Taken = diesel::sql_query(TAKE_SQL)
        .bind::<BigInt, _>(key)
        .bind::<BigInt, _>(capacity(quota))
        .bind::<BigInt, _>(now_ms)
        .bind::<BigInt, _>(refill)
        .get_result(pg)?;
    if taken.granted {
        return Ok(Ok(()));
    }
    let missing = (1000 - taken.milli_tokens).max(0);
    let seconds = (missing * refill / 1000).max(1);
    Ok(Err(u64::try_from(seconds).unwrap_or(1)))
}

/// Gives back an attempt taken by [`take`] (a log-in that succeeded).
pub(super) fn give_back(
    conn: &mut DbConnection,
    key: i64,
    quota: Quota,
    now_ms: i64,
) -> QueryResult<()> {
    if let DbConnection::Pg(pg) = conn {
        diesel::sql_query(GIVE_BACK_SQL)
            .bind::<BigInt, _>(key)
            .bind::<BigInt, _>(capacity(quota))
            .bind::<BigInt, _>(now_ms)
            .bind::<BigInt, _>(i64::from(quota.refill_seconds.max(1)))
            .execute(pg)?;
    }
    Ok(())
}

/// Forgets buckets that have refilled completely. Returns how many.
pub(super) fn forget_full(conn: &mut DbConnection, now_ms: i64) -> QueryResult<usize> {
    Ok(match conn {
        DbConnection::Pg(pg) => diesel::sql_query("DELETE FROM rate_limits WHERE full_at_ms < $1")
            .bind::<BigInt, _>(now_ms)
            .execute(pg)?,
        DbConnection::Sqlite(_) => 0,
    })
}
