//! Every query of the accounts feature.

pub mod address;
pub mod links;

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DbError};

use super::forms::DisplayName;
use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::{setup_tokens, trusted_devices, users};
use crate::insert_returning_id;
use crate::kernel::identity::{Role, Standing, Suspension, UserId};

/// A member as stored.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    /// Id.
    pub id: i64,
    /// Normalised e-mail.
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// Role word.
    pub role: Role,
    /// When it was made.
    pub created_at: Timestamp,
    /// Standing word.
    pub standing: Standing,
    /// Why an application was rejected or the member banned.
    pub standing_reason: String,
    /// End of a suspension, Unix seconds.
    pub suspended_until: Option<Timestamp>,
    /// Why they were suspended.
    pub suspension_reason: String,
    /// A warning not yet acknowledged.
    pub warning: Option<String>,
    /// Whether the address was confirmed by a link mailed to it.
    pub email_confirmed: bool,
    /// Whether the people whose help they accept, and who accept theirs,
    /// see their address.
    pub share_email: bool,
}

impl UserRow {
    /// The typed id.
    pub fn user_id(&self) -> UserId {
        UserId(self.id)
    }
}

/// A member to create. Only these columns can be set at sign-up.
#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    /// Normalised e-mail.
    pub email: &'a str,
    /// Display name.
    pub display_name: &'a str,
    /// argon2id PHC string.
    pub password_hash: &'a str,
    /// Role.
    pub role: Role,
    /// When it was made.
    pub created_at: Timestamp,
    /// Pending in approval mode, else active.
    pub standing: Standing,
    /// The answer to the registration question.
    pub application: &'a str,
    /// Who invited them (invite mode).
    pub invited_by: Option<i64>,
    /// With which code.
    pub invite_id: Option<i64>,
    /// Whether the address is known to be theirs already (the first admin,
    /// `kith create-admin`); else a link confirms it.
    pub email_confirmed: bool,
}

/// The member with this e-mail.
pub fn find_user_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<UserRow>> {
    crate::db::one(
        users::table
            .filter(users::email.eq(email))
            .select(UserRow::as_select())
            .load(conn),
    )
}

/// The member with this id.
pub fn find_user(conn: &mut DbConnection, id: UserId) -> QueryResult<Option<UserRow>> {
    crate::db::one(
        users::table
            .find(id.0)
            .select(UserRow::as_select())
            .load(conn),
    )
}

/// Where the member stands at `now`: their standing and the suspension in
/// force, if any; `None` if there is no such member.
pub fn standing_now(
    conn: &mut DbConnection,
    id: UserId,
    now: Timestamp,
) -> QueryResult<Option<(Standing, Option<Suspension>)>> {
    Ok(find_user(conn, id)?.map(|user| {
        let suspension = user
            .suspended_until
            .filter(|until| *until > now)
            .map(|until| Suspension {
                until,
                reason: user.suspension_reason,
            });
        (user.standing, suspension)
    }))
}

/// Creates a member; `None` if the e-mail is already taken.
pub fn insert_user(conn: &mut DbConnection, new: &NewUser<'_>) -> QueryResult<Option<UserId>> {
    let insert = diesel::insert_into(users::table).values(new);
    match insert_returning_id!(conn, insert, users::id) {
        Ok(id) => Ok(Some(UserId(id))),
        Err(DbError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Whether any admin exists.
pub fn admin_exists(conn: &mut DbConnection) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table.filter(users::role.eq(Role::Admin)),
    ))
    .get_result(conn)
}

/// Whether `name` could be mistaken for the name of a moderator or admin
/// other than `me` (see [`DisplayName::looks_like`]). Every name that is
/// set (sign-up, first-admin setup, `create-admin`, a change of name) is
/// checked, inside the transaction that stores it.
///
/// Only new names are checked. A member whose name already looks like a
/// staff member's (someone named Ada Adams joined before another Ada Adams
/// was made a moderator) keeps it: they chose it in good faith, and the role
/// badge shown beside every moderator's and admin's name tells the two
/// apart. Moderators deal with deliberate impersonation through reports.
pub fn name_looks_like_staff(
    conn: &mut DbConnection,
    name: &DisplayName,
    me: Option<UserId>,
) -> QueryResult<bool> {
    let staff: Vec<(i64, String)> = users::table
        .filter(users::role.eq_any([Role::Moderator, Role::Admin]))
        .select((users::id, users::display_name))
        .load(conn)?;
    Ok(staff
        .iter()
        .any(|(id, staff_name)| me.is_none_or(|me| me.0 != *id) && name.looks_like(staff_name)))
}

/// Renames a member.
pub fn update_display_name(conn: &mut DbConnection, id: UserId, name: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id.0))
        .set(users::display_name.eq(name))
        .execute(conn)
        .map(drop)
}

/// Sets a new password hash, ends every session of that member and forgets
/// every browser that had logged in to the account.
pub fn set_password_ending_sessions(
    conn: &mut DbConnection,
    id: UserId,
    hash: &str,
) -> QueryResult<()> {
    diesel::update(users::table.find(id.0))
        .set(users::password_hash.eq(hash))
        .execute(conn)?;
    crate::web::db::end_all_sessions(conn, id)?;
    forget_devices(conn, id)
}

/// Forgets every browser remembered for a member: their failed log-ins are
/// limited like a stranger's again (after a password change or a ban).
pub fn forget_devices(conn: &mut DbConnection, id: UserId) -> QueryResult<()> {
    diesel::delete(trusted_devices::table.filter(trusted_devices::user_id.eq(id.0)))
        .execute(conn)
        .map(drop)
}

/// Remembers a browser that logged in to `user`.
pub fn insert_device(
    conn: &mut DbConnection,
    token_hash: &str,
    user: UserId,
    now: Timestamp,
) -> QueryResult<()> {
    diesel::insert_into(trusted_devices::table)
        .values((
            trusted_devices::token_hash.eq(token_hash),
            trusted_devices::user_id.eq(user.0),
            trusted_devices::created_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// The member a remembered browser logged in to, if it did so after `since`.
pub fn device_user(
    conn: &mut DbConnection,
    token_hash: &str,
    since: Timestamp,
) -> QueryResult<Option<UserId>> {
    trusted_devices::table
        .find(token_hash)
        .filter(trusted_devices::created_at.gt(since))
        .select(trusted_devices::user_id)
        .first(conn)
        .optional()
        .map(|id| id.map(UserId))
}

/// Replaces every unused setup link with a new one.
pub fn replace_setup_token(
    conn: &mut DbConnection,
    token_hash: &str,
    now: Timestamp,
    expires_at: Timestamp,
) -> QueryResult<()> {
    diesel::delete(setup_tokens::table.filter(setup_tokens::used_at.is_null())).execute(conn)?;
    diesel::insert_into(setup_tokens::table)
        .values((
            setup_tokens::token_hash.eq(token_hash),
            setup_tokens::created_at.eq(now),
            setup_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(drop)
}

/// Whether a setup link is unused and unexpired.
pub fn setup_token_valid(
    conn: &mut DbConnection,
    token_hash: &str,
    now: Timestamp,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        setup_tokens::table
            .find(token_hash)
            .filter(setup_tokens::used_at.is_null())
            .filter(setup_tokens::expires_at.gt(now)),
    ))
    .get_result(conn)
}

/// Marks a setup link used, in one statement; `false` if it was not valid.
pub fn use_setup_token(
    conn: &mut DbConnection,
    token_hash: &str,
    now: Timestamp,
) -> QueryResult<bool> {
    diesel::update(
        setup_tokens::table
            .find(token_hash)
            .filter(setup_tokens::used_at.is_null())
            .filter(setup_tokens::expires_at.gt(now)),
    )
    .set(setup_tokens::used_at.eq(now))
    .execute(conn)
    .map(|rows| rows == 1)
}

/// Voids every unused setup link (an admin now exists).
pub fn void_setup_tokens(conn: &mut DbConnection) -> QueryResult<()> {
    diesel::delete(setup_tokens::table.filter(setup_tokens::used_at.is_null()))
        .execute(conn)
        .map(drop)
}

/// Marks a member's address confirmed.
pub fn confirm_email(conn: &mut DbConnection, id: UserId) -> QueryResult<()> {
    diesel::update(users::table.find(id.0))
        .set(users::email_confirmed.eq(true))
        .execute(conn)
        .map(drop)
}

/// Whether a member's address is confirmed, and whether they are an
/// applicant waiting for approval.
pub fn confirmed_and_waiting(conn: &mut DbConnection, id: UserId) -> QueryResult<(bool, bool)> {
    users::table
        .find(id.0)
        .select((users::email_confirmed, users::standing))
        .first::<(bool, Standing)>(conn)
        .map(|(confirmed, standing)| (confirmed, standing == Standing::Pending))
}

/// Records whether mail to `user` at `address` is being refused, if that
/// is still their address (the sender's verdict on each message).
pub fn set_mail_failing(
    conn: &mut DbConnection,
    user: UserId,
    address: &str,
    failing: bool,
) -> QueryResult<()> {
    diesel::update(
        users::table
            .find(user.0)
            .filter(users::email.eq(address))
            .filter(users::mail_failing.ne(failing)),
    )
    .set(users::mail_failing.eq(failing))
    .execute(conn)
    .map(drop)
}

/// Whether mail to a member is being refused.
pub fn mail_failing(conn: &mut DbConnection, user: UserId) -> QueryResult<bool> {
    users::table
        .find(user.0)
        .select(users::mail_failing)
        .first(conn)
        .optional()
        .map(|f| f.unwrap_or(false))
}
