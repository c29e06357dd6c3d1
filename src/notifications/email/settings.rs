//! `GET/POST /account/notifications`: what a member gets by e-mail.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::super::db::settings::{self as stored, Settings};
use super::super::topics::{Choice, Topic};
use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::Role;
use crate::kernel::ids::CategoryId;
use crate::needs::{Category, CategoryCache};
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser};
use crate::web::render;

/// One topic's row on the page.
pub struct TopicRow {
    /// Its word (the field's name).
    pub name: &'static str,
    /// What it is called.
    pub label: &'static str,
    /// (word, label, chosen) for each choice it offers.
    pub choices: Vec<(&'static str, &'static str, bool)>,
}

/// The settings page.
#[derive(Template)]
#[template(path = "notifications/settings.html")]
pub struct SettingsPage {
    ctx: PageContext,
    topics: Vec<TopicRow>,
    hour: i32,
    categories: Vec<(Category, bool)>,
}

fn words(choice: Choice) -> &'static str {
    match choice {
        Choice::Now => "At once",
        Choice::Digest => "In the daily digest",
        Choice::Off => "Not by e-mail",
    }
}

fn settings_page(
    ctx: PageContext,
    state: &AppState,
    settings: &Settings,
    role: Role,
) -> Result<HttpResponse, AppError> {
    let topics = Topic::ALL
        .into_iter()
        .filter(|t| !t.staff_only() || role != Role::Member)
        .map(|topic| TopicRow {
            name: topic.as_str(),
            label: topic.label(),
            choices: topic
                .choices()
                .iter()
                .map(|c| (c.as_str(), words(*c), settings.choice(topic) == *c))
                .collect(),
        })
        .collect();
    let categories = state
        .part::<CategoryCache>()
        .live()
        .into_iter()
        .map(|c| {
            let picked = settings.categories.contains(&c.id);
            (c, picked)
        })
        .collect();
    let page = SettingsPage {
        ctx,
        topics,
        hour: settings.digest_hour,
        categories,
    };
    render(StatusCode::OK, &page)
}

/// `GET /account/notifications`.
pub async fn show(
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<HttpResponse, AppError> {
    let id = user.id;
    let settings = state
        .db
        .run(move |conn| Ok(stored::load(conn, id)?))
        .await?;
    settings_page(ctx, &state, &settings, user.role)
}

/// `POST /account/notifications`: a radio group per topic (`offers=now`),
/// `digest_hour`, and a checkbox per category (`category_3=on`; none
/// ticked means every category). Words it does not know are ignored.
pub async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let id = user.id;
    let live: Vec<CategoryId> = state
        .part::<CategoryCache>()
        .live()
        .into_iter()
        .map(|c| c.id)
        .collect();
    state
        .db
        .write(move |conn| {
            let mut settings = stored::load(conn, id)?;
            for topic in Topic::ALL {
                if let Some(choice) = form.get(topic.as_str()).and_then(|w| Choice::from_word(w)) {
                    settings.set(topic, choice);
                }
            }
            if let Some(hour) = form
                .get("digest_hour")
                .and_then(|h| h.parse::<i32>().ok())
                .filter(|h| (0..24).contains(h))
            {
                settings.digest_hour = hour;
            }
            settings.categories = live
                .into_iter()
                .filter(|c| form.contains_key(&format!("category_{}", c.0)))
                .collect();
            stored::save(conn, id, &settings)
        })
        .await?;
    Ok(redirect_with_flash(
        &req,
        "/account/notifications",
        Flash::MailSettingsSaved,
    ))
}
