//! The one-time links' table.

use diesel::prelude::*;

use crate::accounts::links::{Purpose, Stored};
use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::account_links;
use crate::kernel::identity::UserId;

/// Stores a new link.
pub fn insert(
    conn: &mut DbConnection,
    token_hash: &str,
    user: UserId,
    purpose: Purpose,
    new_email: &str,
    now: Timestamp,
    expires_at: Timestamp,
) -> QueryResult<()> {
    diesel::insert_into(account_links::table)
        .values((
            account_links::token_hash.eq(token_hash),
            account_links::user_id.eq(user),
            account_links::purpose.eq(purpose),
            account_links::new_email.eq(new_email),
            account_links::created_at.eq(now),
            account_links::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(drop)
}

/// The link with this hash.
pub fn find(conn: &mut DbConnection, token_hash: &str) -> QueryResult<Option<Stored>> {
    account_links::table
        .find(token_hash)
        .select((
            account_links::user_id,
            account_links::purpose,
            account_links::new_email,
            account_links::expires_at,
            account_links::used_at,
        ))
        .first::<(UserId, Purpose, String, Timestamp, Option<Timestamp>)>(conn)
        .optional()
        .map(|row| {
            row.map(|(user, purpose, new_email, expires_at, used_at)| Stored {
                user,
                purpose,
                new_email,
                expires_at,
                used_at,
            })
        })
}

/// Marks the link used, unless it was already; returns whether it was
/// this call that did.
pub fn spend(conn: &mut DbConnection, token_hash: &str, now: Timestamp) -> QueryResult<bool> {
    diesel::update(
        account_links::table
            .find(token_hash)
            .filter(account_links::used_at.is_null()),
    )
    .set(account_links::used_at.eq(Some(now)))
    .execute(conn)
    .map(|n| n == 1)
}

/// Marks every unused link of `user` for `purpose` used.
pub fn spend_all(
    conn: &mut DbConnection,
    user: UserId,
    purpose: Purpose,
    now: Timestamp,
) -> QueryResult<()> {
    diesel::update(
        account_links::table
            .filter(account_links::user_id.eq(user))
            .filter(account_links::purpose.eq(purpose))
            .filter(account_links::used_at.is_null()),
    )
    .set(account_links::used_at.eq(Some(now)))
    .execute(conn)
    .map(drop)
}

/// Deletes links that expired more than a day ago (a used or expired link
/// is kept that long so that a second click can be told what happened).
pub fn delete_expired(conn: &mut DbConnection, now: Timestamp) -> QueryResult<()> {
    diesel::delete(account_links::table.filter(account_links::expires_at.lt(now.minus(86_400))))
        .execute(conn)
        .map(drop)
}
