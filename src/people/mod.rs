//! Profiles: who a neighbour is, how often they helped and were helped,
//! and the thank-you notes they chose to show.

pub mod db;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::{Role, SessionUser, UserId};
use crate::kernel::ids::ThanksId;
use crate::kernel::text::{clean_line, clean_multiline};
use crate::needs::NeedId;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser};
use crate::web::fields::FormErrors;
use crate::web::ratelimit::{BLOCKS_PER_ACCOUNT, PROFILE_EDITS_PER_ACCOUNT};
use crate::web::render;

/// Longest "about" text, in characters.
pub const ABOUT_MAX: usize = 500;
/// Longest area, in characters.
pub const AREA_MAX: usize = 80;

/// Registers the routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/people/{id}", web::get().to(show))
        .service(
            web::resource("/profile")
                .route(web::get().to(edit_form))
                .route(web::post().to(save)),
        )
        .route("/profile/thanks/{id}", web::post().to(show_thanks))
        .route("/people/{id}/block", web::post().to(block))
        .route("/people/{id}/unblock", web::post().to(unblock));
}

/// A profile page.
#[derive(Template)]
#[template(path = "people/show.html")]
pub struct ProfilePage {
    ctx: PageContext,
    profile: db::Profile,
    role: Role,
    member_since: String,
    thanks: Vec<db::ThanksView>,
    is_me: bool,
    i_block: bool,
    // Moderators and admins cannot be blocked: no form is offered.
    is_staff: bool,
    needs: Vec<(NeedId, String)>,
}

/// Live needs listed on a profile.
const PROFILE_NEEDS: i64 = 20;

/// `GET /people/{id}`.
pub async fn show(
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<UserId>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let me = user.id;
    let apart = !crate::policy::seeing::may_see_needs_of(&user, id);
    let (profile, role, thanks, i_block, needs) = state
        .db
        .run(move |conn| {
            let Some(profile) = db::profile(conn, id)? else {
                return Ok(None);
            };
            let role = profile.role;
            let thanks = db::thanks_for(conn, id, true)?;
            let i_block = db::blocks_one_way(conn, me, id)?;
            // A block keeps each out of sight of the other's needs.
            let needs = if apart {
                Vec::new()
            } else {
                db::live_needs_of(conn, id, PROFILE_NEEDS)?
            };
            Ok(Some((profile, role, thanks, i_block, needs)))
        })
        .await?
        .ok_or(AppError::NotFound)?;
    let member_since = state
        .config
        .clock
        .local(profile.created_at)
        .format("%B %Y")
        .to_string();
    let is_me = id == user.id;
    render(
        StatusCode::OK,
        &ProfilePage {
            ctx,
            profile,
            role,
            member_since,
            thanks,
            is_me,
            i_block,
            is_staff: role.is_staff(),
            needs,
        },
    )
}

/// The page where a member edits their profile.
#[derive(Template)]
#[template(path = "people/edit.html")]
pub struct EditProfilePage {
    ctx: PageContext,
    me: UserId,
    about: String,
    area: String,
    errors: FormErrors,
    thanks: Vec<db::ThanksView>,
}

async fn edit_page(
    state: &AppState,
    ctx: PageContext,
    me: UserId,
    typed: Option<ProfileInput>,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (profile, thanks) = state
        .db
        .run(move |conn| Ok((db::profile(conn, me)?, db::thanks_for(conn, me, false)?)))
        .await?;
    let profile = profile.ok_or(AppError::LoginRequired)?;
    let (about, area) = match typed {
        Some(input) => (input.about, input.area),
        None => (profile.about, profile.area),
    };
    render(
        status,
        &EditProfilePage {
            ctx,
            me,
            about,
            area,
            errors,
            thanks,
        },
    )
}

/// `GET /profile`.
pub async fn edit_form(
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<HttpResponse, AppError> {
    edit_page(
        &state,
        ctx,
        user.id,
        None,
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// What the profile form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProfileInput {
    about: String,
    area: String,
}

/// `POST /profile`.
pub async fn save(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    CsrfForm(input): CsrfForm<ProfileInput>,
) -> Result<HttpResponse, AppError> {
    let about = clean_multiline(&input.about);
    let area = clean_line(&input.area);
    let mut errors = FormErrors::default();
    if about.chars().count() > ABOUT_MAX {
        errors.add("about", "Keep this to 500 characters or fewer.");
    }
    if area.chars().count() > AREA_MAX {
        errors.add(
            "area",
            "Keep this to 80 characters or fewer: a street or part of town.",
        );
    }
    if !errors.is_empty() {
        return edit_page(
            &state,
            ctx,
            user.id,
            Some(input),
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    if let Err(why) = state
        .limiter
        .member_write(user.id, PROFILE_EDITS_PER_ACCOUNT)
        .await?
    {
        errors.summary = Some(why);
        return edit_page(
            &state,
            ctx,
            user.id,
            Some(input),
            errors,
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    let me = user.id;
    state
        .db
        .run(move |conn| Ok(db::save_profile(conn, me, &about, &area)?))
        .await?;
    Ok(redirect_with_flash(&req, "/profile", Flash::ProfileSaved))
}

/// What a thank-you note's show/hide button sends.
#[derive(Debug, Deserialize)]
pub struct ShowThanksInput {
    shown: String,
}

/// `POST /profile/thanks/{id}`: show or hide one of my thank-you notes.
pub async fn show_thanks(
    req: HttpRequest,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<ThanksId>,
    CsrfForm(input): CsrfForm<ShowThanksInput>,
) -> Result<HttpResponse, AppError> {
    let shown = match input.shown.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::BadRequest("shown must be true or false")),
    };
    let (thanks, me) = (path.into_inner(), user.id);
    let changed = state
        .db
        .run(move |conn| Ok(db::set_thanks_shown(conn, thanks, me, shown)?))
        .await?;
    if !changed {
        return Err(AppError::NotFound);
    }
    Ok(redirect_with_flash(&req, "/profile", Flash::ThanksUpdated))
}

/// `POST /people/{id}/block`: the member no longer sees this person's
/// needs, and this person can no longer see theirs, offer to help with
/// them, or message them.
pub async fn block(
    req: HttpRequest,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<UserId>,
    _form: CsrfForm<crate::web::extract::NoFields>,
) -> Result<HttpResponse, AppError> {
    let them = path.into_inner();
    if them == user.id {
        return Err(AppError::BadRequest("you cannot block yourself"));
    }
    blocks_allowed(&state, &user).await?;
    let (me, now) = (user.id, state.config.clock.now());
    let outcome = state
        .db
        .write(move |conn| {
            if db::profile(conn, them)?.is_none() {
                return Ok(BlockOutcome::NoSuchMember);
            }
            if db::role_of(conn, them)?.is_staff() {
                return Ok(BlockOutcome::Staff);
            }
            db::block(conn, me, them, now)?;
            Ok(BlockOutcome::Blocked)
        })
        .await?;
    match outcome {
        BlockOutcome::Blocked => {}
        BlockOutcome::NoSuchMember => return Err(AppError::NotFound),
        BlockOutcome::Staff => {
            return Err(AppError::Restricted(
                "Moderators cannot be blocked",
                "Moderators and admins need to see everything to keep the board safe, so \
                 nobody can block them. If one of them troubles you, tell another moderator \
                 or the admin."
                    .into(),
            ));
        }
    }
    Ok(redirect_with_flash(
        &req,
        &format!("/people/{}", them.0),
        Flash::Blocked,
    ))
}

/// Takes one of the member's blocks or unblocks, or refuses with the wait.
async fn blocks_allowed(state: &AppState, user: &SessionUser) -> Result<(), AppError> {
    state
        .limiter
        .member_take(user.id, BLOCKS_PER_ACCOUNT)
        .await?
        .map_err(AppError::RateLimited)
}

/// What a block came to.
enum BlockOutcome {
    Blocked,
    NoSuchMember,
    Staff,
}

/// `POST /people/{id}/unblock`.
pub async fn unblock(
    req: HttpRequest,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<UserId>,
    _form: CsrfForm<crate::web::extract::NoFields>,
) -> Result<HttpResponse, AppError> {
    let them = path.into_inner();
    blocks_allowed(&state, &user).await?;
    let me = user.id;
    state
        .db
        .write(move |conn| db::unblock(conn, me, them))
        .await?;
    Ok(redirect_with_flash(
        &req,
        &format!("/people/{}", them.0),
        Flash::Unblocked,
    ))
}
