//! Consistent backups of an SQLite database while the site runs.
//!
//! `VACUUM INTO` writes a complete, compacted copy from one read
//! transaction (so writes in the WAL are included), to a temporary name
//! beside the destination; the copy is checked with `PRAGMA
//! integrity_check`, synced to disk, and only then renamed into place, so a
//! file under the destination name is always a whole, checked backup.

use std::path::{Path, PathBuf};

use diesel::prelude::*;
use diesel::sql_types::Text;

use super::DbConnection;

#[derive(QueryableByName)]
struct IntegrityCheck {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

/// `PRAGMA integrity_check` on an SQLite connection: `Ok` when it says "ok".
pub fn integrity_check(conn: &mut diesel::SqliteConnection) -> Result<(), String> {
    let rows: Vec<IntegrityCheck> = diesel::sql_query("PRAGMA integrity_check")
        .load(conn)
        .map_err(|e| format!("integrity check failed to run: {e}"))?;
    match rows.as_slice() {
        [only] if only.integrity_check == "ok" => Ok(()),
        _ => Err(rows
            .iter()
            .map(|r| r.integrity_check.as_str())
            .collect::<Vec<_>>()
            .join("; ")),
    }
}

/// Writes a checked backup of the database to `destination`.
pub fn backup_to(conn: &mut DbConnection, destination: &Path) -> Result<(), String> {
    let DbConnection::Sqlite(conn) = conn else {
        return Err("backups of PostgreSQL are made with pg_dump (see README.md)".into());
    };
    let temporary = temporary_name(destination);
    let temporary_text = temporary
        .to_str()
        .ok_or("the backup path must be valid UTF-8")?
        .to_owned();
    let _ = std::fs::remove_file(&temporary);
    let result = (|| {
        diesel::sql_query("VACUUM INTO ?")
            .bind::<Text, _>(&temporary_text)
            .execute(conn)
            .map_err(|e| format!("VACUUM INTO failed: {e}"))?;
        let mut copy = diesel::SqliteConnection::establish(&temporary_text)
            .map_err(|e| format!("cannot open the new copy: {e}"))?;
        integrity_check(&mut copy).map_err(|e| format!("the copy is damaged: {e}"))?;
        drop(copy);
        std::fs::File::open(&temporary)
            .and_then(|f| f.sync_all())
            .map_err(|e| format!("cannot sync the copy: {e}"))?;
        std::fs::rename(&temporary, destination)
            .map_err(|e| format!("cannot rename the copy into place: {e}"))?;
        if let Some(dir) = destination.parent().filter(|d| !d.as_os_str().is_empty()) {
            // Make the rename itself durable.
            let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

fn temporary_name(destination: &Path) -> PathBuf {
    let mut name = destination
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".tmp-{}", std::process::id()));
    destination.with_file_name(name)
}
