//! Finding the need a request is about, and who may see or act on it.

use super::NeedId;
use super::db::{self, NeedView};
use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::{SessionUser, UserId};
use crate::policy::seeing::{self, Frozen, NeedFacts};

/// What the rules of [`seeing`] need to know of a need.
pub fn facts(view: &NeedView) -> NeedFacts {
    NeedFacts {
        author: view.need.author(),
        hidden: view.need.hidden.is_some(),
    }
}

/// Loads a need or answers 404.
async fn fetch_need(state: &AppState, id: NeedId) -> Result<NeedView, AppError> {
    state
        .db
        .run(move |conn| Ok(db::find_need(conn, id)?))
        .await?
        .ok_or(AppError::NotFound)
}

/// The need, if `viewer` may see it ([`seeing::may_see_need`]); 404 for
/// anyone else, as if it did not exist.
pub async fn load_need(
    state: &AppState,
    id: NeedId,
    viewer: &SessionUser,
) -> Result<NeedView, AppError> {
    let view = fetch_need(state, id).await?;
    if !seeing::may_see_need(viewer, facts(&view)) {
        return Err(AppError::NotFound);
    }
    Ok(view)
}

/// The need, for an action on it ([`seeing::may_act_on_need`]): a hidden
/// need is frozen (404 for anyone but its author, who is told why).
pub async fn load_need_to_act(
    state: &AppState,
    id: NeedId,
    user: UserId,
) -> Result<NeedView, AppError> {
    let view = fetch_need(state, id).await?;
    match seeing::may_act_on_need(user, facts(&view)) {
        Ok(()) => Ok(view),
        Err(Frozen::NotFound) => Err(AppError::NotFound),
        Err(Frozen::Hidden) => Err(AppError::Restricted(
            "This need is hidden",
            "A moderator hid this need, so it cannot be changed. Its page says why, and you \
             can appeal from your notifications."
                .into(),
        )),
    }
}

/// The need, if `user` wrote it; otherwise 403 (the need itself is no secret).
pub async fn own_need(state: &AppState, id: NeedId, user: UserId) -> Result<NeedView, AppError> {
    let view = load_need_to_act(state, id, user).await?;
    if view.need.author() != user {
        return Err(AppError::Forbidden);
    }
    Ok(view)
}

/// An author's own need, as a change to it finds it.
pub enum Editable {
    /// Open or filled: it may be changed.
    Open(NeedView),
    /// Done, cancelled or expired: its author is shown what they can still
    /// do ([`super::closed::page`]).
    Closed(NeedView),
}

/// The need, if `user` wrote it (otherwise 403), and whether they may
/// still edit it.
pub async fn editable_need(
    state: &AppState,
    id: NeedId,
    user: UserId,
) -> Result<Editable, AppError> {
    let view = own_need(state, id, user).await?;
    Ok(if view.need.status.is_editable() {
        Editable::Open(view)
    } else {
        Editable::Closed(view)
    })
}
