//! A need as stored, and with the names shown beside it.

use diesel::prelude::*;

use crate::clock::Timestamp;
use crate::db::schema::needs;
use crate::kernel::identity::{Role, UserId};
use crate::kernel::ids::CategoryId;
use crate::moderation::HiddenBy;
use crate::needs::forms::NeedFields;
use crate::needs::{NeedId, NeedStatus, Outcome, Urgency, When, WhenKind};

/// A need as stored.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = needs)]
pub struct NeedRow {
    /// Id.
    pub id: NeedId,
    /// Author.
    pub author_id: UserId,
    /// Title.
    pub title: String,
    /// Details.
    pub details: String,
    /// Category.
    pub category_id: CategoryId,
    /// Which kind of "when".
    pub when_kind: WhenKind,
    /// `YYYY-MM-DD`.
    pub need_date: Option<String>,
    /// `HH:MM`.
    pub start_time: Option<String>,
    /// `HH:MM`.
    pub end_time: Option<String>,
    /// Sort date.
    pub sort_date: String,
    /// Rough place.
    pub place: String,
    /// Helpers wanted.
    pub helpers_wanted: i32,
    /// Accepted so far.
    pub accepted_count: i32,
    /// How pressing.
    pub urgency: Urgency,
    /// For accepted volunteers only.
    pub private_details: String,
    /// Where it is in its life (the table's check allows no other word).
    pub status: NeedStatus,
    /// Note when cancelled.
    pub cancel_note: Option<String>,
    /// How it turned out, when done.
    pub outcome: Option<Outcome>,
    /// When it was made.
    pub created_at: Timestamp,
    /// When it was last changed.
    pub updated_at: Timestamp,
    /// Unix seconds when closed.
    pub closed_at: Option<Timestamp>,
    /// Who hid it from all but its author, if anyone did.
    pub hidden: Option<HiddenBy>,
    /// Why it was hidden.
    pub hidden_reason: String,
}

impl NeedRow {
    /// The author's id.
    pub fn author(&self) -> UserId {
        self.author_id
    }

    /// Whether a moderator hid it (rather than its author's ban).
    pub fn hidden_by_moderator(&self) -> bool {
        self.hidden == Some(HiddenBy::Moderator)
    }

    /// When help is needed.
    pub fn when(&self) -> When {
        When::from_db(
            self.when_kind,
            self.need_date.as_deref(),
            self.start_time.as_deref(),
            self.end_time.as_deref(),
        )
    }

    /// The fields as the form edits them.
    pub fn fields(&self) -> NeedFields {
        NeedFields {
            title: self.title.clone(),
            details: self.details.clone(),
            category_id: self.category_id,
            when: self.when(),
            place: self.place.clone(),
            helpers_wanted: self.helpers_wanted,
            urgency: self.urgency,
            private_details: self.private_details.clone(),
        }
    }
}

/// A need with the names shown beside it.
#[derive(Clone, Debug, Queryable)]
pub struct NeedView {
    /// The need.
    pub need: NeedRow,
    /// The author's display name.
    pub author_name: String,
    /// The author's role, for the badge beside their name.
    pub author_role: Role,
    /// The author's e-mail: shown to accepted volunteers only, and only if
    /// the author shares it ([`crate::policy::seeing::may_see_address`]).
    pub author_email: String,
    /// Whether the author chose to share their e-mail address.
    pub author_shares_email: bool,
    /// The category's name.
    pub category_name: String,
}
