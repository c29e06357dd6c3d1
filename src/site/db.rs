//! Every query of the site settings.

use diesel::prelude::*;

use super::SiteSettings;
use crate::db::DbConnection;
use crate::db::schema::site_settings;

/// Loads the settings row.
pub fn load_settings(conn: &mut DbConnection) -> QueryResult<SiteSettings> {
    let (name, description, rules): (String, String, String) = site_settings::table
        .find(1_i64)
        .select((
            site_settings::name,
            site_settings::description,
            site_settings::rules,
        ))
        .first(conn)?;
    Ok(SiteSettings {
        name,
        description,
        rules: rules
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
    })
}
