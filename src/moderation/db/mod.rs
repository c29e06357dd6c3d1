//! Every query of moderation and administration.

pub mod actions;

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::users;
use crate::kernel::identity::{Role, Standing, UserId};

/// A member as the admin sees them.
#[derive(Clone, Debug, Queryable)]
pub struct PersonRow {
    /// Id.
    pub id: i64,
    /// Display name.
    pub display_name: String,
    /// E-mail.
    pub email: String,
    /// Role word.
    pub role: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Standing word.
    pub standing: String,
    /// Why rejected or banned.
    pub standing_reason: String,
    /// End of a suspension (maybe past).
    pub suspended_until: Option<i64>,
    /// Their answer to the registration question.
    pub application: String,
}

impl PersonRow {
    /// Their role, for the badge beside their name.
    pub fn badge_role(&self) -> Role {
        Role::from_db(&self.role)
    }
}

#[allow(clippy::type_complexity)]
fn person_columns() -> (
    users::id,
    users::display_name,
    users::email,
    users::role,
    users::created_at,
    users::standing,
    users::standing_reason,
    users::suspended_until,
    users::application,
) {
    (
        users::id,
        users::display_name,
        users::email,
        users::role,
        users::created_at,
        users::standing,
        users::standing_reason,
        users::suspended_until,
        users::application,
    )
}

/// A member's record, for moderators.
pub struct History {
    /// Reports about them or what they wrote: (what, reason, note, status, when).
    pub reports: Vec<(String, String, String, String, i64)>,
    /// Moderation entries about them.
    pub actions: Vec<actions::Entry>,
    /// Who invited them: (id, name, role).
    pub invited_by: Option<(i64, String, Role)>,
    /// Whom they invited: (id, name, role).
    pub invited: Vec<(i64, String, Role)>,
}

/// What moderators see of a member's past.
pub fn person_history(conn: &mut DbConnection, id: UserId, limit: i64) -> QueryResult<History> {
    use crate::db::schema::{messages, needs, reports};
    let need_ids: Vec<i64> = needs::table
        .filter(needs::author_id.eq(id.0))
        .select(needs::id)
        .load(conn)?;
    let message_ids: Vec<i64> = messages::table
        .filter(messages::author_id.eq(id.0))
        .select(messages::id)
        .load(conn)?;
    let rows: Vec<(String, i64, String, String, String, i64)> = reports::table
        .filter(
            (reports::target_kind
                .eq("member")
                .and(reports::target_id.eq(id.0)))
            .or(reports::target_kind
                .eq("need")
                .and(reports::target_id.eq_any(need_ids)))
            .or(reports::target_kind
                .eq("message")
                .and(reports::target_id.eq_any(message_ids))),
        )
        .order(reports::id.desc())
        .limit(limit)
        .select((
            reports::target_kind,
            reports::target_id,
            reports::reason,
            reports::note,
            reports::status,
            reports::created_at,
        ))
        .load(conn)?;
    let reports = rows
        .into_iter()
        .map(|(kind, target, reason, note, status, when)| {
            let what = match kind.as_str() {
                "member" => "them".to_owned(),
                "need" => format!("their need #{target}"),
                other => format!("a {other} of theirs (#{target})"),
            };
            let reason = super::reports::REASONS
                .iter()
                .find(|(word, _)| *word == reason)
                .map_or(reason, |(_, label)| (*label).to_owned());
            let status = match status.as_str() {
                "open" => "waiting in the queue",
                "dismissed" => "dismissed",
                _ => "acted on",
            }
            .to_owned();
            (what, reason, note, status, when)
        })
        .collect();
    let actions = actions::entries_about(conn, id.0, limit)?;
    let inviter: Option<Option<i64>> = users::table
        .find(id.0)
        .select(users::invited_by)
        .first(conn)
        .optional()?;
    let invited_by = match inviter.flatten() {
        Some(inviter) => users::table
            .find(inviter)
            .select((users::id, users::display_name, users::role))
            .first(conn)
            .optional()?,
        None => None,
    };
    let invited = users::table
        .filter(users::invited_by.eq(id.0))
        .order(users::id)
        .limit(limit)
        .select((users::id, users::display_name, users::role))
        .load(conn)?;
    Ok(History {
        reports,
        actions,
        invited_by,
        invited,
    })
}

/// Members whose name or email contains `words` (all members when empty),
/// admins and moderators first, then by name.
pub fn find_people(
    conn: &mut DbConnection,
    words: &str,
    limit: i64,
) -> QueryResult<Vec<PersonRow>> {
    let mut query = users::table.select(person_columns()).into_boxed();
    if !words.is_empty() {
        // `%` and `_` typed by the admin match themselves.
        let escaped = words
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = format!("%{escaped}%");
        query = query.filter(
            users::email
                .like(pattern.clone())
                .escape('\\')
                .or(
                    diesel::dsl::sql::<diesel::sql_types::Bool>("LOWER(users.display_name) LIKE ")
                        .bind::<diesel::sql_types::Text, _>(pattern)
                        .sql(" ESCAPE '\\'"),
                ),
        );
    }
    query
        .order((
            users::role.ne(Role::Admin),
            users::role.ne(Role::Moderator),
            users::display_name,
        ))
        .limit(limit)
        .load(conn)
}

/// One member.
pub fn find_person(conn: &mut DbConnection, id: UserId) -> QueryResult<Option<PersonRow>> {
    users::table
        .find(id.0)
        .select(person_columns())
        .first(conn)
        .optional()
}

/// The ids of the admins who can still act (a banned admin cannot log
/// in), their rows locked until the transaction ends on PostgreSQL
/// (SQLite's write transactions run one at a time anyway).
pub fn lock_admins(conn: &mut DbConnection) -> QueryResult<Vec<i64>> {
    // In id order, so that two transactions locking them never wait on
    // each other in a circle.
    let query = users::table
        .filter(users::role.eq(Role::Admin))
        .filter(users::standing.ne(Standing::Banned))
        .order(users::id)
        .select(users::id);
    match conn {
        DbConnection::Sqlite(c) => query.load(c),
        DbConnection::Pg(c) => query.for_update().load(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::DatabaseUrl;

    fn members() -> DbConnection {
        let dir = std::env::temp_dir().join(format!("kith-people-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join(format!("{}.db", crate::kernel::secret::random_token(6)));
        let mut conn = DatabaseUrl::Sqlite(path.display().to_string())
            .connect()
            .expect("connect");
        crate::db::run_migrations(&mut conn).expect("migrate");
        for (name, email) in [
            ("Amara Okafor", "amara@example.org"),
            ("Ben", "ben_b@example.org"),
        ] {
            let new = crate::accounts::db::NewUser {
                email,
                display_name: name,
                password_hash: "x",
                role: crate::kernel::identity::Role::Member,
                created_at: 0,
                standing: crate::kernel::identity::Standing::Active,
                application: "",
                invited_by: None,
                invite_id: None,
            };
            crate::accounts::db::insert_user(&mut conn, &new).expect("insert");
        }
        conn
    }

    #[test]
    fn people_are_found_by_part_of_their_name_or_email() {
        let mut conn = members();
        let names = |conn: &mut DbConnection, q: &str| -> Vec<String> {
            find_people(conn, q, 10)
                .expect("search")
                .into_iter()
                .map(|p| p.display_name)
                .collect()
        };
        assert_eq!(names(&mut conn, "okaf"), vec!["Amara Okafor"]);
        assert_eq!(names(&mut conn, "BEN_B"), vec!["Ben"]);
        assert!(names(&mut conn, "%").is_empty());
        assert_eq!(names(&mut conn, "").len(), 2);
    }
}

/// What a report is about, with what the reporter may see of it.
#[derive(Clone, Debug)]
pub struct ReportTarget {
    /// The text as it is now, kept with the report.
    pub snapshot: String,
    /// A short description for the form ("the need “…”").
    pub describe: String,
    /// Where the reporter goes back to.
    pub back: String,
}

/// A need the viewer may see.
pub fn need_target(
    conn: &mut DbConnection,
    id: i64,
) -> QueryResult<Option<(UserId, ReportTarget)>> {
    use crate::db::schema::needs;
    let row: Option<(i64, String, String)> = needs::table
        .find(id)
        .filter(needs::hidden.is_null())
        .select((needs::author_id, needs::title, needs::details))
        .first(conn)
        .optional()?;
    Ok(row.map(|(author, title, details)| {
        (
            UserId(author),
            ReportTarget {
                snapshot: format!("{title}\n\n{details}").trim().to_owned(),
                describe: format!("the need “{title}”"),
                back: format!("/needs/{id}"),
            },
        )
    }))
}

/// A message, if `viewer` is one of the two people in its conversation.
pub fn message_target(
    conn: &mut DbConnection,
    id: i64,
    viewer: UserId,
) -> QueryResult<Option<ReportTarget>> {
    use crate::db::schema::{messages, needs, offers};
    let row: Option<(String, i64, i64, i64, i64)> = messages::table
        .inner_join(offers::table.inner_join(needs::table))
        .filter(messages::id.eq(id))
        .filter(messages::hidden_reason.is_null())
        .filter(needs::hidden.is_null())
        .select((
            messages::body,
            offers::volunteer_id,
            needs::author_id,
            needs::id,
            offers::id,
        ))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(body, volunteer, author, need, offer)| {
        (viewer.0 == volunteer || viewer.0 == author).then(|| ReportTarget {
            snapshot: body,
            describe: "a message in your conversation".to_owned(),
            back: format!("/needs/{need}/offers/{offer}/messages"),
        })
    }))
}

/// A member's profile.
pub fn member_target(conn: &mut DbConnection, id: i64) -> QueryResult<Option<ReportTarget>> {
    let row: Option<(String, String)> = users::table
        .find(id)
        .filter(users::standing.eq_any([Standing::Active, Standing::Banned]))
        .select((users::display_name, users::about))
        .first(conn)
        .optional()?;
    Ok(row.map(|(name, about)| ReportTarget {
        snapshot: format!("{name}\n\n{about}").trim().to_owned(),
        describe: name,
        back: format!("/people/{id}"),
    }))
}

/// A new report to store.
#[derive(Insertable)]
#[diesel(table_name = crate::db::schema::reports)]
pub struct NewReport<'a> {
    /// Who reports.
    pub reporter_id: i64,
    /// `need`, `message` or `member`.
    pub target_kind: &'a str,
    /// Which one.
    pub target_id: i64,
    /// Reason word.
    pub reason: &'a str,
    /// Note.
    pub note: &'a str,
    /// The text as it was.
    pub snapshot: &'a str,
    /// `open`.
    pub status: &'a str,
    /// Unix seconds.
    pub created_at: i64,
}

/// Stores a report; `false` if the reporter already has one open on the target.
pub fn insert_report(conn: &mut DbConnection, report: &NewReport<'_>) -> QueryResult<bool> {
    use crate::db::schema::reports;
    let open: bool = diesel::select(diesel::dsl::exists(
        reports::table
            .filter(reports::reporter_id.eq(report.reporter_id))
            .filter(reports::target_kind.eq(report.target_kind))
            .filter(reports::target_id.eq(report.target_id))
            .filter(reports::status.eq("open")),
    ))
    .get_result(conn)?;
    if open {
        return Ok(false);
    }
    diesel::insert_into(reports::table)
        .values(report)
        .execute(conn)
        .map(|n| n == 1)
}

/// An open report, for the queue.
#[derive(Clone, Debug, Queryable)]
pub struct OpenReport {
    /// Id.
    pub id: i64,
    /// Who reported.
    pub reporter_name: String,
    /// Their role, for the badge beside their name.
    pub reporter_role: Role,
    /// Kind of target.
    pub target_kind: String,
    /// Target id.
    pub target_id: i64,
    /// Reason word.
    pub reason: String,
    /// Note.
    pub note: String,
    /// The text as it was.
    pub snapshot: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// Open reports, oldest first.
pub fn open_reports(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<OpenReport>> {
    use crate::db::schema::reports;
    reports::table
        .inner_join(users::table.on(users::id.eq(reports::reporter_id)))
        .filter(reports::status.eq("open"))
        .order(reports::id)
        .limit(limit)
        .select((
            reports::id,
            users::display_name,
            users::role,
            reports::target_kind,
            reports::target_id,
            reports::reason,
            reports::note,
            reports::snapshot,
            reports::created_at,
        ))
        .load(conn)
}

/// Closes every open report on a target as dismissed; returns the reporters.
pub fn dismiss_reports(
    conn: &mut DbConnection,
    kind: &str,
    id: i64,
    now: i64,
) -> QueryResult<Vec<UserId>> {
    close_reports(conn, kind, id, now, "dismissed")
}

/// Closes every open report on a target with `status` (`dismissed` or
/// `actioned`), returning who had reported it.
pub fn close_reports(
    conn: &mut DbConnection,
    kind: &str,
    id: i64,
    now: i64,
    status: &str,
) -> QueryResult<Vec<UserId>> {
    use crate::db::schema::reports;
    let open = reports::table
        .filter(reports::target_kind.eq(kind))
        .filter(reports::target_id.eq(id))
        .filter(reports::status.eq("open"));
    let reporters: Vec<i64> = open.select(reports::reporter_id).load(conn)?;
    diesel::update(open)
        .set((reports::status.eq(status), reports::resolved_at.eq(now)))
        .execute(conn)?;
    Ok(reporters.into_iter().map(UserId).collect())
}
