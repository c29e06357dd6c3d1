//! Needs: posting and managing them, volunteering, conversations between a
//! need's author and each volunteer, closing with thanks, and the board.

pub mod board;
pub mod close;
pub mod db;
pub mod expiry;
pub mod forms;
pub mod lifecycle;
pub mod limits;
pub mod messages;
pub mod mine;
pub mod offers;
pub mod post;
pub mod show;

use actix_web::web;
use chrono::{NaiveDate, NaiveTime};

pub use lifecycle::NeedStatus;

pub use crate::kernel::ids::{NeedId, OfferId};

/// A kind of need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    /// Id.
    pub id: i64,
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

/// How pressing a need is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    /// Whenever it can be arranged.
    Normal,
    /// Soon, please.
    Urgent,
}

impl Urgency {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Urgent => "urgent",
        }
    }

    /// Reads a stored or submitted word, strictly.
    pub fn parse(word: &str) -> Option<Self> {
        match word {
            "normal" => Some(Self::Normal),
            "urgent" => Some(Self::Urgent),
            _ => None,
        }
    }
}

/// When help is needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// Some time on a day.
    Date(NaiveDate),
    /// A day, between two times.
    Window(NaiveDate, NaiveTime, NaiveTime),
    /// Whenever suits.
    Flexible,
}

/// The sort date of flexible needs: after every real date.
pub const FLEXIBLE_SORT_DATE: &str = "9999-12-31";

impl When {
    /// The stored kind word.
    pub fn kind(self) -> &'static str {
        match self {
            Self::Date(_) => "date",
            Self::Window(..) => "window",
            Self::Flexible => "flexible",
        }
    }

    /// The day, unless flexible.
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Self::Date(d) | Self::Window(d, _, _) => Some(d),
            Self::Flexible => None,
        }
    }

    /// The date the board sorts by.
    pub fn sort_date(self) -> String {
        self.date()
            .map_or_else(|| FLEXIBLE_SORT_DATE.to_owned(), |d| d.to_string())
    }

    /// Rebuilds from stored columns; anything unreadable reads as flexible.
    pub fn from_db(kind: &str, date: Option<&str>, start: Option<&str>, end: Option<&str>) -> Self {
        let date = date.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let time = |t: Option<&str>| t.and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok());
        match (kind, date, time(start), time(end)) {
            ("window", Some(d), Some(s), Some(e)) => Self::Window(d, s, e),
            ("date" | "window", Some(d), _, _) => Self::Date(d),
            _ => Self::Flexible,
        }
    }

    /// "Tuesday 1 December", "Tuesday 1 December, 09:00–12:00" or "Flexible".
    pub fn describe(self) -> String {
        match self {
            Self::Date(d) => d.format("%A %-d %B %Y").to_string(),
            Self::Window(d, s, e) => format!(
                "{}, {}–{}",
                d.format("%A %-d %B %Y"),
                s.format("%H:%M"),
                e.format("%H:%M")
            ),
            Self::Flexible => "Flexible: any day that suits".to_owned(),
        }
    }
}

/// How a done need turned out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The help happened.
    Helped,
    /// It was no longer needed.
    NotNeeded,
    /// It could not be arranged.
    NotArranged,
}

impl Outcome {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Helped => "helped",
            Self::NotNeeded => "not_needed",
            Self::NotArranged => "not_arranged",
        }
    }

    /// Reads a stored or submitted word, strictly.
    pub fn parse(word: &str) -> Option<Self> {
        [Self::Helped, Self::NotNeeded, Self::NotArranged]
            .into_iter()
            .find(|o| o.as_str() == word)
    }

    /// In words.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Helped => "The help happened",
            Self::NotNeeded => "It was no longer needed",
            Self::NotArranged => "It could not be arranged",
        }
    }
}

/// Where an offer of help stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferStatus {
    /// Waiting for the author.
    Pending,
    /// The author accepted it.
    Accepted,
    /// The author declined it.
    Declined,
    /// The volunteer withdrew it.
    Withdrawn,
}

impl OfferStatus {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// Reads a stored word; anything else reads as withdrawn (inactive).
    pub fn from_db(word: &str) -> Self {
        match word {
            "pending" => Self::Pending,
            "accepted" => Self::Accepted,
            "declined" => Self::Declined,
            _ => Self::Withdrawn,
        }
    }
}

/// Registers the needs routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/needs", web::get().to(board::board))
        .service(
            web::resource("/needs/new")
                .route(web::get().to(post::new_form))
                .route(web::post().to(post::create)),
        )
        .route("/needs/mine", web::get().to(mine::mine))
        .route("/needs/helping", web::get().to(mine::helping))
        .route("/needs/{id}", web::get().to(show::show))
        .service(
            web::resource("/needs/{id}/edit")
                .route(web::get().to(post::edit_form))
                .route(web::post().to(post::update)),
        )
        .route("/needs/{id}/cancel", web::post().to(post::cancel))
        .route(
            "/needs/{id}/still-needed",
            web::post().to(post::still_needed),
        )
        .service(
            web::resource("/needs/{id}/done")
                .route(web::get().to(close::done_form))
                .route(web::post().to(close::mark_done)),
        )
        .route("/needs/{id}/volunteer", web::post().to(offers::volunteer))
        .route("/needs/{id}/withdraw", web::post().to(offers::withdraw))
        .route(
            "/needs/{id}/offers/{offer}/accept",
            web::post().to(offers::accept),
        )
        .route(
            "/needs/{id}/offers/{offer}/decline",
            web::post().to(offers::decline),
        )
        .service(
            web::resource("/needs/{id}/offers/{offer}/messages")
                .route(web::get().to(messages::thread))
                .route(web::post().to(messages::send)),
        );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_round_trips_through_its_stored_columns() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        let s = NaiveTime::from_hms_opt(9, 0, 0).expect("time");
        let e = NaiveTime::from_hms_opt(12, 30, 0).expect("time");
        assert_eq!(
            When::from_db("window", Some("2026-12-01"), Some("09:00"), Some("12:30")),
            When::Window(d, s, e)
        );
        assert_eq!(
            When::from_db("date", Some("2026-12-01"), None, None),
            When::Date(d)
        );
        assert_eq!(When::from_db("flexible", None, None, None), When::Flexible);
        assert_eq!(
            When::Window(d, s, e).describe(),
            "Tuesday 1 December 2026, 09:00–12:30"
        );
        assert_eq!(When::Flexible.sort_date(), FLEXIBLE_SORT_DATE);
    }

    #[test]
    fn words_are_parsed_strictly() {
        assert_eq!(Urgency::parse("urgent"), Some(Urgency::Urgent));
        assert_eq!(Urgency::parse("Urgent"), None);
        assert_eq!(Urgency::parse("1"), None);
        assert_eq!(Outcome::parse("helped"), Some(Outcome::Helped));
        assert_eq!(Outcome::parse("yes"), None);
    }
}
