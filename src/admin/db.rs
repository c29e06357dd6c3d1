//! Every query of the admin pages that is theirs alone: the categories
//! (this module is the only one that writes them), roles, and the steps of
//! setting up the board (`setup_steps`, written here alone). Site settings
//! are written through `site::db`, members read through `moderation::db`.

use diesel::prelude::*;

use super::checklist::SetupStep;
use crate::db::DbConnection;
use crate::db::schema::{categories, setup_steps, users};
use crate::insert_returning_id;
use crate::kernel::identity::{Role, UserId};
use crate::kernel::ids::CategoryId;

/// Adds a category at the end of the list, or just before the catch-all
/// ("Other") when that is last, so it stays last; `None` if the name is
/// taken.
pub fn add_category(conn: &mut DbConnection, name: &str) -> QueryResult<Option<CategoryId>> {
    let taken: bool = diesel::select(diesel::dsl::exists(
        categories::table.filter(categories::name.eq(name)),
    ))
    .get_result(conn)?;
    if taken {
        return Ok(None);
    }
    let last: Option<(CategoryId, i32, bool)> = categories::table
        .order((categories::position.desc(), categories::id.desc()))
        .select((categories::id, categories::position, categories::catch_all))
        .first(conn)
        .optional()?;
    let position = match last {
        // The new one takes the catch-all's place, and the catch-all moves
        // one on (ties in position sort by id, so it could not stay put).
        Some((catch_all, position, true)) => {
            diesel::update(categories::table.find(catch_all))
                .set(categories::position.eq(position + 1))
                .execute(conn)?;
            position
        }
        Some((_, position, false)) => position + 1,
        None => 1,
    };
    let insert = diesel::insert_into(categories::table)
        .values((categories::name.eq(name), categories::position.eq(position)));
    insert_returning_id!(conn, insert, categories::id).map(|id| Some(CategoryId(id)))
}

/// The catch-all category ("Other"), if there is one.
pub fn catch_all(conn: &mut DbConnection) -> QueryResult<Option<CategoryId>> {
    categories::table
        .filter(categories::catch_all.eq(true))
        .order(categories::id)
        .select(categories::id)
        .first(conn)
        .optional()
}

/// A category's name, if it exists.
pub fn category_name(conn: &mut DbConnection, id: CategoryId) -> QueryResult<Option<String>> {
    categories::table
        .find(id)
        .select(categories::name)
        .first(conn)
        .optional()
}

/// Renames a category; `false` if another already has the name.
pub fn rename_category(conn: &mut DbConnection, id: CategoryId, name: &str) -> QueryResult<bool> {
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
pub fn move_category(conn: &mut DbConnection, id: CategoryId, up: bool) -> QueryResult<bool> {
    let order: Vec<(CategoryId, i32)> = categories::table
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
    let mut ids: Vec<CategoryId> = order.iter().map(|(c, _)| *c).collect();
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
pub fn set_category_retired(
    conn: &mut DbConnection,
    id: CategoryId,
    retired: bool,
) -> QueryResult<bool> {
    diesel::update(categories::table.find(id))
        .set(categories::retired.eq(retired))
        .execute(conn)
        .map(|n| n == 1)
}

/// Sets a member's role.
pub fn set_role(conn: &mut DbConnection, id: UserId, role: Role) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::role.eq(role))
        .execute(conn)
        .map(drop)
}

/// Records that an admin took a step of setting up the board (once; taking
/// it again changes nothing).
pub fn record_step(conn: &mut DbConnection, step: SetupStep) -> QueryResult<()> {
    let insert =
        diesel::insert_into(setup_steps::table).values(setup_steps::step.eq(step.as_str()));
    match conn {
        DbConnection::Sqlite(c) => insert.on_conflict_do_nothing().execute(c)?,
        DbConnection::Pg(c) => insert.on_conflict_do_nothing().execute(c)?,
    };
    Ok(())
}

/// The recorded steps of setting up the board that are done.
pub fn steps_done(conn: &mut DbConnection) -> QueryResult<Vec<SetupStep>> {
    let words: Vec<String> = setup_steps::table.select(setup_steps::step).load(conn)?;
    Ok(words.iter().filter_map(|w| SetupStep::parse(w)).collect())
}

/// Whether any member is a moderator.
pub fn any_moderator(conn: &mut DbConnection) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table.filter(users::role.eq(Role::Moderator)),
    ))
    .get_result(conn)
}
