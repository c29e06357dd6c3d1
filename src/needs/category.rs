//! The kinds of need, and the cache pages read them from.

use crate::kernel::ids::CategoryId;

/// A kind of need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    /// Id.
    pub id: CategoryId,
    /// Shown name.
    pub name: String,
    /// No longer offered for new needs.
    pub retired: bool,
}

/// The categories as last loaded, retired ones included; pages read them
/// without a query. Reloaded whenever an admin changes the list.
#[derive(Debug)]
pub struct CategoryCache(crate::db::changes::Cached<Vec<Category>>);

impl CategoryCache {
    /// Holds `categories` (in their display order), as read from `db` just now.
    pub fn new(categories: Vec<Category>, db: &crate::db::Db) -> Self {
        Self(crate::db::changes::Cached::new(
            categories,
            db.generation_counter(),
        ))
    }

    /// Every category, retired ones included.
    pub fn all(&self) -> std::sync::Arc<Vec<Category>> {
        self.0.current()
    }

    /// The categories a new need may choose.
    pub fn live(&self) -> Vec<Category> {
        self.all().iter().filter(|c| !c.retired).cloned().collect()
    }

    /// Replaces the list (after an admin changed it).
    pub fn replace(&self, categories: Vec<Category>) {
        self.0.replace(categories);
    }

    /// See [`crate::db::changes::Cached::before_reading`].
    pub fn before_reading(&self) -> u64 {
        self.0.before_reading()
    }

    /// See [`crate::db::changes::Cached::reloaded`].
    pub fn reloaded(&self, categories: Vec<Category>, seen: u64) {
        self.0.reloaded(categories, seen);
    }
}
