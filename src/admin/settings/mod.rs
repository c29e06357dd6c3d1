//! `GET /admin/settings`: the site's name, what it is, and its rules, and
//! how people join. The forms and their checks are in `forms`. Saving
//! records the steps of setting up the board it takes (a new name, new
//! rules, a choice of how people join) for the checklist on `/admin`.

mod forms;

pub use forms::{
    DESCRIPTION_MAX, JoiningInput, NAME_MAX, QUESTION_MAX, RULE_MAX, RULES_MAX, SettingsInput,
};

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::checklist::SetupStep;
use super::db;
use crate::AppState;
use crate::error::AppError;
use crate::modlog::{Action, EntryTarget, LogEntry, record};
use crate::site::RegistrationMode;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{Admin, CsrfForm};
use crate::web::fields::FormErrors;
use crate::web::render;
use forms::{parse, parse_joining};

/// The admin page.
#[derive(Template)]
#[template(path = "admin/settings.html")]
pub struct SettingsPage {
    ctx: PageContext,
    input: SettingsInput,
    errors: FormErrors,
    joining: JoiningInput,
    joining_errors: FormErrors,
    modes: [RegistrationMode; 3],
}

/// `GET /admin/settings`.
pub async fn show(ctx: PageContext, _admin: Admin) -> Result<HttpResponse, AppError> {
    let site = ctx.site.clone();
    let joining = JoiningInput::from_settings(&site.joining);
    let input = SettingsInput::from_settings(&site);
    render(
        StatusCode::OK,
        &SettingsPage {
            ctx,
            input,
            errors: FormErrors::default(),
            joining,
            joining_errors: FormErrors::default(),
            modes: RegistrationMode::ALL,
        },
    )
}

/// `POST /admin/settings`: saves, logs the change and shows it at once.
pub async fn save(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    Admin(admin): Admin,
    CsrfForm(input): CsrfForm<SettingsInput>,
) -> Result<HttpResponse, AppError> {
    let settings = match parse(&input, &ctx.site) {
        Ok(settings) => settings,
        Err(errors) => {
            let joining = JoiningInput::from_settings(&ctx.site.joining);
            let page = SettingsPage {
                ctx,
                input,
                errors,
                joining,
                joining_errors: FormErrors::default(),
                modes: RegistrationMode::ALL,
            };
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let now = state.config.clock.now();
    let saved = settings.clone();
    let fresh = state
        .db
        .write(move |conn| {
            let before = crate::site::db::load_settings(conn)?;
            crate::site::db::save_settings(conn, &saved)?;
            if saved.name != before.name {
                db::record_step(conn, SetupStep::Name)?;
            }
            if saved.rules != before.rules {
                db::record_step(conn, SetupStep::Rules)?;
            }
            let entry = LogEntry {
                actor: admin.id,
                action: Action::SettingsChanged,
                target_kind: EntryTarget::Site,
                target_id: None,
                summary: "Changed the site's name, description or rules.".into(),
                reason: String::new(),
                subject: None,
            };
            record(conn, &entry, now)?;
            // What is stored now, joining settings included, whoever saved them.
            crate::site::db::load_settings(conn)
        })
        .await?;
    state.settings.replace(fresh);
    Ok(redirect_with_flash(
        &req,
        "/admin/settings",
        Flash::SettingsSaved,
    ))
}

/// `POST /admin/joining`: registration mode, its question, who may
/// invite, and whether visitors see the board.
pub async fn save_joining(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    Admin(admin): Admin,
    CsrfForm(joining_input): CsrfForm<JoiningInput>,
) -> Result<HttpResponse, AppError> {
    let joining = match parse_joining(&joining_input) {
        Ok(joining) => joining,
        Err(joining_errors) => {
            let input = SettingsInput::from_settings(&ctx.site);
            let page = SettingsPage {
                ctx,
                input,
                errors: FormErrors::default(),
                joining: joining_input,
                joining_errors,
                modes: RegistrationMode::ALL,
            };
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let now = state.config.clock.now();
    let saved = joining.clone();
    let fresh = state
        .db
        .write(move |conn| {
            crate::site::db::save_joining(conn, &saved)?;
            db::record_step(conn, SetupStep::Joining)?;
            let entry = LogEntry {
                actor: admin.id,
                action: Action::SettingsChanged,
                target_kind: EntryTarget::Site,
                target_id: None,
                summary: format!(
                    "Set registration to {} mode; invites by members {}; board {} to visitors.",
                    saved.mode.as_str(),
                    if saved.members_may_invite {
                        "allowed"
                    } else {
                        "not allowed"
                    },
                    if saved.board_public {
                        "shown"
                    } else {
                        "not shown"
                    },
                ),
                reason: String::new(),
                subject: None,
            };
            record(conn, &entry, now)?;
            crate::site::db::load_settings(conn)
        })
        .await?;
    state.settings.replace(fresh);
    Ok(redirect_with_flash(
        &req,
        "/admin/settings",
        Flash::SettingsSaved,
    ))
}

/// What the public-log form sends: the box, when ticked.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct PublicLogInput {
    public_log_names: Option<String>,
}

/// `POST /admin/public-log`: whether the public moderation log names the
/// members actions were about (it does not unless the admin ticks it).
pub async fn save_public_log(
    req: HttpRequest,
    state: web::Data<AppState>,
    Admin(admin): Admin,
    CsrfForm(input): CsrfForm<PublicLogInput>,
) -> Result<HttpResponse, AppError> {
    let names = input.public_log_names.is_some();
    let now = state.config.clock.now();
    let fresh = state
        .db
        .write(move |conn| {
            crate::site::db::save_public_log_names(conn, names)?;
            let entry = LogEntry {
                actor: admin.id,
                action: Action::SettingsChanged,
                target_kind: EntryTarget::Site,
                target_id: None,
                summary: if names {
                    "Let the public moderation log name the members actions were about."
                } else {
                    "Kept the names of members out of the public moderation log."
                }
                .into(),
                reason: String::new(),
                subject: None,
            };
            record(conn, &entry, now)?;
            crate::site::db::load_settings(conn)
        })
        .await?;
    state.settings.replace(fresh);
    Ok(redirect_with_flash(
        &req,
        "/admin/settings",
        Flash::SettingsSaved,
    ))
}
