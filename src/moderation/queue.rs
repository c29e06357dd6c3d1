//! `GET /moderation`: one review queue for open reports (grouped by what
//! was reported), registration applications and appeals, oldest first,
//! filterable by kind. Compact, so many fit on a phone: each item says who,
//! when and what, shows its main action, and folds the rest ("Turn
//! down…", "Dismiss…", the rule an action names) behind a disclosure.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::db::actions::{self as actions_db, Application};
use super::db::appeals::{self as appeals_db, PendingAppeal};
use super::db::reports::{self as db, OpenReport, Owner};
use super::reports::{QUEUE_MAX, REASONS};
use super::{Target, TargetKind};
use crate::AppState;
use crate::clock::Timestamp;
use crate::error::AppError;
use crate::kernel::ids::AppealId;
use crate::web::context::PageContext;
use crate::web::extract::{Moderator, query_pairs};
use crate::web::render;

/// Reports about one thing.
pub struct ReportGroup {
    target: Target,
    snapshot: String,
    reports: Vec<(OpenReport, &'static str)>,
    /// Who wrote it (or who it is), and the need it belongs to.
    owner: Option<Owner>,
}

impl ReportGroup {
    /// What kind of thing was reported.
    fn kind(&self) -> TargetKind {
        self.target.kind()
    }

    /// The number of what was reported, for its paths and form ids.
    fn number(&self) -> i64 {
        self.target.number()
    }
}

/// One thing waiting for a moderator.
pub enum QueueItem {
    /// Open reports about one target.
    Reports(ReportGroup),
    /// Someone waiting to join.
    Application(Application),
    /// A member appealing an action.
    Appeal(PendingAppeal),
}

/// The kinds the queue can be narrowed to.
pub const KINDS: [(&str, &str); 3] = [
    ("reports", "Reports"),
    ("applications", "Applications"),
    ("appeals", "Appeals"),
];

/// The review queue.
#[derive(Template)]
#[template(path = "moderation/queue.html")]
pub struct QueuePage {
    ctx: PageContext,
    items: Vec<(Timestamp, QueueItem, String)>,
    kind: String,
    kinds: [(&'static str, &'static str); 3],
    /// A decision refused: whose form, and why.
    problem: Option<(QueueForm, &'static str)>,
    /// What was typed in the refused form, shown again.
    typed: Typed,
}

/// A form of the queue: dismissing the reports about a target, or
/// deciding an appeal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueForm {
    /// Dismissing the reports about this target.
    Dismiss(Target),
    /// Deciding this appeal.
    Decide(AppealId),
}

/// What a refused queue form had in it.
#[derive(Clone, Debug, Default)]
pub struct Typed {
    /// The reason typed.
    pub reason: String,
    /// The decision chosen (appeals).
    pub decision: String,
}

impl QueuePage {
    /// Whether any application is shown (the applicants' question is then
    /// said once, above them).
    fn has_applications(&self) -> bool {
        self.items
            .iter()
            .any(|(_, item, _)| matches!(item, QueueItem::Application(_)))
    }

    fn problem_for(&self, form: QueueForm) -> Option<&'static str> {
        self.problem
            .as_ref()
            .filter(|(refused, _)| *refused == form)
            .map(|(_, m)| *m)
    }

    /// Why dismissing the reports about `on` was refused, if it was.
    fn dismiss_problem(&self, on: &Target) -> Option<&'static str> {
        self.problem_for(QueueForm::Dismiss(*on))
    }

    /// Why deciding appeal `id` was refused, if it was.
    fn decide_problem(&self, id: &AppealId) -> Option<&'static str> {
        self.problem_for(QueueForm::Decide(*id))
    }

    /// What was typed into `form`, if that form was refused.
    fn typed_reason(&self, form: QueueForm) -> &str {
        if self.problem_for(form).is_some() {
            &self.typed.reason
        } else {
            ""
        }
    }

    /// What was typed into the dismiss form about `on`, if it was refused.
    fn typed_dismiss_reason(&self, on: &Target) -> &str {
        self.typed_reason(QueueForm::Dismiss(*on))
    }

    /// What was typed into appeal `id`'s decision form, if it was refused.
    fn typed_decide_reason(&self, id: &AppealId) -> &str {
        self.typed_reason(QueueForm::Decide(*id))
    }

    /// Whether `decision` was the choice in appeal `id`'s refused form.
    fn chose(&self, id: &AppealId, decision: &str) -> bool {
        self.decide_problem(id).is_some() && self.typed.decision == decision
    }

    /// Whether the viewer took the action this appeal is against (and so
    /// is shown why someone else decides, instead of the form).
    fn took_the_action(&self, appeal: &PendingAppeal) -> bool {
        self.ctx.user.as_ref().is_some_and(|u| {
            crate::policy::appeals::may_decide(
                u.id,
                u.role,
                appeal.actor_id,
                appeal.appellant_id,
                appeal.appellant_role,
            ) == Err(crate::policy::appeals::NotDecider::TookTheAction)
        })
    }
}

/// `GET /moderation?kind=reports|applications|appeals`.
pub async fn queue(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    _moderator: Moderator,
) -> Result<HttpResponse, AppError> {
    let kind = query_pairs(&req)?.remove("kind").unwrap_or_default();
    queue_for(&state, ctx, &kind, None, Typed::default(), StatusCode::OK).await
}

/// The whole queue again, with a refused decision marked.
pub async fn queue_page(
    state: &AppState,
    ctx: PageContext,
    problem: Option<(QueueForm, &'static str)>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    queue_for(state, ctx, "", problem, Typed::default(), status).await
}

/// The whole queue again, with a refused form marked and what was typed in it.
pub async fn queue_page_typed(
    state: &AppState,
    ctx: PageContext,
    problem: (QueueForm, &'static str),
    typed: Typed,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    queue_for(state, ctx, "", Some(problem), typed, status).await
}

async fn queue_for(
    state: &AppState,
    ctx: PageContext,
    kind: &str,
    problem: Option<(QueueForm, &'static str)>,
    typed: Typed,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let kind = if KINDS.iter().any(|(k, _)| *k == kind) {
        kind.to_owned()
    } else {
        String::new()
    };
    let wants = |k: &str| kind.is_empty() || kind == k;
    let (reports, applications, appeals) =
        (wants("reports"), wants("applications"), wants("appeals"));
    let (open, pending, appealed) = state
        .db
        .run(move |conn| {
            let open = if reports {
                db::open_reports(conn, QUEUE_MAX)?
            } else {
                Vec::new()
            };
            let pending = if applications {
                actions_db::pending_applications(conn, QUEUE_MAX)?
            } else {
                Vec::new()
            };
            let appealed = if appeals {
                appeals_db::pending_appeals(conn, QUEUE_MAX)?
            } else {
                Vec::new()
            };
            Ok((open, pending, appealed))
        })
        .await?;
    let mut groups: Vec<(Timestamp, ReportGroup)> = Vec::new();
    let mut group_of: HashMap<Target, usize> = HashMap::new();
    for report in open {
        let label = REASONS
            .iter()
            .find(|(w, _)| *w == report.reason)
            .map_or("Something else", |(_, l)| *l);
        let key = report.target();
        match group_of.get(&key) {
            Some(&n) => groups[n].1.reports.push((report, label)),
            None => {
                group_of.insert(key, groups.len());
                groups.push((
                    report.created_at,
                    ReportGroup {
                        target: key,
                        snapshot: report.snapshot.clone(),
                        reports: vec![(report, label)],
                        owner: None,
                    },
                ));
            }
        }
    }
    let targets: Vec<Target> = groups.iter().map(|(_, g)| g.target).collect();
    let owners = state
        .db
        .run(move |conn| Ok(db::target_owners(conn, &targets)?))
        .await?;
    for ((_, group), owner) in groups.iter_mut().zip(owners) {
        group.owner = owner;
    }
    let mut items: Vec<(Timestamp, QueueItem)> = groups
        .into_iter()
        .map(|(at, g)| (at, QueueItem::Reports(g)))
        .chain(
            pending
                .into_iter()
                .map(|a| (a.created_at, QueueItem::Application(a))),
        )
        .chain(
            appealed
                .into_iter()
                .map(|a| (a.created_at, QueueItem::Appeal(a))),
        )
        .collect();
    items.sort_by_key(|(at, _)| *at);
    let zone = state.config.clock.zone();
    let items = items
        .into_iter()
        .map(|(at, item)| {
            let since = crate::kernel::words::stamp(at, zone);
            (at, item, since)
        })
        .collect();
    render(
        status,
        &QueuePage {
            ctx,
            items,
            kind,
            kinds: KINDS,
            problem,
            typed,
        },
    )
}
