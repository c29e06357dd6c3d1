//! Invite codes: in invite mode, signing up needs one. Admins may always
//! make them, members when the admin allows it. Each code has a use limit
//! and an expiry, shows who joined with it, and can be revoked. Moderators
//! see the whole tree of who invited whom.
//!
//! Codes are kept in the clear, unlike session tokens, so that whoever
//! made one can copy it again later; a code only lets someone apply to
//! join, and the sign-up rate limit and 60 random bits stop guessing.

pub mod db;

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use rand::Rng;
use serde::Deserialize;

use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::{Role, SessionUser, UserId};
use crate::modlog::{Action, LogEntry, record};
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser, Moderator};
use crate::web::fields::FormErrors;
use crate::web::render;

/// Letters and digits that cannot be mistaken for one another.
const ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// The most uses one code may have.
pub const MAX_USES: i32 = 50;
/// The longest a code may last, in days.
pub const MAX_DAYS: i64 = 30;
/// Codes listed at most.
const LIST_MAX: i64 = 200;

/// A new code: twelve characters in three groups, 60 random bits.
pub fn new_code() -> String {
    let mut rng = rand::rng();
    let chars: Vec<char> = (0..12)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A typed code in the stored form: upper case, grouped by four, whatever
/// spaces, dashes or case it was typed with.
pub fn normalise_code(typed: &str) -> String {
    let chars: Vec<char> = typed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .take(64)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A code as listed, with who joined with it.
pub struct InviteView {
    row: db::InviteRow,
    joined: Vec<(i64, String, Role)>,
    state: &'static str,
    expires: String,
}

/// The invites page.
#[derive(Template)]
#[template(path = "invites/list.html")]
pub struct InvitesPage {
    ctx: PageContext,
    invites: Vec<InviteView>,
    all: bool,
    max_uses: String,
    days: String,
    errors: FormErrors,
}

/// `GET /invites`: my codes (an admin sees everyone's) and a form for a new one.
pub async fn list(
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<HttpResponse, AppError> {
    if !ctx.may_invite() {
        return Err(AppError::Forbidden);
    }
    page(
        &state,
        ctx,
        &user,
        "1",
        "7",
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn page(
    state: &AppState,
    ctx: PageContext,
    user: &SessionUser,
    max_uses: &str,
    days: &str,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let all = user.role == Role::Admin;
    let by = (!all).then_some(user.id);
    let now = state.config.clock.now();
    let (rows, joined) = state
        .db
        .run(move |conn| {
            let rows = db::list_invites(conn, by, LIST_MAX)?;
            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            let joined = db::joined_with(conn, &ids)?;
            Ok((rows, joined))
        })
        .await?;
    let invites = rows
        .into_iter()
        .map(|row| {
            let state = if row.revoked_at.is_some() {
                "Revoked"
            } else if row.expires_at <= now {
                "Expired"
            } else if row.uses >= row.max_uses {
                "Used up"
            } else {
                "Live"
            };
            InviteView {
                joined: joined
                    .iter()
                    .filter(|(invite, _, _, _)| *invite == row.id)
                    .map(|(_, id, name, role)| (*id, name.clone(), *role))
                    .collect(),
                state,
                expires: crate::clock::local(row.expires_at)
                    .format("%-d %B %Y, %H:%M")
                    .to_string(),
                row,
            }
        })
        .collect();
    let page = InvitesPage {
        ctx,
        invites,
        all,
        max_uses: max_uses.to_owned(),
        days: days.to_owned(),
        errors,
    };
    render(status, &page)
}

/// What the new-code form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewInviteInput {
    max_uses: String,
    days: String,
}

/// `POST /invites`: makes a code.
pub async fn create(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    CsrfForm(input): CsrfForm<NewInviteInput>,
) -> Result<HttpResponse, AppError> {
    if !ctx.may_invite() {
        return Err(AppError::Forbidden);
    }
    let mut errors = FormErrors::default();
    let max_uses = match input.max_uses.trim().parse::<i32>() {
        Ok(n) if (1..=MAX_USES).contains(&n) => n,
        _ => {
            errors.add("max_uses", "Give a whole number of uses from 1 to 50.");
            0
        }
    };
    let days = match input.days.trim().parse::<i64>() {
        Ok(n) if (1..=MAX_DAYS).contains(&n) => n,
        _ => {
            errors.add("days", "Give a whole number of days from 1 to 30.");
            0
        }
    };
    if !errors.is_empty() {
        return page(
            &state,
            ctx,
            &user,
            &input.max_uses,
            &input.days,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let now = state.config.clock.now();
    let by = user.id;
    state
        .db
        .write(move |conn| {
            // A clash among 2^60 codes is next to impossible; try again if so.
            for _ in 0..3 {
                if let Some(id) =
                    db::insert_invite(conn, &new_code(), by, max_uses, now + days * 86_400, now)?
                {
                    return Ok(Some(id));
                }
            }
            Ok(None)
        })
        .await?
        .ok_or_else(|| AppError::internal("no free invite code"))?;
    Ok(redirect_with_flash(&req, "/invites", Flash::InviteCreated))
}

/// `POST /invites/{id}/revoke`: by whoever made the code, or an admin.
pub async fn revoke(
    req: HttpRequest,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<i64>,
    _form: CsrfForm<crate::web::extract::NoFields>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let now = state.config.clock.now();
    let (actor, is_admin) = (user.id, user.role == Role::Admin);
    let revoked = state
        .db
        .write_with(move |conn| -> Result<bool, AppError> {
            let Some((code, maker)) = db::find_invite(conn, id)? else {
                return Err(AppError::NotFound);
            };
            if maker != actor.0 && !is_admin {
                return Err(AppError::NotFound);
            }
            if !db::revoke_invite(conn, id, now)? {
                return Ok(false);
            }
            let entry = LogEntry {
                actor,
                action: Action::InviteRevoked,
                target_kind: "invite",
                target_id: Some(id),
                summary: format!("Revoked the invite code {code}."),
                reason: String::new(),
                subject: Some(UserId(maker)),
            };
            record(conn, &entry, now)?;
            Ok(true)
        })
        .await??;
    let _ = revoked;
    Ok(redirect_with_flash(&req, "/invites", Flash::InviteRevoked))
}

/// One member in the invite tree, with whom they invited.
struct TreeNode {
    id: i64,
    name: String,
    role: Role,
    children: Vec<TreeNode>,
}

/// The tree as the page draws it: nested lists, opened and closed in order.
pub enum TreeEvent {
    /// Start a list of people invited by the item before.
    Open,
    /// A member: id, name and role.
    Item(i64, String, Role),
    /// End the current item.
    EndItem,
    /// End the current list.
    Close,
}

fn flatten(nodes: &[TreeNode], events: &mut Vec<TreeEvent>) {
    events.push(TreeEvent::Open);
    for node in nodes {
        events.push(TreeEvent::Item(node.id, node.name.clone(), node.role));
        if !node.children.is_empty() {
            flatten(&node.children, events);
        }
        events.push(TreeEvent::EndItem);
    }
    events.push(TreeEvent::Close);
}

/// The tree page.
#[derive(Template)]
#[template(path = "invites/tree.html")]
pub struct TreePage {
    ctx: PageContext,
    events: Vec<TreeEvent>,
    empty: bool,
    /// More members than [`TREE_MAX`]: the page says it shows only the first.
    cut: bool,
}

/// `GET /moderation/invites`: who invited whom.
pub async fn tree(
    ctx: PageContext,
    state: web::Data<AppState>,
    _moderator: Moderator,
) -> Result<HttpResponse, AppError> {
    let (edges, root_names) = state
        .db
        .run(|conn| {
            let edges = db::invitations(conn)?;
            let invited: std::collections::HashSet<i64> = edges.iter().map(|e| e.0).collect();
            let mut roots: Vec<i64> = edges
                .iter()
                .map(|e| e.3)
                .filter(|id| !invited.contains(id))
                .collect();
            roots.sort_unstable();
            roots.dedup();
            let names = db::names(conn, &roots)?;
            Ok((edges, names))
        })
        .await?;
    let (roots, cut) = draw(root_names, &edges, TREE_MAX);
    let mut events = Vec::new();
    flatten(&roots, &mut events);
    let empty = roots.is_empty();
    render(
        StatusCode::OK,
        &TreePage {
            ctx,
            events,
            empty,
            cut,
        },
    )
}

/// The deepest the tree is drawn; invitation chains cannot loop (a member
/// is invited once, by someone who joined before), but the page stays
/// bounded whatever the data.
const TREE_DEPTH: usize = 30;

/// The most members the tree draws: past that the page says so, and a
/// member's own page shows who invited them and whom they invited.
pub const TREE_MAX: usize = 1_000;

/// Who each member invited: indexes into the edges, in order of joining.
type Children = HashMap<i64, Vec<usize>>;

fn build(
    (id, name, role): (i64, String, Role),
    edges: &[(i64, String, Role, i64)],
    children_of: &Children,
    left: &mut usize,
    depth: usize,
) -> TreeNode {
    *left = left.saturating_sub(1);
    let mut children = Vec::new();
    if depth < TREE_DEPTH {
        for &n in children_of.get(&id).map_or(&[][..], Vec::as_slice) {
            if *left == 0 {
                break;
            }
            let (child, child_name, child_role, _) = &edges[n];
            children.push(build(
                (*child, child_name.clone(), *child_role),
                edges,
                children_of,
                left,
                depth + 1,
            ));
        }
    }
    TreeNode {
        id,
        name,
        role,
        children,
    }
}

/// The tree from its roots (members who joined without an invite), in
/// order of joining, drawing at most `most` members; `true` if some were
/// left out.
fn draw(
    mut roots: Vec<(i64, String, Role)>,
    edges: &[(i64, String, Role, i64)],
    most: usize,
) -> (Vec<TreeNode>, bool) {
    let mut children_of: Children = HashMap::new();
    for (n, (_, _, _, inviter)) in edges.iter().enumerate() {
        children_of.entry(*inviter).or_default().push(n);
    }
    roots.sort_by_key(|(id, _, _)| *id);
    let everyone = edges.len() + roots.len();
    let mut left = most;
    let mut drawn = Vec::new();
    for root in roots {
        if left == 0 {
            break;
        }
        drawn.push(build(root, edges, &children_of, &mut left, 0));
    }
    (drawn, most - left < everyone)
}

/// Registers the routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/invites")
            .route(web::get().to(list))
            .route(web::post().to(create)),
    )
    .route("/invites/{id}/revoke", web::post().to(revoke))
    .route("/moderation/invites", web::get().to(tree));
}

#[cfg(test)]
mod tests {
    use super::{new_code, normalise_code};
    use crate::kernel::identity::Role;

    #[test]
    fn codes_are_three_groups_of_four_unambiguous_characters() {
        let code = new_code();
        assert_eq!(code.len(), 14);
        assert!(
            code.chars()
                .all(|c| c == '-' || super::ALPHABET.contains(&(c as u8)))
        );
        assert_ne!(new_code(), code);
    }

    #[test]
    fn typed_codes_are_read_whatever_their_case_and_spacing() {
        assert_eq!(normalise_code(" abcd efgh-jk23 "), "ABCD-EFGH-JK23");
        assert_eq!(normalise_code("ABCD-EFGH-JK23"), "ABCD-EFGH-JK23");
    }

    fn count(nodes: &[super::TreeNode]) -> usize {
        nodes.iter().map(|n| 1 + count(&n.children)).sum()
    }

    fn member(id: i64, inviter: i64) -> (i64, String, Role, i64) {
        (id, format!("Member {id}"), Role::Member, inviter)
    }

    #[test]
    fn the_tree_draws_who_invited_whom_in_order_of_joining() {
        // 1 invited 3 and 4; 3 invited 5; 2 invited nobody who joined.
        let edges = vec![member(3, 1), member(4, 1), member(5, 3)];
        let roots = vec![(1, "Founder".into(), Role::Admin)];
        let (tree, cut) = super::draw(roots, &edges, super::TREE_MAX);
        assert!(!cut);
        assert_eq!(tree.len(), 1);
        let invited: Vec<i64> = tree[0].children.iter().map(|n| n.id).collect();
        assert_eq!(invited, vec![3, 4]);
        assert_eq!(tree[0].children[0].children[0].id, 5);
    }

    #[test]
    fn a_long_tree_stops_at_its_limit_and_says_so() {
        let edges: Vec<_> = (2..=3_000).map(|id| member(id, id / 2)).collect();
        let roots = vec![(1, "Founder".into(), Role::Admin)];
        let (tree, cut) = super::draw(roots, &edges, super::TREE_MAX);
        assert!(cut);
        assert_eq!(count(&tree), super::TREE_MAX);
        let (whole, cut) = super::draw(vec![(1, "Founder".into(), Role::Admin)], &edges, 3_000);
        assert!(!cut);
        assert_eq!(count(&whole), 3_000);
    }
}
