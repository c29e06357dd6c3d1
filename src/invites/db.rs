//! Every query of invite codes.

use diesel::prelude::*;

use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::{invites, users};
use crate::insert_returning_id;
use crate::kernel::identity::{Role, Standing, UserId};
use crate::kernel::ids::InviteId;

/// A code that was just used.
#[derive(Clone, Copy, Debug)]
pub struct UsedInvite {
    /// The code's id.
    pub id: i64,
    /// Who made it.
    pub created_by: i64,
}

/// Spends one use of `code` if it is live (not revoked, not expired, not
/// used up). The guarded update rechecks the row under the write lock,
/// so two sign-ups cannot both take the last use.
///
/// A code is only as good as its maker's right to invite: it stops working
/// when its maker is banned or suspended, and a member's codes stop when
/// the admin no longer lets members invite.
pub fn use_invite(
    conn: &mut DbConnection,
    code: &str,
    members_may_invite: bool,
    now: Timestamp,
) -> QueryResult<Option<UsedInvite>> {
    let live = invites::table
        .inner_join(users::table.on(users::id.eq(invites::created_by)))
        .filter(invites::code.eq(code))
        .filter(invites::revoked_at.is_null())
        .filter(invites::expires_at.gt(now))
        .filter(invites::uses.lt(invites::max_uses));
    let Some((id, created_by, role, standing, suspended_until)) = live
        .select((
            invites::id,
            invites::created_by,
            users::role,
            users::standing,
            users::suspended_until,
        ))
        .first::<(i64, i64, Role, Standing, Option<Timestamp>)>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    // Codes are spent only at sign-up in invite mode.
    let may_invite = crate::policy::inviting::may_invite(
        role,
        standing,
        suspended_until.is_some_and(|until| until > now),
        true,
        members_may_invite,
    );
    if !may_invite {
        return Ok(None);
    }
    let updated = diesel::update(
        invites::table
            .find(id)
            .filter(invites::revoked_at.is_null())
            .filter(invites::expires_at.gt(now))
            .filter(invites::uses.lt(invites::max_uses)),
    )
    .set(invites::uses.eq(invites::uses + 1))
    .execute(conn)?;
    Ok((updated == 1).then_some(UsedInvite { id, created_by }))
}

/// Stores a new code; `None` if the code is already taken.
pub fn insert_invite(
    conn: &mut DbConnection,
    code: &str,
    by: UserId,
    max_uses: i32,
    expires_at: Timestamp,
    now: Timestamp,
) -> QueryResult<Option<InviteId>> {
    let insert = diesel::insert_into(invites::table).values((
        invites::code.eq(code),
        invites::created_by.eq(by),
        invites::max_uses.eq(max_uses),
        invites::expires_at.eq(expires_at),
        invites::created_at.eq(now),
    ));
    match insert_returning_id!(conn, insert, invites::id) {
        Ok(id) => Ok(Some(InviteId(id))),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(None),
        Err(e) => Err(e),
    }
}

/// An invite code as listed.
#[derive(Clone, Debug, Queryable)]
pub struct InviteRow {
    /// Id.
    pub id: InviteId,
    /// The code.
    pub code: String,
    /// Who made it.
    pub created_by: UserId,
    /// Their name.
    pub creator_name: String,
    /// Their role, for the badge beside their name.
    pub creator_role: Role,
    /// How many may join with it.
    pub max_uses: i32,
    /// How many have.
    pub uses: i32,
    /// When it stops working.
    pub expires_at: Timestamp,
    /// Unix seconds, if revoked.
    pub revoked_at: Option<Timestamp>,
    /// When it was made.
    pub created_at: Timestamp,
}

/// Codes made by `by`, or by anyone when `None`; newest first.
pub fn list_invites(
    conn: &mut DbConnection,
    by: Option<UserId>,
    limit: i64,
) -> QueryResult<Vec<InviteRow>> {
    let mut query = invites::table
        .inner_join(users::table.on(users::id.eq(invites::created_by)))
        .select((
            invites::id,
            invites::code,
            invites::created_by,
            users::display_name,
            users::role,
            invites::max_uses,
            invites::uses,
            invites::expires_at,
            invites::revoked_at,
            invites::created_at,
        ))
        .order(invites::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(by) = by {
        query = query.filter(invites::created_by.eq(by));
    }
    query.load(conn)
}

/// Who joined with which of these codes: (invite id, member id, name, role).
pub fn joined_with(
    conn: &mut DbConnection,
    invite_ids: &[InviteId],
) -> QueryResult<Vec<(InviteId, UserId, String, Role)>> {
    users::table
        .filter(users::invite_id.eq_any(invite_ids))
        .select((
            users::invite_id.assume_not_null(),
            users::id,
            users::display_name,
            users::role,
        ))
        .order(users::id)
        .load(conn)
}

/// One code, with its maker.
pub fn find_invite(conn: &mut DbConnection, id: InviteId) -> QueryResult<Option<(String, UserId)>> {
    invites::table
        .find(id)
        .select((invites::code, invites::created_by))
        .first(conn)
        .optional()
}

/// Revokes a code; false if it already was.
pub fn revoke_invite(conn: &mut DbConnection, id: InviteId, now: Timestamp) -> QueryResult<bool> {
    diesel::update(
        invites::table
            .find(id)
            .filter(invites::revoked_at.is_null()),
    )
    .set(invites::revoked_at.eq(now))
    .execute(conn)
    .map(|n| n == 1)
}

/// Every member who was invited, with who invited them: (id, name, role,
/// inviter).
pub fn invitations(conn: &mut DbConnection) -> QueryResult<Vec<(UserId, String, Role, UserId)>> {
    users::table
        .filter(users::invited_by.is_not_null())
        .select((
            users::id,
            users::display_name,
            users::role,
            users::invited_by.assume_not_null(),
        ))
        .order(users::id)
        .load(conn)
}

/// Names of these members: (id, name, role).
pub fn names(conn: &mut DbConnection, ids: &[UserId]) -> QueryResult<Vec<(UserId, String, Role)>> {
    users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::display_name, users::role))
        .load(conn)
}
