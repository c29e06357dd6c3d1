//! Members as moderators and admins find them: the people search, one
//! member's row, and the admins who can still act.

use diesel::prelude::*;

use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::users;
use crate::kernel::identity::{Role, Standing, UserId};

/// A member as the admin sees them.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct PersonRow {
    /// Id.
    pub id: UserId,
    /// Display name.
    pub display_name: String,
    /// E-mail.
    pub email: String,
    /// Role.
    pub role: Role,
    /// When it was made.
    pub created_at: Timestamp,
    /// Standing.
    pub standing: Standing,
    /// Why rejected or banned.
    pub standing_reason: String,
    /// End of a suspension (maybe past).
    pub suspended_until: Option<Timestamp>,
    /// Their answer to the registration question.
    pub application: String,
    /// The reason of a warning they have not marked read yet.
    pub warning: Option<String>,
}

impl PersonRow {
    /// Their role, for the badge beside their name.
    pub fn badge_role(&self) -> Role {
        self.role
    }
}

/// Members whose name or email contains `words` (all members when empty),
/// admins and moderators first, then by name.
pub fn find_people(
    conn: &mut DbConnection,
    words: &str,
    limit: i64,
) -> QueryResult<Vec<PersonRow>> {
    let mut query = users::table.select(PersonRow::as_select()).into_boxed();
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
        .find(id)
        .select(PersonRow::as_select())
        .first(conn)
        .optional()
}

/// The ids of the admins who can still act (a banned admin cannot log
/// in), their rows locked until the transaction ends on PostgreSQL
/// (SQLite's write transactions run one at a time anyway).
pub fn lock_admins(conn: &mut DbConnection) -> QueryResult<Vec<UserId>> {
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
                role: Role::Member,
                created_at: crate::clock::Timestamp(0),
                standing: Standing::Active,
                application: "",
                invited_by: None,
                invite_id: None,
                email_confirmed: true,
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
