//! The categories of need, as pages list them.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::categories;
use crate::kernel::ids::CategoryId;
use crate::needs::Category;

/// The categories, in order; retired ones only if asked for.
pub fn list_categories(
    conn: &mut DbConnection,
    include_retired: bool,
) -> QueryResult<Vec<Category>> {
    let mut query = categories::table
        .select((categories::id, categories::name, categories::retired))
        .order((categories::position, categories::id))
        .into_boxed();
    if !include_retired {
        query = query.filter(categories::retired.eq(false));
    }
    Ok(query
        .load::<(CategoryId, String, bool)>(conn)?
        .into_iter()
        .map(|(id, name, retired)| Category { id, name, retired })
        .collect())
}
