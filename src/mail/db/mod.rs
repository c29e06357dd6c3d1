//! The outbox's queries: queueing, taking a due message under a lease,
//! recording what the server said; the delivery report in [`report`].

mod report;

pub use report::{Counts, Trouble, any_sent, count_since, counts, latest_of, troubles};

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer, Text};

use super::letter::Letter;
use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::outbox;
use crate::db::sql::Sql;
use crate::kernel::identity::UserId;

/// The states a row goes through.
pub mod state {
    /// Waiting for its first or next try.
    pub const QUEUED: &str = "queued";
    /// The server took it.
    pub const SENT: &str = "sent";
    /// Given up on.
    pub const FAILED: &str = "failed";
}

/// Queues a letter, due at once.
pub fn insert(conn: &mut DbConnection, letter: &Letter, now: Timestamp) -> QueryResult<()> {
    insert_due(conn, letter, now, now)
}

/// Queues a letter, due at `due`.
pub fn insert_due(
    conn: &mut DbConnection,
    letter: &Letter,
    now: Timestamp,
    due: Timestamp,
) -> QueryResult<()> {
    let row = (
        outbox::to_user.eq(letter.to_user),
        outbox::to_address.eq(&letter.to_address),
        outbox::purpose.eq(letter.purpose),
        outbox::subject.eq(&letter.subject),
        outbox::text_body.eq(&letter.text),
        outbox::html_body.eq(&letter.html),
        outbox::unsubscribe_url.eq(letter.unsubscribe_url.as_deref().unwrap_or_default()),
        outbox::automatic.eq(letter.automatic),
        outbox::message_id.eq(crate::kernel::secret::random_code(15)),
        outbox::created_at.eq(now),
        outbox::due_at.eq(due),
    );
    crate::db::note_mail_queued();
    diesel::insert_into(outbox::table)
        .values(row.clone())
        .execute(conn)
        .map(|_| ())
}

/// Queues a row to be written when it is sent (see
/// [`super::compose`]), due at `due`.
#[allow(clippy::too_many_arguments, reason = "one row's columns")]
pub fn insert_pending(
    conn: &mut DbConnection,
    to: (UserId, &str),
    purpose: &str,
    about: &str,
    since: Timestamp,
    now: Timestamp,
    due: Timestamp,
) -> QueryResult<()> {
    crate::db::note_mail_queued();
    diesel::insert_into(outbox::table)
        .values((
            outbox::to_user.eq(Some(to.0)),
            outbox::to_address.eq(to.1),
            outbox::purpose.eq(purpose),
            outbox::subject.eq(""),
            outbox::text_body.eq(""),
            outbox::html_body.eq(""),
            outbox::automatic.eq(true),
            outbox::message_id.eq(crate::kernel::secret::random_code(15)),
            outbox::created_at.eq(now),
            outbox::due_at.eq(due),
            outbox::about.eq(about),
            outbox::since.eq(since),
        ))
        .execute(conn)
        .map(drop)
}

/// Whether a row about `about` waits to go to `user`.
pub fn waiting_about(conn: &mut DbConnection, user: UserId, about: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        outbox::table
            .filter(outbox::to_user.eq(user))
            .filter(outbox::about.eq(about))
            .filter(outbox::state.eq(state::QUEUED)),
    ))
    .get_result(conn)
}

/// When the latest row about `about` for `user` was due (sent or not).
pub fn last_about(
    conn: &mut DbConnection,
    user: UserId,
    about: &str,
) -> QueryResult<Option<Timestamp>> {
    outbox::table
        .filter(outbox::to_user.eq(user))
        .filter(outbox::about.eq(about))
        .select(diesel::dsl::max(outbox::due_at))
        .first::<Option<i64>>(conn)
        .map(|t| t.map(Timestamp))
}

/// Deletes a row its sender found nothing to write for.
pub fn discard(conn: &mut DbConnection, id: i64, sender: &str) -> QueryResult<()> {
    diesel::delete(
        outbox::table
            .filter(outbox::id.eq(id))
            .filter(outbox::claimed_by.eq(sender)),
    )
    .execute(conn)
    .map(drop)
}

/// The site's key called `name`, made from `fresh` the first time (by
/// whichever process gets there first; the others read its key).
pub fn site_key(conn: &mut DbConnection, name: &str, fresh: &str) -> QueryResult<String> {
    use crate::db::schema::site_keys;
    let insert = diesel::insert_into(site_keys::table)
        .values((site_keys::name.eq(name), site_keys::value.eq(fresh)));
    match conn {
        DbConnection::Sqlite(c) => insert.on_conflict_do_nothing().execute(c)?,
        DbConnection::Pg(c) => insert.on_conflict_do_nothing().execute(c)?,
    };
    site_keys::table
        .find(name)
        .select(site_keys::value)
        .first(conn)
}

/// A message taken for sending.
#[derive(Debug, QueryableByName)]
pub struct Taken {
    /// Row id.
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    /// The member it is for.
    #[diesel(sql_type = diesel::sql_types::Nullable<BigInt>)]
    pub to_user: Option<i64>,
    /// What kind of message.
    #[diesel(sql_type = Text)]
    pub purpose: String,
    /// What it is about, for mail written now.
    #[diesel(sql_type = Text)]
    pub about: String,
    /// For a batch: since when.
    #[diesel(sql_type = BigInt)]
    pub since: i64,
    /// The address.
    #[diesel(sql_type = Text)]
    pub to_address: String,
    /// Subject.
    #[diesel(sql_type = Text)]
    pub subject: String,
    /// Plain text.
    #[diesel(sql_type = Text)]
    pub text_body: String,
    /// HTML.
    #[diesel(sql_type = Text)]
    pub html_body: String,
    /// Unsubscribe link or empty.
    #[diesel(sql_type = Text)]
    pub unsubscribe_url: String,
    /// Whether automatic.
    #[diesel(sql_type = Bool)]
    pub automatic: bool,
    /// `Message-ID`'s left part.
    #[diesel(sql_type = Text)]
    pub message_id: String,
    /// Tries including this one.
    #[diesel(sql_type = Integer)]
    pub attempts: i32,
    /// When it was queued.
    #[diesel(sql_type = BigInt)]
    pub created_at: i64,
}

/// Takes the next due message for `sender` until `lease_until`: marks it
/// taken and counts the try, in one statement. On PostgreSQL the row is
/// picked `FOR UPDATE SKIP LOCKED`, so two processes taking at once take
/// different rows; on SQLite writes are one at a time anyway. A row whose
/// lease has run out (its sender died mid-send) is taken again.
pub fn take_next(
    conn: &mut DbConnection,
    sender: &str,
    now: Timestamp,
    lease_until: Timestamp,
) -> QueryResult<Option<Taken>> {
    let mut s = Sql::new();
    s.push("UPDATE outbox SET claimed_by = ");
    s.text(sender);
    s.push(", lease_until = ");
    s.big(lease_until.0);
    s.push(
        ", attempts = attempts + 1 WHERE id = (SELECT id FROM outbox \
         WHERE state = 'queued' AND due_at <= ",
    );
    s.big(now.0);
    s.push(" AND (lease_until IS NULL OR lease_until < ");
    s.big(now.0);
    s.push(") ORDER BY due_at, id LIMIT 1");
    if matches!(conn, DbConnection::Pg(_)) {
        s.push(" FOR UPDATE SKIP LOCKED");
    }
    s.push(
        ") RETURNING id, to_user, purpose, about, since, to_address, subject, text_body, \
         html_body, unsubscribe_url, automatic, message_id, attempts, created_at",
    );
    crate::db::one(s.load(conn))
}

/// How a try ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The server took it.
    Sent,
    /// Try again at this moment.
    RetryAt(Timestamp),
    /// Give up.
    Failed,
}

/// Records how the try of row `id` by `sender` ended. Only the sender that
/// holds the row can; returns whether it did (a sender whose lease ran out
/// and was overtaken records nothing).
pub fn finish(
    conn: &mut DbConnection,
    id: i64,
    sender: &str,
    outcome: Outcome,
    answer: &str,
    now: Timestamp,
) -> QueryResult<bool> {
    let answer: String = answer.chars().take(500).collect();
    let mine = outbox::table
        .filter(outbox::id.eq(id))
        .filter(outbox::claimed_by.eq(sender));
    let changed = match outcome {
        Outcome::RetryAt(due) => diesel::update(mine)
            .set((
                outbox::due_at.eq(due),
                outbox::claimed_by.eq(None::<String>),
                outbox::lease_until.eq(None::<i64>),
                outbox::last_answer.eq(&answer),
            ))
            .execute(conn)?,
        Outcome::Sent | Outcome::Failed => {
            let state = if outcome == Outcome::Sent {
                state::SENT
            } else {
                state::FAILED
            };
            // Bodies go: links in them (a password reset) must not outlive
            // the message, and the report never shows them.
            diesel::update(mine)
                .set((
                    outbox::state.eq(state),
                    outbox::claimed_by.eq(None::<String>),
                    outbox::lease_until.eq(None::<i64>),
                    outbox::finished_at.eq(Some(now)),
                    outbox::text_body.eq(""),
                    outbox::html_body.eq(""),
                    outbox::last_answer.eq(&answer),
                ))
                .execute(conn)?
        }
    };
    Ok(changed == 1)
}

/// Deletes messages finished before `before`; returns how many.
pub fn purge(conn: &mut DbConnection, before: Timestamp) -> QueryResult<usize> {
    diesel::delete(
        outbox::table
            .filter(outbox::state.ne(state::QUEUED))
            .filter(outbox::finished_at.lt(before)),
    )
    .execute(conn)
}
