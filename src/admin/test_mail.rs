//! `POST /admin/test-mail`: a test message to the admin's own address,
//! queued like any mail, so the sender takes it to the server and
//! `/admin/mail` shows whether it went. A few an hour per admin.

use actix_web::{HttpRequest, HttpResponse, web};

use super::overview;
use crate::AppState;
use crate::error::{AppError, Refusal};
use crate::kernel::identity::SessionUser;
use crate::mail::{Body, Letter};
use crate::web::again::Again;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{Admin, CsrfForm, NoFields};

/// The outbox's word for a test message.
pub const PURPOSE: &str = "test";

/// Test messages one admin may send in an hour: enough to try again after
/// fixing the mail settings, too few to flood anyone's inbox.
pub const PER_HOUR: i64 = 3;

/// What an admin who sent too many is told, beside the button.
pub const TOO_MANY: &str = "You sent three test e-mails in the last hour. Wait a while, and look at the Mail page to see how they went.";

/// The test message to `admin`, from the site called `site`.
fn letter(site: &str, admin: &SessionUser) -> Result<Letter, askama::Error> {
    let subject = format!("Test message from {site}");
    let body = Body {
        greeting: format!("Hello {},", admin.display_name),
        paragraphs: vec![format!(
            "This is a test message from {site}. If you can read it, mail from the board \
             reaches this address."
        )],
        reason: "You asked for it from the board's admin page.".into(),
        ..Body::default()
    };
    let (text, html) = body.render(site, &subject)?;
    Ok(Letter {
        to_user: Some(admin.id),
        to_address: admin.email.clone(),
        purpose: PURPOSE,
        subject,
        text,
        html,
        unsubscribe_url: None,
        automatic: false,
    })
}

/// `POST /admin/test-mail`.
pub async fn send(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    Admin(admin): Admin,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let now = state.config.clock.now();
    let letter = letter(&state.settings.current().name, &admin)?;
    let outcome = state
        .db
        .write_with(move |conn| {
            let hour_ago = now.minus(3600);
            if crate::mail::db::count_since(conn, admin.id, PURPOSE, hour_ago)? >= PER_HOUR {
                return Err(Refusal::<&str>::OverLimit(PER_HOUR));
            }
            crate::mail::queue(conn, &letter, now)?;
            Ok(())
        })
        .await?;
    match outcome {
        Ok(()) => Ok(redirect_with_flash(&req, "/admin", Flash::TestMailQueued)),
        Err(Refusal::OverLimit(_)) => {
            overview::page(&state, ctx, Some(TOO_MANY), Again::TooMany.into()).await
        }
        Err(other) => Err(other.into()),
    }
}
