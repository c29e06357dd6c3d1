//! The outbox's queries: queueing, taking a due message under a lease,
//! recording what the server said, and the delivery report.

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
        outbox::message_id.eq(crate::kernel::secret::random_token(18)),
        outbox::created_at.eq(now),
        outbox::due_at.eq(due),
    );
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
    diesel::insert_into(outbox::table)
        .values((
            outbox::to_user.eq(Some(to.0)),
            outbox::to_address.eq(to.1),
            outbox::purpose.eq(purpose),
            outbox::subject.eq(""),
            outbox::text_body.eq(""),
            outbox::html_body.eq(""),
            outbox::automatic.eq(true),
            outbox::message_id.eq(crate::kernel::secret::random_token(18)),
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

/// Counts for the delivery report.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    /// Waiting to go.
    pub queued: i64,
    /// Of those, waiting after a failed try.
    pub retrying: i64,
    /// Sent in the last day and week.
    pub sent: (i64, i64),
    /// Given up on in the last day and week.
    pub failed: (i64, i64),
}

#[derive(QueryableByName)]
struct CountsRow {
    #[diesel(sql_type = BigInt)]
    queued: i64,
    #[diesel(sql_type = BigInt)]
    retrying: i64,
    #[diesel(sql_type = BigInt)]
    sent_day: i64,
    #[diesel(sql_type = BigInt)]
    sent_week: i64,
    #[diesel(sql_type = BigInt)]
    failed_day: i64,
    #[diesel(sql_type = BigInt)]
    failed_week: i64,
}

/// How many are queued, and sent and failed in the last day and week.
pub fn counts(conn: &mut DbConnection, now: Timestamp) -> QueryResult<Counts> {
    let (day, week) = (now.minus(86_400).0, now.minus(7 * 86_400).0);
    let mut s = Sql::new();
    s.push(
        "SELECT \
         COALESCE(SUM(CASE WHEN state = 'queued' THEN 1 ELSE 0 END), 0) AS queued, \
         COALESCE(SUM(CASE WHEN state = 'queued' AND attempts > 0 THEN 1 ELSE 0 END), 0) AS retrying, \
         COALESCE(SUM(CASE WHEN state = 'sent' AND finished_at >= ",
    );
    s.big(day);
    s.push(" THEN 1 ELSE 0 END), 0) AS sent_day, COALESCE(SUM(CASE WHEN state = 'sent' AND finished_at >= ");
    s.big(week);
    s.push(" THEN 1 ELSE 0 END), 0) AS sent_week, COALESCE(SUM(CASE WHEN state = 'failed' AND finished_at >= ");
    s.big(day);
    s.push(" THEN 1 ELSE 0 END), 0) AS failed_day, COALESCE(SUM(CASE WHEN state = 'failed' AND finished_at >= ");
    s.big(week);
    s.push(" THEN 1 ELSE 0 END), 0) AS failed_week FROM outbox");
    let row: Option<CountsRow> = crate::db::one(s.load(conn))?;
    Ok(row.map_or_else(Counts::default, |r| Counts {
        queued: r.queued,
        retrying: r.retrying,
        sent: (r.sent_day, r.sent_week),
        failed: (r.failed_day, r.failed_week),
    }))
}

/// A message that failed or is failing, for the report.
#[derive(Debug, Queryable)]
pub struct Trouble {
    /// Where it was going.
    pub to_address: String,
    /// What kind of message.
    pub purpose: String,
    /// `queued` (still retrying) or `failed`.
    pub state: String,
    /// Tries so far.
    pub attempts: i32,
    /// When it was queued.
    pub created_at: Timestamp,
    /// What the server said.
    pub last_answer: String,
}

/// The latest messages that failed for good or are waiting to try again,
/// newest first.
pub fn troubles(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<Trouble>> {
    let query = outbox::table
        .filter(
            outbox::state.eq(state::FAILED).or(outbox::state
                .eq(state::QUEUED)
                .and(outbox::last_answer.ne(""))),
        )
        .order(outbox::id.desc())
        .limit(limit)
        .select((
            outbox::to_address,
            outbox::purpose,
            outbox::state,
            outbox::attempts,
            outbox::created_at,
            outbox::last_answer,
        ));
    query.load(conn)
}

/// The members' addresses a message to `user` went to and failed for
/// good, most recent first (for the banner asking them to check it).
pub fn failed_for(
    conn: &mut DbConnection,
    user: UserId,
    since: Timestamp,
) -> QueryResult<Vec<String>> {
    let query = outbox::table
        .filter(outbox::to_user.eq(user))
        .filter(outbox::state.eq(state::FAILED))
        .filter(outbox::finished_at.ge(since))
        .order(outbox::id.desc())
        .select(outbox::to_address)
        .limit(5);
    query.load(conn)
}

/// How many messages of `purpose` were queued for `user` since `since`
/// (to keep messages nobody asked for rare).
pub fn count_since(
    conn: &mut DbConnection,
    user: UserId,
    purpose: &str,
    since: Timestamp,
) -> QueryResult<i64> {
    outbox::table
        .filter(outbox::to_user.eq(user))
        .filter(outbox::purpose.eq(purpose))
        .filter(outbox::created_at.ge(since))
        .count()
        .get_result(conn)
}

/// Whether the latest message to `user` at `address` that finished failed
/// for good: mail there is not getting through (until one does).
pub fn not_getting_through(
    conn: &mut DbConnection,
    user: UserId,
    address: &str,
) -> QueryResult<bool> {
    let last: Option<String> = outbox::table
        .filter(outbox::to_user.eq(user))
        .filter(outbox::to_address.eq(address))
        .filter(outbox::state.ne(state::QUEUED))
        .order((outbox::finished_at.desc(), outbox::id.desc()))
        .select(outbox::state)
        .first(conn)
        .optional()?;
    Ok(last.as_deref() == Some(state::FAILED))
}
