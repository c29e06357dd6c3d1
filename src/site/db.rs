//! Every query of the site settings.

use diesel::prelude::*;

use super::{Joining, PostingLimits, RegistrationMode, SiteSettings};
use crate::db::DbConnection;
use crate::db::schema::site_settings;

/// Loads the settings row.
pub fn load_settings(conn: &mut DbConnection) -> QueryResult<SiteSettings> {
    let (name, description, rules, days, new_needs, new_offers, needs, public_log_names): (
        String,
        String,
        String,
        i32,
        i32,
        i32,
        i32,
        bool,
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
            site_settings::public_log_names,
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
        joining: load_joining(conn)?,
        public_log_names,
    })
}

fn load_joining(conn: &mut DbConnection) -> QueryResult<Joining> {
    let (mode, question, members_may_invite, board_public): (String, String, bool, bool) =
        site_settings::table
            .find(1_i64)
            .select((
                site_settings::registration_mode,
                site_settings::registration_question,
                site_settings::members_may_invite,
                site_settings::board_public,
            ))
            .first(conn)?;
    Ok(Joining {
        // The column's CHECK allows only known words; approval is the safe reading.
        mode: RegistrationMode::parse(&mode).unwrap_or(RegistrationMode::Approval),
        question,
        members_may_invite,
        board_public,
    })
}

/// Saves how people join.
pub fn save_joining(conn: &mut DbConnection, joining: &Joining) -> QueryResult<()> {
    diesel::update(site_settings::table.find(1_i64))
        .set((
            site_settings::registration_mode.eq(joining.mode.as_str()),
            site_settings::registration_question.eq(&joining.question),
            site_settings::members_may_invite.eq(joining.members_may_invite),
            site_settings::board_public.eq(joining.board_public),
        ))
        .execute(conn)
        .map(drop)
}

/// Saves the site's settings (rules one per line).
pub fn save_settings(conn: &mut DbConnection, settings: &super::SiteSettings) -> QueryResult<()> {
    let limits = settings.limits;
    diesel::update(site_settings::table.find(1_i64))
        .set((
            site_settings::name.eq(&settings.name),
            site_settings::description.eq(&settings.description),
            site_settings::rules.eq(settings.rules.join("\n")),
            site_settings::new_member_days.eq(limits.new_member_days),
            site_settings::new_member_needs_per_day.eq(limits.new_member_needs_per_day),
            site_settings::new_member_offers_per_day.eq(limits.new_member_offers_per_day),
            site_settings::needs_per_day.eq(limits.needs_per_day),
        ))
        .execute(conn)
        .map(drop)
}

/// Saves whether the public moderation log names members.
pub fn save_public_log_names(conn: &mut DbConnection, names: bool) -> QueryResult<()> {
    diesel::update(site_settings::table.find(1_i64))
        .set(site_settings::public_log_names.eq(names))
        .execute(conn)
        .map(drop)
}
