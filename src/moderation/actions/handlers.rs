//! The pages of moderation actions: an action's form on its own, taking
//! an action from any form, and a member acknowledging their warning.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::confirm::{Step, confirm_page};
use super::{Act, SUSPENSION_MAX_DAYS, perform};
use crate::AppState;
use crate::error::{AppError, Refusal};
use crate::kernel::text::clean_multiline;
use crate::moderation::reports::REASON_MAX;
use crate::moderation::{Target, db};
use crate::web::again::Again;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, Moderator};
use crate::web::fields::FormErrors;
use crate::web::render;

/// What an action form sends.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActInput {
    pub(super) reason: String,
    pub(super) days: String,
    /// Which rule, counted from 1, the action cites, if any.
    pub(super) rule: String,
    /// Where to go afterwards (a path on this site).
    pub(super) back: String,
    /// Which step this is ([`Step`]): empty when the form itself is sent.
    pub(super) step: String,
}

/// An action's own page: its form, with any error next to its field.
#[derive(Template)]
#[template(path = "moderation/act.html")]
pub struct ActPage {
    ctx: PageContext,
    act: Act,
    target: String,
    back: String,
    action_path: String,
    input: ActInput,
    errors: FormErrors,
}

/// The page of `act` on `on` at `status`, with what was typed and its
/// errors; it goes back to the page the form came from, if that is on
/// this site, else to the queue.
fn act_page(
    ctx: PageContext,
    (act, on): (Act, Target),
    input: ActInput,
    errors: FormErrors,
    status: impl Into<StatusCode>,
) -> Result<HttpResponse, AppError> {
    let page = ActPage {
        ctx,
        act,
        target: act.target(on),
        back: safe_back(&input.back).unwrap_or("/moderation").to_owned(),
        action_path: act.path(on),
        input,
        errors,
    };
    render(status.into(), &page)
}

/// `GET /moderation/{kind}/{id}/{act}`: the action's form on its own.
pub async fn form(
    ctx: PageContext,
    _moderator: Moderator,
    path: web::Path<(String, i64, String)>,
) -> Result<HttpResponse, AppError> {
    let (kind, number, act) = path.into_inner();
    let act = Act::parse(&kind, &act).ok_or(AppError::NotFound)?;
    let input = ActInput {
        days: "7".into(),
        ..ActInput::default()
    };
    let on = act.on(number);
    act_page(ctx, (act, on), input, FormErrors::default(), StatusCode::OK)
}

/// `POST /moderation/{kind}/{id}/{act}`.
pub async fn act(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    Moderator(moderator): Moderator,
    path: web::Path<(String, i64, String)>,
    CsrfForm(input): CsrfForm<ActInput>,
) -> Result<HttpResponse, AppError> {
    let (kind, number, act) = path.into_inner();
    let act = Act::parse(&kind, &act).ok_or(AppError::NotFound)?;
    let on = act.on(number);
    let step = Step::parse(&input.step);
    if step == Step::Change {
        return act_page(ctx, (act, on), input, FormErrors::default(), StatusCode::OK);
    }
    let mut errors = FormErrors::default();
    let mut reason = clean_multiline(&input.reason);
    if !input.rule.is_empty() {
        // The rule is cited in the reason itself, so the member, the log
        // and the public log all read which rule it was.
        let rules = &ctx.site.rules;
        match input.rule.parse::<usize>() {
            Ok(n) if (1..=rules.len()).contains(&n) => {
                reason = format!("Rule {n}, “{}”: {reason}", rules[n - 1]);
            }
            _ => errors.add("rule", "Choose one of the rules, or none."),
        }
    }
    if clean_multiline(&input.reason).chars().count() > REASON_MAX {
        errors.add("reason", "Keep the reason to 500 characters or fewer.");
    } else if clean_multiline(&input.reason).is_empty() && act.needs_reason() {
        errors.add(
            "reason",
            "Give a reason: the member and the log will see it.",
        );
    }
    let days = match (act, input.days.trim().parse::<i64>()) {
        (Act::Suspend, Ok(d)) if (1..=SUSPENSION_MAX_DAYS).contains(&d) => d,
        (Act::Suspend, _) => {
            errors.add("days", "Give a whole number of days from 1 to 90.");
            0
        }
        _ => 0,
    };
    if !errors.is_empty() {
        return act_page(ctx, (act, on), input, errors, Again::Invalid);
    }
    let clock = state.config.clock.clone();
    let now = clock.now();
    if let (true, Step::Sent, Target::Member(id)) = (act.is_confirmed_first(), step, on) {
        // Asked only about what this moderator may do, checked as the
        // action itself checks it (and again when it is confirmed).
        let subject = state
            .db
            .run(move |conn| Ok(db::actions::subject(conn, id)?))
            .await?
            .ok_or(AppError::NotFound)?;
        let refused = match super::may_act(&moderator, &subject) {
            Err(Refusal::Forbidden(why) | Refusal::Conflict(why)) => Some(why),
            Err(other) => return Err(other.into()),
            Ok(()) if subject.standing.is_applicant() => {
                Some("This is an application: approve it or turn it down instead.")
            }
            Ok(()) => None,
        };
        if let Some(why) = refused {
            errors.summary = Some(why.into());
            return act_page(ctx, (act, on), input, errors, Again::Clash);
        }
        return confirm_page(
            ctx,
            (act, act.path(on)),
            &subject,
            input,
            (reason, days, now),
        );
    }
    let actor = moderator.clone();
    let outcome = state
        .db
        .write_with(move |conn| perform(conn, &actor, act, on, &reason, days, &clock))
        .await?;
    match outcome {
        Ok(()) => {
            let back = safe_back(&input.back).unwrap_or("/moderation");
            Ok(redirect_with_flash(&req, back, act.flash()))
        }
        Err(Refusal::Forbidden(why) | Refusal::Conflict(why)) => {
            errors.summary = Some(why.into());
            act_page(ctx, (act, on), input, errors, Again::Clash)
        }
        Err(other) => Err(other.into()),
    }
}

/// `back` if it is a path on this site.
fn safe_back(back: &str) -> Option<&str> {
    crate::web::local_path(back)
}

/// `POST /warning`: the member has read their warning; it stops showing.
pub async fn acknowledge_warning(
    req: HttpRequest,
    state: web::Data<AppState>,
    crate::web::extract::CurrentUser(user): crate::web::extract::CurrentUser,
    _form: CsrfForm<crate::web::extract::NoFields>,
) -> Result<HttpResponse, AppError> {
    let id = user.id;
    state
        .db
        .write(move |conn| db::actions::set_warning(conn, id, None))
        .await?;
    Ok(redirect_with_flash(&req, "/", Flash::WarningRead))
}

#[cfg(test)]
mod tests {
    use super::safe_back;

    #[test]
    fn only_plain_paths_on_this_site_are_gone_back_to() {
        assert_eq!(safe_back("/moderation"), Some("/moderation"));
        assert_eq!(safe_back("/needs/3?x=1"), Some("/needs/3?x=1"));
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\\evil",
            "https://evil.example",
            "",
            "/a b",
        ] {
            assert_eq!(safe_back(bad), None, "{bad:?}");
        }
    }
}
