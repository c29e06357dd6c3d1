//! Making up one need and the offers on it: when, where and how it ended,
//! chosen so the board looks like a lived-in neighbourhood's.

use chrono::{Days, NaiveDate};
use rand::Rng;
use rand::rngs::StdRng;

use super::db::{SeedNeed, SeedOffer};
use super::words::{DETAILS, OFFER_MESSAGES, STREETS, TITLES, pick};
use crate::clock::Timestamp;
use crate::kernel::identity::UserId;
use crate::needs::{
    FLEXIBLE_SORT_DATE, NeedId, NeedStatus, OfferStatus, Outcome, Urgency, WhenKind,
};

/// One need, and the index of its author among `members`.
pub(super) fn plan_need(
    rng: &mut StdRng,
    members: &[UserId],
    categories: &[crate::needs::Category],
    now: Timestamp,
    today: NaiveDate,
) -> (SeedNeed, usize) {
    let author = rng.random_range(0..members.len());
    let position = rng.random_range(0..categories.len());
    let category = &categories[position];
    let title = pick(rng, TITLES[position.min(TITLES.len() - 1)]).to_owned();
    let details = (0..rng.random_range(1..=3))
        .map(|_| pick(rng, &DETAILS))
        .collect::<Vec<_>>()
        .join(" ");
    let offset: i64 = rng.random_range(-60..=60);
    let flexible = rng.random_bool(0.2);
    let date = if offset >= 0 {
        today.checked_add_days(Days::new(offset.unsigned_abs()))
    } else {
        today.checked_sub_days(Days::new(offset.unsigned_abs()))
    }
    .unwrap_or(today);
    let window = !flexible && rng.random_bool(0.15);
    let past = !flexible && offset < 0;
    let helpers_wanted = if rng.random_bool(0.8) {
        1
    } else {
        rng.random_range(2..=4)
    };
    let (status, outcome) = if past || (flexible && rng.random_bool(0.4)) {
        match rng.random_range(0..20) {
            0..=11 => (NeedStatus::Done, Some(Outcome::Helped)),
            12..=13 => (
                NeedStatus::Done,
                Some(if rng.random_bool(0.5) {
                    Outcome::NotNeeded
                } else {
                    Outcome::NotArranged
                }),
            ),
            14..=16 => (NeedStatus::Expired, None),
            _ => (NeedStatus::Cancelled, None),
        }
    } else if rng.random_bool(0.25) {
        (NeedStatus::Filled, None)
    } else {
        (NeedStatus::Open, None)
    };
    let accepted = match (status, outcome) {
        (NeedStatus::Filled, _) | (NeedStatus::Done, Some(Outcome::Helped)) => helpers_wanted,
        (NeedStatus::Open, _) => rng.random_range(0..helpers_wanted),
        _ => 0,
    };
    let created_at = now
        .minus(rng.random_range(3_600..30 * 86_400))
        .plus(offset.min(0) * 86_400);
    let closed = status
        .is_closed()
        .then(|| created_at.plus(rng.random_range(3_600..10 * 86_400)));
    let need = SeedNeed {
        author_id: members[author],
        title,
        details,
        category_id: category.id,
        when_kind: if flexible {
            WhenKind::Flexible
        } else if window {
            WhenKind::Window
        } else {
            WhenKind::Date
        },
        need_date: (!flexible).then(|| date.to_string()),
        start_time: window.then_some("10:00"),
        end_time: window.then_some("12:30"),
        sort_date: if flexible {
            FLEXIBLE_SORT_DATE.to_owned()
        } else {
            date.to_string()
        },
        place: pick(rng, &STREETS),
        helpers_wanted,
        accepted_count: accepted,
        urgency: if rng.random_bool(0.15) {
            Urgency::Urgent
        } else {
            Urgency::Normal
        },
        private_details: format!(
            "Flat {}, door code {}",
            rng.random_range(1..40),
            rng.random_range(1000..9999)
        ),
        status,
        outcome,
        created_at,
        updated_at: closed.unwrap_or(created_at),
        closed_at: closed,
    };
    (need, author)
}

/// Offers on one need: the accepted ones its count says, and some others.
pub(super) fn plan_offers(
    rng: &mut StdRng,
    need: &SeedNeed,
    need_id: NeedId,
    author: usize,
    members: &[UserId],
    offers: &mut Vec<SeedOffer>,
    plans: &mut Vec<(UserId, Option<Outcome>)>,
) {
    let others = rng.random_range(0..=2);
    let wanted = usize::try_from(need.accepted_count).unwrap_or(0) + others;
    let mut volunteers: Vec<usize> = Vec::with_capacity(wanted);
    let limit = members.len().saturating_sub(1);
    while volunteers.len() < wanted.min(limit) {
        let candidate = rng.random_range(0..members.len());
        if candidate != author && !volunteers.contains(&candidate) {
            volunteers.push(candidate);
        }
    }
    for (n, volunteer) in volunteers.into_iter().enumerate() {
        let status = if n < usize::try_from(need.accepted_count).unwrap_or(0) {
            OfferStatus::Accepted
        } else if need.status == NeedStatus::Open {
            OfferStatus::Pending
        } else {
            pick(rng, &[OfferStatus::Declined, OfferStatus::Withdrawn])
        };
        let created_at = need.created_at.plus(rng.random_range(600..2 * 86_400));
        offers.push(SeedOffer {
            need_id,
            volunteer_id: members[volunteer],
            message: pick(rng, &OFFER_MESSAGES),
            status,
            created_at,
            updated_at: created_at.plus(3_600),
        });
        plans.push((need.author_id, need.outcome));
    }
}
