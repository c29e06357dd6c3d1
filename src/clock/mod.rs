//! Time, from one place, so tests can move it instead of waiting.
//!
//! A moment is a [`Timestamp`]: whole seconds of Unix time, read and
//! written by diesel as the `BigInt` column it is stored in. A span of
//! time (a lifetime, a window, a suspension's length) stays a plain `i64`
//! of seconds; the arithmetic between the two is spelled out:
//! [`Timestamp::plus`] and [`Timestamp::minus`] move a moment by seconds,
//! [`Timestamp::seconds_since`] measures between two moments.
//!
//! Every moment a page shows is told in the neighbourhood's time zone, a
//! [`Zone`] the [`Clock`] carries (from `--time-zone`).

mod zone;

pub use zone::Zone;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// A moment, as whole seconds of Unix time; `.0` gives the number for raw
/// statements.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::BigInt)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The moment `seconds` later.
    pub fn plus(self, seconds: i64) -> Self {
        Self(self.0 + seconds)
    }

    /// The moment `seconds` earlier.
    pub fn minus(self, seconds: i64) -> Self {
        Self(self.0 - seconds)
    }

    /// The seconds from `earlier` to this moment (negative if `earlier` is
    /// after it).
    pub fn seconds_since(self, earlier: Self) -> i64 {
        self.0 - earlier.0
    }

    /// This moment in `zone`.
    pub fn in_zone(self, zone: Zone) -> chrono::DateTime<chrono_tz::Tz> {
        zone.at(self)
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<DB> diesel::serialize::ToSql<diesel::sql_types::BigInt, DB> for Timestamp
where
    DB: diesel::backend::Backend,
    i64: diesel::serialize::ToSql<diesel::sql_types::BigInt, DB>,
{
    fn to_sql<'b>(
        &'b self,
        out: &mut diesel::serialize::Output<'b, '_, DB>,
    ) -> diesel::serialize::Result {
        self.0.to_sql(out)
    }
}

impl<DB> diesel::deserialize::FromSql<diesel::sql_types::BigInt, DB> for Timestamp
where
    DB: diesel::backend::Backend,
    i64: diesel::deserialize::FromSql<diesel::sql_types::BigInt, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
        i64::from_sql(bytes).map(Self)
    }
}

/// The current time, as Unix time, and the neighbourhood's time zone.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    // `None` reads the system clock; `Some` is a hand-moved clock in milliseconds.
    manual: Option<Arc<AtomicI64>>,
    zone: Zone,
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
            zone: Zone::UTC,
        }
    }

    /// The same clock, telling local time in `zone`.
    pub fn in_zone(self, zone: Zone) -> Self {
        Self { zone, ..self }
    }

    /// The neighbourhood's time zone.
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// `at` in the neighbourhood's time zone.
    pub fn local(&self, at: Timestamp) -> chrono::DateTime<chrono_tz::Tz> {
        self.zone.at(at)
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

    /// The current moment, in whole seconds.
    pub fn now(&self) -> Timestamp {
        Timestamp(self.now_millis().div_euclid(1000))
    }

    /// Today's date in the neighbourhood's time zone.
    pub fn today(&self) -> chrono::NaiveDate {
        self.local(self.now()).date_naive()
    }
}

#[cfg(test)]
mod tests {
    use diesel::dsl::sql;
    use diesel::prelude::*;
    use diesel::sql_types::{BigInt, Nullable};

    use super::{Clock, Timestamp, Zone};

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let clock = Clock::manual(1_000);
        assert_eq!(clock.now(), Timestamp(1_000));
        clock.advance(60);
        assert_eq!(clock.now(), Timestamp(1_060));
        assert_eq!(clock.now_millis(), 1_060_000);
    }

    #[test]
    fn the_system_clock_is_after_2026() {
        assert!(Clock::system().now() > Timestamp(1_767_225_600));
    }

    #[test]
    fn a_moment_is_written_and_read_as_its_number() {
        let mut conn = SqliteConnection::establish(":memory:").expect("in-memory database");
        let n: i64 = diesel::select(Timestamp(1_767_225_600).into_sql::<BigInt>())
            .get_result(&mut conn)
            .expect("written");
        assert_eq!(n, 1_767_225_600);
        let at: Timestamp = diesel::select(sql::<BigInt>("1767225600"))
            .get_result(&mut conn)
            .expect("read");
        assert_eq!(at, Timestamp(1_767_225_600));
        let never: Option<Timestamp> = diesel::select(sql::<Nullable<BigInt>>("NULL"))
            .get_result(&mut conn)
            .expect("read as none");
        assert_eq!(never, None);
        assert_eq!(at.to_string(), "1767225600");
    }

    #[test]
    fn a_moment_moves_by_seconds_and_measures_from_another() {
        let noon = Timestamp(43_200);
        assert_eq!(noon.plus(3_600), Timestamp(46_800));
        assert_eq!(noon.minus(3_600), Timestamp(39_600));
        assert_eq!(noon.plus(90).seconds_since(noon), 90);
        assert_eq!(noon.seconds_since(noon.plus(90)), -90);
        assert!(noon.minus(1) < noon);
    }

    #[test]
    fn a_moment_in_local_time_is_the_same_instant() {
        let london = Zone::named("Europe/London").expect("a zone");
        assert_eq!(Timestamp(86_400).in_zone(london).timestamp(), 86_400);
    }

    #[test]
    fn today_is_the_date_in_the_neighbourhoods_zone() {
        // 2026-12-01 23:30 UTC is already 2 December in Auckland.
        let clock = Clock::manual(1_796_167_800);
        assert_eq!(clock.today().to_string(), "2026-12-01");
        let auckland = Zone::named("Pacific/Auckland").expect("a zone");
        assert_eq!(clock.in_zone(auckland).today().to_string(), "2026-12-02");
    }
}
