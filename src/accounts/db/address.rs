//! A member's address: moving the account to a new one, and whether the
//! other side of an accepted offer may see it.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DbError};

use crate::db::DbConnection;
use crate::db::schema::users;
use crate::kernel::identity::UserId;

/// Gives a member the normalised address `email`, confirmed (a link mailed
/// to it was just used); `false` if another account has it.
pub fn change_email(conn: &mut DbConnection, id: UserId, email: &str) -> QueryResult<bool> {
    match diesel::update(users::table.find(id.0))
        .set((
            users::email.eq(email),
            users::email_confirmed.eq(true),
            users::mail_failing.eq(false),
        ))
        .execute(conn)
    {
        Ok(_) => Ok(true),
        Err(DbError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Sets whether a member shares their address with the people whose help
/// they accept and who accept theirs.
pub fn set_share_email(conn: &mut DbConnection, id: UserId, share: bool) -> QueryResult<()> {
    diesel::update(users::table.find(id.0))
        .set(users::share_email.eq(share))
        .execute(conn)
        .map(drop)
}
