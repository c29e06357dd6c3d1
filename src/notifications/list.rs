//! The notifications page, and reading them: one at a time by opening it,
//! or all that the page showed with "Mark all read". Loading the list
//! marks nothing, so a glance at it leaves the count in the header as it
//! was.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::db;
use super::view::{NotificationView, THANKS_CHOICE_PATH};
use crate::AppState;
use crate::error::AppError;
use crate::kernel::ids::NotificationId;
use crate::web::context::PageContext;
use crate::web::extract::{CsrfForm, CurrentUser};
use crate::web::{render, see_other};

/// Notifications listed at most.
pub const LIST_MAX: i64 = 100;

/// The notifications page.
#[derive(Template)]
#[template(path = "notifications/list.html")]
pub struct NotificationsPage {
    ctx: PageContext,
    items: Vec<NotificationView>,
}

impl NotificationsPage {
    /// The newest notification shown: "Mark all read" marks up to it.
    fn newest(&self) -> Option<NotificationId> {
        self.items.first().map(|item| item.id)
    }

    /// Whether any shown is unread.
    fn any_unread(&self) -> bool {
        self.items.iter().any(|item| item.unread)
    }
}

/// `GET /notifications`: newest first. Showing them marks none read.
pub async fn list(
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<HttpResponse, AppError> {
    let id = user.id;
    let items = state
        .db
        .run(move |conn| Ok(db::recent(conn, id, LIST_MAX)?))
        .await?;
    render(StatusCode::OK, &NotificationsPage { ctx, items })
}

/// `GET /notifications/{id}`: marks the notification read and leads on to
/// what it is about. A GET, so the list stays plain links that work
/// without JavaScript: the change is harmless and idempotent, touches only
/// the member's own notification (anyone else's is a 404, as if it did not
/// exist), and the place it leads to is a path built from ids, never one
/// from the request.
pub async fn open(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (me, id, now) = (
        user.id,
        NotificationId(path.into_inner()),
        state.config.clock.now(),
    );
    let found = state
        .db
        .run(move |conn| {
            let Some(view) = db::one(conn, me, id)? else {
                return Ok(None);
            };
            if view.unread {
                db::mark_read(conn, me, id, now)?;
            }
            Ok(Some(view))
        })
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(see_other(&found.link()))
}

/// The "Mark all read" form: the newest notification its page showed.
#[derive(Debug, Deserialize)]
pub struct MarkRead {
    up_to: i64,
}

/// `POST /notifications/read`: marks read everything the page showed, up to
/// its newest; one that came in meanwhile stays unread.
pub async fn mark_read(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<MarkRead>,
) -> Result<HttpResponse, AppError> {
    let (me, now) = (user.id, state.config.clock.now());
    let newest = NotificationId(form.up_to);
    state
        .db
        .run(move |conn| Ok(db::mark_read_up_to(conn, me, newest, now)?))
        .await?;
    Ok(see_other("/notifications"))
}
