//! Every query of the site settings.

use diesel::prelude::*;

use super::{PostingLimits, SiteSettings};
use crate::db::DbConnection;
use crate::db::schema::site_settings;

/// Loads the settings row.
pub fn load_settings(conn: &mut DbConnection) -> QueryResult<SiteSettings> {
    let (name, description, rules, days, new_needs, new_offers, needs): (
        String,
        String,
        String,
        i32,
        i32,
        i32,
        i32,
    ) = site_settings::table
        .find(1_i64)
        .select((
            site_settings::name,
            site_settings::description,
            site_settings::rules,
            site_settings::new_member_days,
            site_settings::new_member_needs_per_day,
            site_settings::new_member_offers_per_day,
            site_settings::needs_per_day,
        ))
        .first(conn)?;
    let limits = PostingLimits {
        new_member_days: days,
        new_member_needs_per_day: new_needs,
        new_member_offers_per_day: new_offers,
        needs_per_day: needs,
    };
    Ok(SiteSettings {
        name,
        description,
        rules: rules
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        limits,
    })
}
