//! Drawing the tree of who invited whom: from the members who joined
//! without an invite, in order of joining, bounded in depth and size.

use std::collections::HashMap;

use crate::kernel::identity::{Role, UserId};

/// One member in the invite tree, with whom they invited.
pub(super) struct TreeNode {
    id: UserId,
    name: String,
    role: Role,
    children: Vec<TreeNode>,
}

/// The tree as the page draws it: nested lists, opened and closed in order.
pub enum TreeEvent {
    /// Start a list of people invited by the item before.
    Open,
    /// A member: id, name and role.
    Item(UserId, String, Role),
    /// End the current item.
    EndItem,
    /// End the current list.
    Close,
}

/// The events that draw `nodes` as nested lists.
pub(super) fn flatten(nodes: &[TreeNode], events: &mut Vec<TreeEvent>) {
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

/// The deepest the tree is drawn; invitation chains cannot loop (a member
/// is invited once, by someone who joined before), but the page stays
/// bounded whatever the data.
const TREE_DEPTH: usize = 30;

/// The most members the tree draws: past that the page says so, and a
/// member's own page shows who invited them and whom they invited.
pub const TREE_MAX: usize = 1_000;

/// Who each member invited: indexes into the edges, in order of joining.
type Children = HashMap<UserId, Vec<usize>>;

fn build(
    (id, name, role): (UserId, String, Role),
    edges: &[(UserId, String, Role, UserId)],
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
pub(super) fn draw(
    mut roots: Vec<(UserId, String, Role)>,
    edges: &[(UserId, String, Role, UserId)],
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

#[cfg(test)]
mod tests {
    use crate::kernel::identity::{Role, UserId};

    fn count(nodes: &[super::TreeNode]) -> usize {
        nodes.iter().map(|n| 1 + count(&n.children)).sum()
    }

    fn member(id: i64, inviter: i64) -> (UserId, String, Role, UserId) {
        (
            UserId(id),
            format!("Member {id}"),
            Role::Member,
            UserId(inviter),
        )
    }

    #[test]
    fn the_tree_draws_who_invited_whom_in_order_of_joining() {
        // 1 invited 3 and 4; 3 invited 5; 2 invited nobody who joined.
        let edges = vec![member(3, 1), member(4, 1), member(5, 3)];
        let roots = vec![(UserId(1), "Founder".into(), Role::Admin)];
        let (tree, cut) = super::draw(roots, &edges, super::TREE_MAX);
        assert!(!cut);
        assert_eq!(tree.len(), 1);
        let invited: Vec<i64> = tree[0].children.iter().map(|n| n.id.0).collect();
        assert_eq!(invited, vec![3, 4]);
        assert_eq!(tree[0].children[0].children[0].id.0, 5);
    }

    #[test]
    fn a_long_tree_stops_at_its_limit_and_says_so() {
        let edges: Vec<_> = (2..=3_000).map(|id| member(id, id / 2)).collect();
        let roots = vec![(UserId(1), "Founder".into(), Role::Admin)];
        let (tree, cut) = super::draw(roots, &edges, super::TREE_MAX);
        assert!(cut);
        assert_eq!(count(&tree), super::TREE_MAX);
        let (whole, cut) = super::draw(
            vec![(UserId(1), "Founder".into(), Role::Admin)],
            &edges,
            3_000,
        );
        assert!(!cut);
        assert_eq!(count(&whole), 3_000);
    }
}
