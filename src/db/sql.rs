//! Statements written in SQL, for the few queries the query builder cannot
//! say (the board's merged pages and search, a profile's counts).
//!
//! Unlike `diesel::sql_query`, whose statements are parsed and planned
//! again on every run, a [`Sql`] statement is prepared once per connection
//! and kept in diesel's statement cache under its text, as the query
//! builder's own statements are. Every value is bound, never spliced, so
//! the text (and with it the cache) varies only with the statement's shape.

use diesel::backend::Backend;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, HasSqlType, Text, Untyped};
use diesel::sqlite::Sqlite;

use super::DbConnection;

/// A value bound into a [`Sql`] statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bind {
    /// A text value.
    Text(String),
    /// An integer.
    BigInt(i64),
}

#[derive(Clone, Debug)]
enum Piece {
    Sql(String),
    Bind(Bind),
}

/// A statement assembled from SQL text and bound values; each backend
/// writes its own placeholders (`?` or `$n`).
#[derive(Clone, Debug, Default)]
pub struct Sql {
    pieces: Vec<Piece>,
    uncached: bool,
}

impl Sql {
    /// An empty statement.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends SQL text (never a value from outside: bind those).
    pub fn push(&mut self, sql: &str) {
        match self.pieces.last_mut() {
            Some(Piece::Sql(text)) => text.push_str(sql),
            _ => self.pieces.push(Piece::Sql(sql.to_owned())),
        }
    }

    /// Appends a placeholder bound to a text value.
    pub fn text(&mut self, value: impl Into<String>) {
        self.pieces.push(Piece::Bind(Bind::Text(value.into())));
    }

    /// Appends a placeholder bound to an integer.
    pub fn big(&mut self, value: i64) {
        self.pieces.push(Piece::Bind(Bind::BigInt(value)));
    }

    /// Keeps this statement out of the connection's statement cache: for a
    /// statement whose text grows with its input (a long list of ids), which
    /// would otherwise leave one prepared statement behind per length.
    pub fn uncached(&mut self) {
        self.uncached = true;
    }

    /// The values bound, in order.
    pub fn binds(&self) -> impl Iterator<Item = &Bind> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Bind(bind) => Some(bind),
            Piece::Sql(_) => None,
        })
    }

    /// The statement's text with SQLite's placeholders, for tests and logs.
    pub fn text_for_sqlite(&self) -> String {
        diesel::debug_query::<Sqlite, _>(self)
            .to_string()
            .split(" -- binds:")
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    /// The statement's text with PostgreSQL's placeholders.
    pub fn text_for_postgres(&self) -> String {
        diesel::debug_query::<Pg, _>(self)
            .to_string()
            .split(" -- binds:")
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    /// Runs the statement and reads every row.
    pub fn load<T>(self, conn: &mut DbConnection) -> QueryResult<Vec<T>>
    where
        T: QueryableByName<Sqlite> + QueryableByName<Pg> + 'static,
    {
        match conn {
            DbConnection::Sqlite(c) => RunQueryDsl::load(self, c),
            DbConnection::Pg(c) => RunQueryDsl::load(self, c),
        }
    }
}

impl QueryId for Sql {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for Sql {
    type SqlType = Untyped;
}

impl<Conn> RunQueryDsl<Conn> for Sql {}

impl<DB> QueryFragment<DB> for Sql
where
    DB: Backend + HasSqlType<Text> + HasSqlType<BigInt>,
    String: ToSql<Text, DB>,
    i64: ToSql<BigInt, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        if self.uncached {
            out.unsafe_to_cache_prepared();
        }
        for piece in &self.pieces {
            match piece {
                Piece::Sql(text) => out.push_sql(text),
                Piece::Bind(Bind::Text(value)) => out.push_bind_param::<Text, _>(value)?,
                Piece::Bind(Bind::BigInt(value)) => out.push_bind_param::<BigInt, _>(value)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::connection::InstrumentationEvent;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[derive(QueryableByName)]
    struct Sum {
        #[diesel(sql_type = BigInt)]
        total: i64,
    }

    #[test]
    fn each_backend_gets_its_own_placeholders_and_every_value_is_bound() {
        let mut s = Sql::new();
        s.push("SELECT ");
        s.big(40);
        s.push(" + ");
        s.big(2);
        s.push(" AS total WHERE ");
        s.text("it's");
        s.push(" <> ''");
        assert_eq!(s.text_for_sqlite(), "SELECT ? + ? AS total WHERE ? <> ''");
        assert_eq!(
            s.text_for_postgres(),
            "SELECT $1 + $2 AS total WHERE $3 <> ''"
        );
        assert_eq!(s.binds().count(), 3);
    }

    /// An in-memory database, and how many statements it has put in its
    /// statement cache so far.
    fn counting_cache() -> (DbConnection, Arc<AtomicUsize>) {
        let mut conn = diesel::SqliteConnection::establish(":memory:").expect("in-memory database");
        let cached = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&cached);
        conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
            if matches!(event, InstrumentationEvent::CacheQuery { .. }) {
                counter.fetch_add(1, Ordering::SeqCst);
            }
        });
        (DbConnection::Sqlite(conn), cached)
    }

    fn sum(a: i64, b: i64, uncached: bool) -> Sql {
        let mut s = Sql::new();
        s.push("SELECT ");
        s.big(a);
        s.push(" + ");
        s.big(b);
        s.push(" AS total");
        if uncached {
            s.uncached();
        }
        s
    }

    #[test]
    fn a_statement_is_prepared_once_and_runs_again_with_other_values() {
        let (mut conn, cached) = counting_cache();
        for (a, b) in [(40, 2), (1, 1), (7, 0)] {
            let rows: Vec<Sum> = sum(a, b, false).load(&mut conn).expect("runs");
            assert_eq!(rows[0].total, a + b);
        }
        assert_eq!(cached.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn an_uncached_statement_leaves_nothing_in_the_cache() {
        let (mut conn, cached) = counting_cache();
        let rows: Vec<Sum> = sum(2, 3, true).load(&mut conn).expect("runs");
        assert_eq!(rows[0].total, 5);
        assert_eq!(cached.load(Ordering::SeqCst), 0);
    }

    #[derive(QueryableByName)]
    struct CompileOption {
        #[diesel(sql_type = diesel::sql_types::Text)]
        compile_options: String,
    }

    #[test]
    fn sqlite_plans_a_statement_without_looking_at_its_bound_values() {
        // Built with QPSG (see .cargo/config.toml): otherwise any statement
        // with `LIMIT ?` is parsed again on every run, and a prepared
        // statement saves nothing.
        let mut conn = diesel::SqliteConnection::establish(":memory:").expect("in-memory database");
        let options: Vec<CompileOption> = diesel::sql_query("PRAGMA compile_options")
            .load(&mut conn)
            .expect("compile options");
        assert!(
            options.iter().any(|o| o.compile_options == "ENABLE_QPSG"),
            "SQLite was built without SQLITE_ENABLE_QPSG"
        );
    }

    #[test]
    fn each_sqlite_connection_reads_through_a_page_cache_of_its_own() {
        // Built without SQLITE_ENABLE_MEMORY_MANAGEMENT (see
        // .cargo/config.toml): with it every connection shares one page
        // cache behind one lock, and the database threads queue on it.
        let mut conn = diesel::SqliteConnection::establish(":memory:").expect("in-memory database");
        let options: Vec<CompileOption> = diesel::sql_query("PRAGMA compile_options")
            .load(&mut conn)
            .expect("compile options");
        let built_with = |name: &str| options.iter().any(|o| o.compile_options == name);
        assert!(!built_with("ENABLE_MEMORY_MANAGEMENT"));
        assert!(built_with("DEFAULT_MEMSTATUS=0"));
    }
}
