//! Time, from one place, so tests can move it instead of waiting.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// The current time, as Unix time.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    // `None` reads the system clock; `Some` is a hand-moved clock in milliseconds.
    manual: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that stands still at `unix_seconds` until [`Clock::advance`] moves it.
    pub fn manual(unix_seconds: i64) -> Self {
        Self {
            manual: Some(Arc::new(AtomicI64::new(unix_seconds * 1000))),
        }
    }

    /// Moves a manual clock forward; does nothing to the system clock.
    pub fn advance(&self, seconds: i64) {
        if let Some(ms) = &self.manual {
            ms.fetch_add(seconds * 1000, Ordering::SeqCst);
        }
    }

    /// Unix time in milliseconds.
    pub fn now_millis(&self) -> i64 {
        match &self.manual {
            Some(ms) => ms.load(Ordering::SeqCst),
            None => chrono::Utc::now().timestamp_millis(),
        }
    }

    /// Unix time in seconds.
    pub fn now(&self) -> i64 {
        self.now_millis().div_euclid(1000)
    }

    /// Today's date in the server's time zone (`TZ`), which is taken to be
    /// the neighbourhood's.
    pub fn today(&self) -> chrono::NaiveDate {
        local(self.now()).date_naive()
    }
}

/// A Unix time in the server's time zone.
pub fn local(unix_seconds: i64) -> chrono::DateTime<chrono::Local> {
    chrono::DateTime::from_timestamp(unix_seconds, 0)
        .unwrap_or_default()
        .with_timezone(&chrono::Local)
}

#[cfg(test)]
mod tests {
    use super::Clock;

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let clock = Clock::manual(1_000);
        assert_eq!(clock.now(), 1_000);
        clock.advance(60);
        assert_eq!(clock.now(), 1_060);
        assert_eq!(clock.now_millis(), 1_060_000);
    }

    #[test]
    fn the_system_clock_is_after_2026() {
        assert!(Clock::system().now() > 1_767_225_600);
    }
}
