//! `GET /admin/categories`: the kinds of need, one compact row each. Add
//! (before the catch-all "Other", which stays last), rename, reorder,
//! retire and restore (the forms in `changes`); a retired category stays
//! on the needs that have it but is offered no more.

mod changes;

pub use changes::{MoveInput, RetireInput, add, move_category, rename, retire};

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::db;
use crate::AppState;
use crate::error::{AppError, Refusal};
use crate::kernel::identity::UserId;
use crate::kernel::ids::CategoryId;
use crate::kernel::text::clean_line;
use crate::modlog::{Action, EntryTarget, LogEntry, record};
use crate::needs::Category;
use crate::web::again::Again;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::Admin;
use crate::web::fields::FormErrors;
use crate::web::render;

/// Longest category name, in characters.
pub const NAME_MAX: usize = 40;

/// The categories page.
#[derive(Template)]
#[template(path = "admin/categories.html")]
pub struct CategoriesPage {
    ctx: PageContext,
    categories: Vec<Category>,
    new_name: String,
    errors: FormErrors,
    /// A rename refused: the category, what was typed, and why.
    renaming: Option<(CategoryId, String, String)>,
    /// The catch-all category new ones go before, if there is one.
    catch_all: Option<CategoryId>,
}

impl CategoriesPage {
    /// What the rename field of `id` shows: what was typed, if that rename
    /// was refused, else the current name.
    fn rename_value<'a>(&'a self, id: &CategoryId, current: &'a str) -> &'a str {
        match &self.renaming {
            Some((refused, typed, _)) if refused == id => typed,
            _ => current,
        }
    }

    /// Why the rename of `id` was refused, if it was.
    fn rename_error(&self, id: &CategoryId) -> Option<&str> {
        self.renaming
            .as_ref()
            .filter(|(refused, _, _)| refused == id)
            .map(|(_, _, why)| why.as_str())
    }

    /// The catch-all category, if it is last (where new ones go before it).
    fn catch_all_last(&self) -> Option<&Category> {
        self.categories
            .last()
            .filter(|last| self.catch_all == Some(last.id))
    }

    /// Whether `id` is the catch-all category new ones go before.
    fn is_catch_all(&self, id: &CategoryId) -> bool {
        self.catch_all_last().is_some_and(|c| c.id == *id)
    }

    /// Where a new category goes, under the add form's field.
    fn add_hint(&self) -> String {
        match self.catch_all_last() {
            Some(other) => format!(
                "Up to 40 characters. It goes before “{}”, which stays last.",
                other.name
            ),
            None => "Up to 40 characters. It goes at the end of the list.".into(),
        }
    }
}

/// What was typed into one of the page's forms, to show again.
pub(super) enum Typed {
    /// The add form's name (empty when it was not the form sent).
    NewName(String),
    /// A rename refused: the category, what was typed, and why.
    Rename(CategoryId, String, String),
}

/// The categories page at `status`, with what was typed and its errors.
pub(super) async fn page(
    state: &AppState,
    ctx: PageContext,
    typed: Typed,
    errors: FormErrors,
    status: impl Into<StatusCode>,
) -> Result<HttpResponse, AppError> {
    let (new_name, renaming) = match typed {
        Typed::NewName(name) => (name, None),
        Typed::Rename(id, name, why) => (String::new(), Some((id, name, why))),
    };
    let catch_all = state.db.run(|conn| Ok(db::catch_all(conn)?)).await?;
    let page = CategoriesPage {
        ctx,
        categories: state.part::<crate::needs::CategoryCache>().all().to_vec(),
        new_name,
        errors,
        renaming,
        catch_all,
    };
    render(status.into(), &page)
}

/// `GET /admin/categories`.
pub async fn list(
    ctx: PageContext,
    state: web::Data<AppState>,
    _admin: Admin,
) -> Result<HttpResponse, AppError> {
    let typed = Typed::NewName(String::new());
    page(&state, ctx, typed, FormErrors::default(), StatusCode::OK).await
}

/// What the add and rename forms send.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NameInput {
    pub(super) name: String,
}

/// A category's name, cleaned, or why it is refused.
pub(super) fn parse_name(input: &str) -> Result<String, &'static str> {
    let name = clean_line(input);
    if name.is_empty() || name.chars().count() > NAME_MAX {
        Err("Give the category a name of 1 to 40 characters.")
    } else {
        Ok(name)
    }
}

/// Reloads the cached list after a change.
async fn reload(state: &AppState) -> Result<(), AppError> {
    let categories = state
        .db
        .run(|conn| Ok(crate::needs::db::list_categories(conn, true)?))
        .await?;
    state
        .part::<crate::needs::CategoryCache>()
        .replace(categories);
    Ok(())
}

/// Why a category's new name is refused.
pub(super) const NAME_TAKEN: &str = "There is already a category with that name.";

/// Reloads the list and goes back to it after a change, or shows the page
/// again with why the change was refused.
pub(super) async fn finish(
    req: &HttpRequest,
    state: &AppState,
    ctx: PageContext,
    outcome: Result<(), Refusal>,
    typed: String,
) -> Result<HttpResponse, AppError> {
    match outcome {
        Ok(()) => {
            reload(state).await?;
            Ok(redirect_with_flash(
                req,
                "/admin/categories",
                Flash::CategoriesSaved,
            ))
        }
        Err(Refusal::Conflict(why)) => {
            let mut errors = FormErrors::default();
            errors.summary = Some(why.into());
            page(state, ctx, Typed::NewName(typed), errors, Again::Invalid).await
        }
        Err(other) => Err(other.into()),
    }
}

/// Applies an admin's `change` to category `id`, given its current name,
/// logs what it reports doing, and answers as [`finish`] does.
pub(super) async fn change_category<F>(
    req: &HttpRequest,
    state: &AppState,
    ctx: PageContext,
    actor: UserId,
    id: CategoryId,
    change: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut crate::db::DbConnection, &str) -> Result<Option<(Action, String)>, Refusal>
        + Send
        + 'static,
{
    let now = state.config.clock.now();
    let outcome = state
        .db
        .write_with(move |conn| {
            let name = db::category_name(conn, id)?.ok_or(Refusal::NotFound)?;
            if let Some((action, summary)) = change(conn, &name)? {
                let entry = LogEntry {
                    actor,
                    action,
                    target_kind: EntryTarget::Category,
                    target_id: Some(id.0),
                    summary,
                    reason: String::new(),
                    subject: None,
                };
                record(conn, &entry, now)?;
            }
            Ok(())
        })
        .await?;
    finish(req, state, ctx, outcome, String::new()).await
}
