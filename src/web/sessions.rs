//! Server-side sessions: the cookie holds a random 256-bit token, the
//! database only its SHA-256. Sessions end after [`crate::config::Config`]'s
//! idle timeout or absolute lifetime, whichever comes first.

use actix_web::HttpRequest;

use super::db;
use super::session::queue_cookie;
use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::{SessionUser, Standing, Suspension, UserId};
use crate::kernel::secret::{hash_token, random_token};

/// A session's last-seen time is written at most this often, in seconds,
/// so that reading pages does not mean writing to the database each time.
pub const TOUCH_EVERY: i64 = 300;

/// Starts a session for `user` in this browser, ending `previous` (the
/// session it had, if any), and queues the cookie.
pub async fn start(
    state: &AppState,
    req: &HttpRequest,
    user: UserId,
    previous: Option<String>,
) -> Result<(), AppError> {
    let token = random_token(32);
    let token_hash = hash_token(&token);
    let csrf = random_token(32);
    let now = state.config.clock.now();
    let idle_before = now.minus(secs(state.config.session_idle));
    let created_before = now.minus(secs(state.config.session_max));
    state
        .db
        .run(move |conn| {
            crate::db::write_tx(conn, |conn| {
                if let Some(previous) = previous {
                    db::delete_session(conn, &previous)?;
                }
                db::delete_expired_sessions(conn, idle_before, created_before)?;
                db::insert_session(conn, &token_hash, user, &csrf, now)
            })
            .map_err(AppError::from)
        })
        .await?;
    let names = &state.cookies;
    queue_cookie(
        req,
        names.make(&names.session, token, Some(state.config.session_max)),
    );
    Ok(())
}

/// The member whose live session this token names.
pub async fn lookup(state: &AppState, token: String) -> Result<Option<SessionUser>, AppError> {
    let token_hash = hash_token(&token);
    let now = state.config.clock.now();
    let idle = secs(state.config.session_idle);
    let max = secs(state.config.session_max);
    let counter = state
        .part::<std::sync::Arc<super::state::WaitingCount>>()
        .clone();
    state
        .db
        .run(move |conn| {
            let Some((session, user)) = db::find_session(conn, &token_hash)? else {
                return Ok(None);
            };
            let standing = user.standing;
            if standing == Standing::Banned {
                // A ban ends every session when it is made; this only
                // guards against one made by an older process.
                db::end_all_sessions(conn, user.user_id())?;
                return Ok(None);
            }
            if now.seconds_since(session.last_seen_at) >= idle
                || now.seconds_since(session.created_at) >= max
            {
                db::delete_session(conn, &token_hash)?;
                return Ok(None);
            }
            if now.seconds_since(session.last_seen_at) >= TOUCH_EVERY {
                db::touch_session(conn, &token_hash, now)?;
            }
            let unread_notifications = db::unread_count(conn, user.user_id())?;
            let role = user.role;
            // Blocks never hide anything from moderators and admins.
            let kept_apart = if role.is_staff() {
                Vec::new()
            } else {
                db::kept_apart(conn, user.user_id())?
            };
            let waiting_for_staff = if role.is_staff() {
                counter.count(conn)?
            } else {
                0
            };
            let suspension = user
                .suspended_until
                .filter(|until| *until > now)
                .map(|until| Suspension {
                    until,
                    reason: user.suspension_reason.clone(),
                });
            Ok(Some(SessionUser {
                standing,
                suspension,
                warning: user.warning.clone(),
                email_confirmed: user.email_confirmed,
                unread_notifications,
                waiting_for_staff,
                mail_bounced: user.mail_failing,
                kept_apart,
                id: user.user_id(),
                display_name: user.display_name,
                email: user.email,
                role,
                csrf_token: session.csrf_token,
                session_hash: token_hash,
            }))
        })
        .await
}

/// Ends the session and queues the cookie's removal.
pub async fn end(
    state: &AppState,
    req: &HttpRequest,
    session_hash: String,
) -> Result<(), AppError> {
    state
        .db
        .run(move |conn| db::delete_session(conn, &session_hash).map_err(AppError::from))
        .await?;
    let names = &state.cookies;
    queue_cookie(req, names.removal(&names.session));
    Ok(())
}

fn secs(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}
