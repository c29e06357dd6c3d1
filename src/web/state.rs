//! The state every request and background job can reach: the database,
//! the configuration, and the parts of the web layer that live as long as
//! the server (cookie names, rate limits, password hashing, metrics, the
//! site's settings). A feature that keeps something for the whole run (a
//! cache) has it put into [`Parts`] by the app and reads it with
//! [`AppState::part`]; the web layer never names a feature's types.

use std::any::{Any, TypeId, type_name};
use std::collections::HashMap;

use crate::config::Config;
use crate::config::site::SettingsCache;
use crate::db::Db;
use crate::kernel::passwords::Passwords;
use crate::web::metrics::Metrics;
use crate::web::ratelimit::Limiter;
use crate::web::session::CookieNames;

/// What every request can reach.
#[derive(Debug)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// The configuration it runs with.
    pub config: Config,
    /// Cookie names for this site.
    pub cookies: CookieNames,
    /// Rate-limit buckets (shared by every process on PostgreSQL).
    pub limiter: Limiter,
    /// Password hashing.
    pub passwords: Passwords,
    /// Site settings.
    pub settings: SettingsCache,
    /// What the server counts for `/metrics`.
    pub metrics: Metrics,
    /// Whether other processes' changes are being heard (PostgreSQL).
    pub changes: std::sync::Arc<crate::db::changes::ListenerStatus>,
    /// The features' own long-lived parts.
    pub parts: Parts,
}

impl AppState {
    /// The feature part of type `T`, which the app put in when it built
    /// the state. A missing part is a fault in the app's wiring, found by
    /// the first test that opens a page using it.
    pub fn part<T: Any>(&self) -> &T {
        self.parts
            .0
            .get(&TypeId::of::<T>())
            .and_then(|part| part.downcast_ref())
            .unwrap_or_else(|| panic!("the app did not put {} into the state", type_name::<T>()))
    }
}

/// The features' long-lived parts, one of each type.
#[derive(Default)]
pub struct Parts(HashMap<TypeId, Box<dyn Any + Send + Sync>>);

impl Parts {
    /// Adds `part`, in place of any earlier one of its type.
    #[must_use]
    pub fn with<T: Any + Send + Sync>(mut self, part: T) -> Self {
        self.0.insert(TypeId::of::<T>(), Box::new(part));
        self
    }
}

impl std::fmt::Debug for Parts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Parts({})", self.0.len())
    }
}

/// Counts what waits for the moderators, for the "Moderation (6)" link:
/// given by the app (the moderation feature owns the count), read in the
/// session lookup for staff only.
pub struct WaitingCount(Box<Counter>);

/// A function counting rows.
type Counter = dyn Fn(&mut crate::db::DbConnection) -> diesel::QueryResult<i64> + Send + Sync;

impl WaitingCount {
    /// A counter that runs `count`.
    pub fn new(
        count: impl Fn(&mut crate::db::DbConnection) -> diesel::QueryResult<i64> + Send + Sync + 'static,
    ) -> Self {
        Self(Box::new(count))
    }

    /// The count now.
    pub fn count(&self, conn: &mut crate::db::DbConnection) -> diesel::QueryResult<i64> {
        (self.0)(conn)
    }
}

#[cfg(test)]
mod tests {
    use super::Parts;

    #[test]
    fn a_part_is_found_by_its_type() {
        let parts = Parts::default().with(7_u32).with(String::from("board"));
        let found = parts.0.get(&std::any::TypeId::of::<String>());
        assert_eq!(
            found
                .and_then(|p| p.downcast_ref::<String>())
                .map(String::as_str),
            Some("board")
        );
        assert!(!parts.0.contains_key(&std::any::TypeId::of::<i64>()));
    }
}
