//! Telling the volunteers still offering on a need that its author
//! changed, cancelled, renewed or closed it.

use actix_web::{HttpRequest, HttpResponse};

use super::NeedId;
use super::db::offers as offer_db;
use crate::AppState;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::kernel::identity::UserId;
use crate::notifications::{Kind, Notice, notify};
use crate::web::context::{Flash, redirect_with_flash};

/// Applies the author's `change` to their need and, if it was allowed,
/// tells everyone still offering (`kind`) in the same transaction and
/// answers with `flash`; a change that was not allowed is a 403.
pub async fn change_and_tell<F>(
    state: &AppState,
    req: &HttpRequest,
    id: NeedId,
    author: UserId,
    kind: Kind,
    flash: Flash,
    change: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut DbConnection) -> diesel::QueryResult<bool> + Send + 'static,
{
    if !change_and_notify(state, id, author, kind, change).await? {
        return Err(AppError::Forbidden);
    }
    Ok(redirect_with_flash(req, &format!("/needs/{}", id.0), flash))
}

/// Applies `change` and, if it was allowed, tells everyone still offering
/// (`kind`) in the same transaction; returns whether it was allowed.
pub async fn change_and_notify<F>(
    state: &AppState,
    id: NeedId,
    author: UserId,
    kind: Kind,
    change: F,
) -> Result<bool, AppError>
where
    F: FnOnce(&mut DbConnection) -> diesel::QueryResult<bool> + Send + 'static,
{
    let now = state.config.clock.now();
    let changed = state
        .db
        .write(move |conn| {
            if !change(conn)? {
                return Ok(false);
            }
            let notices = live_volunteers(conn, id, kind, author)?;
            notify(conn, &notices, now)?;
            Ok(true)
        })
        .await?;
    Ok(changed)
}

/// Notices of `kind` for every volunteer still offering on a need.
pub fn live_volunteers(
    conn: &mut DbConnection,
    need: NeedId,
    kind: Kind,
    actor: UserId,
) -> diesel::QueryResult<Vec<Notice>> {
    Ok(offer_db::offers_on(conn, need)?
        .into_iter()
        .filter(|o| o.status.is_live())
        .map(|o| Notice {
            to: o.volunteer(),
            kind,
            need: Some(need),
            offer: Some(o.id),
            actor: Some(actor),
        })
        .collect())
}
