//! `POST /account/sharing`: whether the people whose help a member accepts,
//! and those who accept theirs, see the member's e-mail address. Off
//! unless the member turns it on; otherwise they write to each other in
//! the offer's conversation.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{Sent, account_page};
use crate::AppState;
use crate::accounts::db;
use crate::error::AppError;
use crate::web::again::Again;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser};
use crate::web::fields::FormErrors;
use crate::web::ratelimit::PROFILE_EDITS_PER_ACCOUNT;

/// What the sharing form sends: the box, present only when ticked.
#[derive(Debug, Deserialize)]
pub struct SharingInput {
    #[serde(default)]
    share_email: Option<String>,
}

/// `POST /account/sharing`.
pub async fn save_sharing(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    CsrfForm(input): CsrfForm<SharingInput>,
) -> Result<HttpResponse, AppError> {
    if let Err(why) = state
        .limiter
        .member_write(user.id, PROFILE_EDITS_PER_ACCOUNT)
        .await?
    {
        let mut errors = FormErrors::default();
        errors.summary = Some(why);
        return account_page(&state, ctx, user, Sent::Sharing(errors), Again::TooMany).await;
    }
    let (id, share) = (user.id, input.share_email.is_some());
    state
        .db
        .write(move |conn| db::address::set_share_email(conn, id, share))
        .await?;
    Ok(redirect_with_flash(&req, "/account", Flash::SharingSaved))
}
