//! What members chose about mail (`mail_settings`; no row: the defaults).

use diesel::prelude::*;

use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::mail_settings;
use crate::kernel::identity::UserId;
use crate::kernel::ids::CategoryId;
use crate::notifications::topics::{Choice, Topic};

/// A member's mail settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The choice for each topic, in [`Topic::ALL`]'s order.
    pub choices: [Choice; 9],
    /// The digest's hour, 0 to 23, the neighbourhood's time.
    pub digest_hour: i32,
    /// Categories of new needs in the digest; empty for all.
    pub categories: Vec<CategoryId>,
    /// Up to when the last digest reported.
    pub digest_through: Timestamp,
}

/// The hour the digest goes out unless a member picks another.
pub const DEFAULT_DIGEST_HOUR: i32 = 18;

impl Default for Settings {
    fn default() -> Self {
        Self {
            choices: Topic::ALL.map(Topic::default_choice),
            digest_hour: DEFAULT_DIGEST_HOUR,
            categories: Vec::new(),
            digest_through: Timestamp(0),
        }
    }
}

impl Settings {
    /// The choice for `topic`.
    pub fn choice(&self, topic: Topic) -> Choice {
        Topic::ALL
            .iter()
            .position(|t| *t == topic)
            .map_or(Choice::Off, |i| self.choices[i])
    }

    /// Sets the choice for `topic` (one it offers).
    pub fn set(&mut self, topic: Topic, choice: Choice) {
        if let Some(i) = Topic::ALL.iter().position(|t| *t == topic)
            && topic.choices().contains(&choice)
        {
            self.choices[i] = choice;
        }
    }

    /// Whether any topic comes in the digest.
    pub fn wants_digest(&self) -> bool {
        self.choices.contains(&Choice::Digest)
    }
}

type Row = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    i32,
    String,
    i64,
);

fn from_row(row: Row) -> Settings {
    let words = [
        row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8,
    ];
    let mut settings = Settings::default();
    for (topic, word) in Topic::ALL.into_iter().zip(words) {
        if let Some(choice) = Choice::from_word(&word) {
            settings.set(topic, choice);
        }
    }
    settings.digest_hour = row.9.clamp(0, 23);
    settings.categories = row
        .10
        .split(',')
        .filter_map(|id| id.trim().parse().ok().map(CategoryId))
        .collect();
    settings.digest_through = Timestamp(row.11);
    settings
}

/// Every column but the member's, in [`Row`]'s order.
#[diesel::dsl::auto_type]
fn columns() -> _ {
    (
        mail_settings::offers,
        mail_settings::answers,
        mail_settings::changes,
        mail_settings::messages,
        mail_settings::thanks,
        mail_settings::reminders,
        mail_settings::account,
        mail_settings::new_needs,
        mail_settings::staff,
        mail_settings::digest_hour,
        mail_settings::categories,
        mail_settings::digest_through,
    )
}

/// A member's settings, or the defaults.
pub fn load(conn: &mut DbConnection, user: UserId) -> QueryResult<Settings> {
    let row: Option<Row> = mail_settings::table
        .find(user)
        .select(columns())
        .first(conn)
        .optional()?;
    Ok(row.map(from_row).unwrap_or_default())
}

/// Saves a member's settings (all but how far the digest got).
pub fn save(conn: &mut DbConnection, user: UserId, settings: &Settings) -> QueryResult<()> {
    ensure_row(conn, user)?;
    let word = |topic: Topic| settings.choice(topic).as_str();
    let categories = settings
        .categories
        .iter()
        .map(|c| c.0.to_string())
        .collect::<Vec<_>>()
        .join(",");
    diesel::update(mail_settings::table.find(user))
        .set((
            mail_settings::offers.eq(word(Topic::Offers)),
            mail_settings::answers.eq(word(Topic::Answers)),
            mail_settings::changes.eq(word(Topic::Changes)),
            mail_settings::messages.eq(word(Topic::Messages)),
            mail_settings::thanks.eq(word(Topic::Thanks)),
            mail_settings::reminders.eq(word(Topic::Reminders)),
            mail_settings::account.eq(word(Topic::Account)),
            mail_settings::new_needs.eq(word(Topic::NewNeeds)),
            mail_settings::staff.eq(word(Topic::Staff)),
            mail_settings::digest_hour.eq(settings.digest_hour),
            mail_settings::categories.eq(categories),
        ))
        .execute(conn)
        .map(drop)
}

/// Records that a member's digest reported up to `through`.
pub fn digest_sent(conn: &mut DbConnection, user: UserId, through: Timestamp) -> QueryResult<()> {
    ensure_row(conn, user)?;
    diesel::update(mail_settings::table.find(user))
        .set(mail_settings::digest_through.eq(through))
        .execute(conn)
        .map(drop)
}

/// Makes the member's row with the defaults, if there is none.
fn ensure_row(conn: &mut DbConnection, user: UserId) -> QueryResult<()> {
    let insert = diesel::insert_into(mail_settings::table).values(mail_settings::user_id.eq(user));
    match conn {
        DbConnection::Sqlite(c) => insert.on_conflict_do_nothing().execute(c)?,
        DbConnection::Pg(c) => insert.on_conflict_do_nothing().execute(c)?,
    };
    Ok(())
}

/// Members who take a digest at `hour` and whose last one reported before
/// `before`, with their settings.
pub fn due_for_digest(
    conn: &mut DbConnection,
    hour: i32,
    before: Timestamp,
) -> QueryResult<Vec<(UserId, Settings)>> {
    let rows: Vec<(UserId, Row)> = mail_settings::table
        .filter(mail_settings::digest_hour.eq(hour))
        .filter(mail_settings::digest_through.lt(before))
        .select((mail_settings::user_id, columns()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(user, row)| (user, from_row(row)))
        .filter(|(_, settings)| settings.wants_digest())
        .collect())
}
