//! Every query of moderation and administration.

use diesel::prelude::*;

use super::log::LogEntry;
use crate::db::DbConnection;
use crate::db::schema::{categories, moderation_log, site_settings, users};
use crate::insert_returning_id;

/// Appends an entry to the moderation log.
pub fn append_log(conn: &mut DbConnection, entry: &LogEntry, now: i64) -> QueryResult<()> {
    diesel::insert_into(moderation_log::table)
        .values((
            moderation_log::actor_id.eq(entry.actor.0),
            moderation_log::action.eq(entry.action.as_str()),
            moderation_log::target_kind.eq(entry.target_kind),
            moderation_log::target_id.eq(entry.target_id),
            moderation_log::summary.eq(&entry.summary),
            moderation_log::reason.eq(&entry.reason),
            moderation_log::created_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// A log entry as shown to moderators.
#[derive(Clone, Debug, Queryable)]
pub struct LogRow {
    /// Id.
    pub id: i64,
    /// Who acted (their current name, if they still have an account).
    pub actor_name: Option<String>,
    /// Action word.
    pub action: String,
    /// What was done.
    pub summary: String,
    /// Why.
    pub reason: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// The newest entries of the log.
pub fn recent_log(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<LogRow>> {
    moderation_log::table
        .left_join(users::table.on(users::id.eq(moderation_log::actor_id)))
        .order(moderation_log::id.desc())
        .limit(limit)
        .select((
            moderation_log::id,
            users::display_name.nullable(),
            moderation_log::action,
            moderation_log::summary,
            moderation_log::reason,
            moderation_log::created_at,
        ))
        .load(conn)
}

/// Saves the site's name, description and rules (one per line).
pub fn save_settings(
    conn: &mut DbConnection,
    name: &str,
    description: &str,
    rules: &str,
) -> QueryResult<()> {
    diesel::update(site_settings::table.find(1_i64))
        .set((
            site_settings::name.eq(name),
            site_settings::description.eq(description),
            site_settings::rules.eq(rules),
        ))
        .execute(conn)
        .map(drop)
}

/// Adds a category at the end of the list; `None` if the name is taken.
pub fn add_category(conn: &mut DbConnection, name: &str) -> QueryResult<Option<i64>> {
    let taken: bool = diesel::select(diesel::dsl::exists(
        categories::table.filter(categories::name.eq(name)),
    ))
    .get_result(conn)?;
    if taken {
        return Ok(None);
    }
    let last: Option<i32> = categories::table
        .select(diesel::dsl::max(categories::position))
        .first(conn)?;
    let insert = diesel::insert_into(categories::table).values((
        categories::name.eq(name),
        categories::position.eq(last.unwrap_or(0) + 1),
    ));
    insert_returning_id!(conn, insert, categories::id).map(Some)
}

/// A category's name, if it exists.
pub fn category_name(conn: &mut DbConnection, id: i64) -> QueryResult<Option<String>> {
    categories::table
        .find(id)
        .select(categories::name)
        .first(conn)
        .optional()
}

/// Renames a category; `false` if another already has the name.
pub fn rename_category(conn: &mut DbConnection, id: i64, name: &str) -> QueryResult<bool> {
    let taken: bool = diesel::select(diesel::dsl::exists(
        categories::table
            .filter(categories::name.eq(name))
            .filter(categories::id.ne(id)),
    ))
    .get_result(conn)?;
    if taken {
        return Ok(false);
    }
    diesel::update(categories::table.find(id))
        .set(categories::name.eq(name))
        .execute(conn)
        .map(|n| n == 1)
}

/// Swaps a category with its neighbour above (`up`) or below; `false` if
/// it is already first or last.
pub fn move_category(conn: &mut DbConnection, id: i64, up: bool) -> QueryResult<bool> {
    let order: Vec<(i64, i32)> = categories::table
        .order((categories::position, categories::id))
        .select((categories::id, categories::position))
        .load(conn)?;
    let Some(index) = order.iter().position(|(c, _)| *c == id) else {
        return Ok(false);
    };
    let other = if up {
        index.checked_sub(1)
    } else {
        Some(index + 1).filter(|i| *i < order.len())
    };
    let Some(other) = other else {
        return Ok(false);
    };
    // Renumber the whole list in its new order, so equal positions never tie.
    let mut ids: Vec<i64> = order.iter().map(|(c, _)| *c).collect();
    ids.swap(index, other);
    for (position, category) in ids.iter().enumerate() {
        let position = i32::try_from(position + 1).unwrap_or(i32::MAX);
        diesel::update(categories::table.find(category))
            .set(categories::position.eq(position))
            .execute(conn)?;
    }
    Ok(true)
}

/// Retires or restores a category.
pub fn set_category_retired(conn: &mut DbConnection, id: i64, retired: bool) -> QueryResult<bool> {
    diesel::update(categories::table.find(id))
        .set(categories::retired.eq(retired))
        .execute(conn)
        .map(|n| n == 1)
}
