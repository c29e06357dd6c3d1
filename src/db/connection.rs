//! The connection type over both backends.
#![allow(
    missing_docs,
    reason = "the MultiConnection derive generates items without docs (`expect` misfires on derive output)"
)]

/// A connection to whichever backend the database URL names.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    /// An embedded SQLite database file.
    Sqlite(diesel::SqliteConnection),
    /// A PostgreSQL server.
    Pg(diesel::PgConnection),
}
