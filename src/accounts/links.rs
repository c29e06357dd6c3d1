//! One-time links sent by mail: confirming an address, resetting a
//! password, confirming a new address. The link carries a random 256-bit
//! token; the database keeps only its SHA-256, what it is for, whom it is
//! for and until when. A link works once.

use diesel::deserialize::FromSqlRow;
use diesel::expression::AsExpression;
use diesel::sql_types::Text;

use super::db::links as db;
use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::kernel::identity::UserId;
use crate::kernel::secret::{hash_token, random_token};

/// Takes one of the links that may be mailed to `address`'s mailbox
/// ([`crate::web::ratelimit::LINK_MAIL_PER_RECIPIENT`], counted by
/// [`super::forms::Email::mailbox_key`]); the wait, if none is left. Every
/// link to an address not yet confirmed as an account's asks first, so no
/// number of accounts can make Kith mail one stranger without end.
pub async fn may_mail_link(
    state: &crate::AppState,
    address: &str,
) -> Result<Result<(), u64>, crate::error::AppError> {
    let mailbox = super::forms::Email::parse(address)
        .map_or_else(|_| address.to_lowercase(), |email| email.mailbox_key());
    let key = format!("link-mail:{}", hash_token(&mailbox));
    state
        .limiter
        .take(&key, crate::web::ratelimit::LINK_MAIL_PER_RECIPIENT)
        .await
}

/// What the form says, beside the address, when no more links may go to
/// that mailbox for `wait` seconds. Asked whether or not the address has
/// an account, so it tells nobody which.
pub fn mailbox_cap_words(wait: u64) -> String {
    format!(
        "We have sent several e-mails to this address already. So that nobody can flood a \
         mailbox through this site, no more go out for {}. Look for them in the spam folder, \
         or try again then.",
        crate::kernel::words::format_wait(wait)
    )
}

/// What a link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum Purpose {
    /// Confirms the address given at sign-up.
    Confirm,
    /// Lets the member choose a new password.
    Reset,
    /// Confirms a new address for an existing account.
    NewEmail,
}

impl Purpose {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirm => "confirm",
            Self::Reset => "reset",
            Self::NewEmail => "new_email",
        }
    }

    /// Reads a stored word.
    pub fn from_db(word: &str) -> Option<Self> {
        [Self::Confirm, Self::Reset, Self::NewEmail]
            .into_iter()
            .find(|p| p.as_str() == word)
    }

    /// How long a link works, in seconds.
    pub fn lifetime(self) -> i64 {
        match self {
            Self::Confirm | Self::NewEmail => 48 * 3600,
            Self::Reset => 3600,
        }
    }
}

crate::text_column!(Purpose, fallible);

/// A link as stored.
#[derive(Clone, Debug)]
pub struct Stored {
    /// Whom it is for.
    pub user: UserId,
    /// What it is for.
    pub purpose: Purpose,
    /// The new address, for [`Purpose::NewEmail`].
    pub new_email: String,
    /// Until when it works.
    pub expires_at: Timestamp,
    /// When it was used, if it was.
    pub used_at: Option<Timestamp>,
}

/// Why a link does not work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dead {
    /// No such link (mistyped, or cut short by a mail program).
    Unknown,
    /// It was used already.
    Used,
    /// Its time ran out.
    Expired,
}

/// A new token for a link (256 random bits).
pub fn new_token() -> String {
    random_token(32)
}

/// Stores the link `token` for `user`, in the caller's transaction. Links
/// of the same purpose made before stop working.
pub fn issue(
    conn: &mut DbConnection,
    token: &str,
    user: UserId,
    purpose: Purpose,
    new_email: &str,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    db::spend_all(conn, user, purpose, now)?;
    db::delete_expired(conn, now)?;
    db::insert(
        conn,
        &hash_token(token),
        user,
        purpose,
        new_email,
        now,
        now.plus(purpose.lifetime()),
    )
}

/// Stops every unused link of `user` for `purpose`, in the caller's
/// transaction (an address changed: links for the old one must not
/// outlive it).
pub fn cancel(
    conn: &mut DbConnection,
    user: UserId,
    purpose: Purpose,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    db::spend_all(conn, user, purpose, now)
}

/// The link `token` names if it is for `purpose` and still works.
pub fn check(
    conn: &mut DbConnection,
    token: &str,
    purpose: Purpose,
    now: Timestamp,
) -> diesel::QueryResult<Result<Stored, Dead>> {
    let Some(link) = db::find(conn, &hash_token(token))? else {
        return Ok(Err(Dead::Unknown));
    };
    Ok(if link.purpose != purpose {
        Err(Dead::Unknown)
    } else if link.used_at.is_some() {
        Err(Dead::Used)
    } else if link.expires_at <= now {
        Err(Dead::Expired)
    } else {
        Ok(link)
    })
}

/// Uses the link `token` names, in the caller's transaction: the one
/// guarded update that makes it single use, even against two clicks at
/// once. Returns the link, or why it does not work.
pub fn redeem(
    conn: &mut DbConnection,
    token: &str,
    purpose: Purpose,
    now: Timestamp,
) -> diesel::QueryResult<Result<Stored, Dead>> {
    let link = match check(conn, token, purpose, now)? {
        Ok(link) => link,
        dead => return Ok(dead),
    };
    Ok(if db::spend(conn, &hash_token(token), now)? {
        Ok(link)
    } else {
        Err(Dead::Used)
    })
}

/// [`check`] on a database thread, at the server's time.
pub async fn check_now(
    state: &crate::AppState,
    token: &str,
    purpose: Purpose,
) -> Result<Result<Stored, Dead>, crate::error::AppError> {
    let now = state.config.clock.now();
    let token = token.to_owned();
    state
        .db
        .run(move |conn| Ok(check(conn, &token, purpose, now)?))
        .await
}
