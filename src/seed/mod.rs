//! `kith seed`: realistic, varied, deterministic neighbourhood data for
//! demos and benchmarks. Every seeded member has an address at
//! [`db::DEMO_DOMAIN`] and the password [`DEMO_PASSWORD`].

pub mod db;

use std::time::Instant;

use chrono::{Days, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::db::DbConnection;
use crate::needs::{FLEXIBLE_SORT_DATE, NeedStatus, OfferStatus, Outcome};
use db::{SeedMessage, SeedNeed, SeedOffer, SeedThanks, SeedUser};

/// The password of every seeded member.
pub const DEMO_PASSWORD: &str = "kith demo neighbour";
/// Rows per insert statement (within both backends' bind limits).
const BATCH: usize = 1_000;

/// What to seed.
#[derive(Clone, Copy, Debug)]
pub struct SeedOptions {
    /// Members to add.
    pub members: u32,
    /// Needs to add.
    pub needs: u32,
    /// The seed of the random choices; the same seed gives the same data.
    pub seed: u64,
    /// Seed even though real members exist.
    pub force: bool,
}

/// What was seeded.
#[derive(Clone, Copy, Debug, Default)]
pub struct SeedReport {
    /// Members added.
    pub members: usize,
    /// Needs added.
    pub needs: usize,
    /// Offers added.
    pub offers: usize,
    /// Messages added.
    pub messages: usize,
    /// Thank-you notes added.
    pub thanks: usize,
    /// Seconds taken.
    pub seconds: f64,
}

const FIRST: [&str; 40] = [
    "Amara",
    "Ben",
    "Chen",
    "Dana",
    "Esi",
    "Fatima",
    "Gabriel",
    "Hana",
    "Ivo",
    "Jun",
    "Kofi",
    "Lena",
    "Mo",
    "Nia",
    "Olu",
    "Pia",
    "Quinn",
    "Rosa",
    "Sol",
    "Tara",
    "Uma",
    "Vera",
    "Wen",
    "Xena",
    "Yusuf",
    "Zoë",
    "Agnieszka",
    "Bilal",
    "Carmen",
    "Dmitri",
    "Eilidh",
    "Farid",
    "Greta",
    "Hiroshi",
    "Ines",
    "Jamal",
    "Kateryna",
    "Luis",
    "Maeve",
    "Noor",
];
const LAST: [&str; 30] = [
    "Okafor", "Smith", "Nowak", "García", "Mensah", "Khan", "Rossi", "Tanaka", "Petrov", "Kim",
    "Boateng", "Müller", "Farah", "Adeyemi", "Jensen", "O'Neill", "Silva", "Novak", "Haddad",
    "Murphy", "Ivanova", "Nguyen", "Costa", "Brown", "Ali", "Horvat", "Santos", "Walsh", "Yilmaz",
    "Dubois",
];
const STREETS: [&str; 16] = [
    "Elm Street",
    "Oak Road",
    "Mill Lane",
    "Station Road",
    "Church Walk",
    "Orchard Close",
    "the library",
    "the park gates",
    "Victoria Terrace",
    "Canal Side",
    "the health centre",
    "Bakers Row",
    "Hill Crescent",
    "the primary school",
    "Market Square",
    "Willow Court",
];
const ABOUT: [&str; 6] = [
    "Retired nurse, happy to help with lifts and check-ins.",
    "I work from home and can pop round most afternoons.",
    "Keen gardener with a van.",
    "New to the area and keen to meet neighbours.",
    "Good with computers and phones; patient with questions.",
    "",
];
/// Titles per category position (1 to 9), then details.
const TITLES: [&[&str]; 9] = [
    &[
        "Pick up a prescription",
        "Weekly shop from the supermarket",
        "Post a parcel at the post office",
        "Collect a repaired watch",
    ],
    &[
        "Lift to the clinic",
        "Lift to the station for an early train",
        "Drive me to the hospital appointment",
        "Lift to the polling station",
    ],
    &[
        "Help carrying a sofa upstairs",
        "Fix a leaking tap",
        "Put up two shelves",
        "Change a ceiling light bulb",
        "Move boxes to the loft",
    ],
    &[
        "Mow the front lawn",
        "Prune the apple tree",
        "Clear leaves from the path",
        "Water the allotment while I'm away",
    ],
    &[
        "Feed my cat while I'm in hospital",
        "Walk the dog on weekday mornings",
        "Take the rabbit to the vet",
    ],
    &[
        "Pick up the children from school",
        "Help with maths homework",
        "Babysit for an hour on Thursday",
    ],
    &[
        "A weekly chat over tea",
        "Check on my mother after her fall",
        "Company on a walk round the park",
    ],
    &[
        "Set up a new phone",
        "Help with an online form",
        "Show me how to video call my grandchildren",
        "Fix the home printer",
    ],
    &[
        "Borrow a ladder",
        "Help writing a letter to the council",
        "Carry the recycling bins out",
    ],
];
const DETAILS: [&str; 8] = [
    "It should take about an hour.",
    "I can't manage the stairs at the moment.",
    "Any time in the morning suits me.",
    "I'll have tea and biscuits ready.",
    "There's parking right outside.",
    "Happy to pay for petrol.",
    "See the times here: https://example.org/timetable",
    "My knee is still healing, so I can't do it myself.",
];
const OFFER_MESSAGES: [&str; 5] = [
    "I can help with this.",
    "Happy to, I'm free that day.",
    "I live nearby, count me in.",
    "",
    "I've done this before.",
];
const MESSAGES: [&str; 5] = [
    "What time suits you best?",
    "Ten o'clock would be perfect, thank you!",
    "I'll ring the bell when I arrive.",
    "Is there somewhere to park?",
    "Thanks again, see you then.",
];
const THANKS: [&str; 4] = [
    "Thank you so much, you made my week!",
    "Couldn't have managed without you.",
    "So kind of you to give up your morning.",
    "Thank you, neighbour!",
];

fn pick<T: Copy>(rng: &mut StdRng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// Seeds the database; refuses when real members exist unless forced.
pub fn seed(
    conn: &mut DbConnection,
    options: SeedOptions,
    now: i64,
    today: NaiveDate,
    password_hash: &str,
) -> Result<SeedReport, String> {
    let started = Instant::now();
    let real = db::real_members(conn).map_err(|e| e.to_string())?;
    if real > 0 && !options.force {
        return Err(format!(
            "this database has {real} real member(s); seeding would mix demo data with theirs. Use --force to seed anyway."
        ));
    }
    if options.members < 2 && options.needs > 0 {
        return Err(
            "seeding needs needs at least 2 members (someone to ask and someone to help)".into(),
        );
    }
    let categories = crate::needs::db::list_categories(conn, false).map_err(|e| e.to_string())?;
    if categories.is_empty() {
        return Err("there are no categories to file needs under".into());
    }
    let mut rng = StdRng::seed_from_u64(options.seed);
    let mut report = SeedReport::default();
    crate::db::write_tx(conn, |conn| -> diesel::QueryResult<()> {
        let first_index = db::demo_members(conn)?;
        let mut members = Vec::with_capacity(options.members as usize);
        for chunk_start in (0..options.members).step_by(BATCH) {
            let rows: Vec<SeedUser> = (chunk_start
                ..(chunk_start + BATCH as u32).min(options.members))
                .map(|i| SeedUser {
                    email: format!("member{}{}", first_index + i64::from(i), db::DEMO_DOMAIN),
                    display_name: format!("{} {}", pick(&mut rng, &FIRST), pick(&mut rng, &LAST)),
                    password_hash: password_hash.to_owned(),
                    role: "member",
                    created_at: now - rng.random_range(0..730 * 86_400),
                    about: pick(&mut rng, &ABOUT).to_owned(),
                    area: pick(&mut rng, &STREETS).to_owned(),
                })
                .collect();
            members.extend(db::insert_users(conn, &rows)?);
        }
        report.members = members.len();

        for chunk_start in (0..options.needs).step_by(BATCH) {
            let count = (options.needs - chunk_start).min(BATCH as u32) as usize;
            let planned: Vec<(SeedNeed, usize)> = (0..count)
                .map(|_| plan_need(&mut rng, &members, &categories, now, today))
                .collect();
            let (rows, authors): (Vec<SeedNeed>, Vec<usize>) = planned.into_iter().unzip();
            let ids = db::insert_needs(conn, &rows)?;
            report.needs += ids.len();
            let mut offers = Vec::new();
            let mut offer_plans = Vec::new();
            for ((need, id), author) in rows.iter().zip(&ids).zip(&authors) {
                plan_offers(
                    &mut rng,
                    need,
                    *id,
                    *author,
                    &members,
                    &mut offers,
                    &mut offer_plans,
                );
            }
            let offer_ids = db::insert_offers(conn, &offers)?;
            report.offers += offer_ids.len();
            let mut messages = Vec::new();
            let mut thanks = Vec::new();
            for ((offer, offer_id), (author_id, outcome)) in
                offers.iter().zip(&offer_ids).zip(&offer_plans)
            {
                if rng.random_bool(0.3) {
                    for (n, body) in MESSAGES.iter().take(rng.random_range(1..=3)).enumerate() {
                        let from = if n % 2 == 0 {
                            offer.volunteer_id
                        } else {
                            *author_id
                        };
                        messages.push(SeedMessage {
                            offer_id: *offer_id,
                            author_id: from,
                            body,
                            created_at: offer.created_at + 600 * n as i64,
                        });
                    }
                }
                if offer.status == OfferStatus::Accepted.as_str()
                    && *outcome == Some(Outcome::Helped.as_str())
                    && rng.random_bool(0.6)
                {
                    thanks.push(SeedThanks {
                        need_id: offer.need_id,
                        volunteer_id: offer.volunteer_id,
                        author_id: *author_id,
                        note: pick(&mut rng, &THANKS),
                        shown: rng.random_bool(0.5),
                        created_at: offer.updated_at,
                    });
                }
            }
            for chunk in messages.chunks(BATCH) {
                report.messages += db::insert_messages(conn, chunk)?;
            }
            for chunk in thanks.chunks(BATCH) {
                report.thanks += db::insert_thanks(conn, chunk)?;
            }
        }
        // Written in bulk, so the profiles' counts are made in one pass.
        crate::people::db::recount_help(conn)?;
        Ok(())
    })
    .map_err(|e| format!("seeding failed: {e}"))?;
    db::analyze(conn).map_err(|e| e.to_string())?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// One need, and the index of its author among `members`.
fn plan_need(
    rng: &mut StdRng,
    members: &[i64],
    categories: &[crate::needs::Category],
    now: i64,
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
    let created_at = now - rng.random_range(3_600..30 * 86_400) + offset.min(0) * 86_400;
    let closed = status
        .is_closed()
        .then(|| created_at + rng.random_range(3_600..10 * 86_400));
    let need = SeedNeed {
        author_id: members[author],
        title,
        details,
        category_id: category.id.0,
        when_kind: if flexible {
            "flexible"
        } else if window {
            "window"
        } else {
            "date"
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
            "urgent"
        } else {
            "normal"
        },
        private_details: format!(
            "Flat {}, door code {}",
            rng.random_range(1..40),
            rng.random_range(1000..9999)
        ),
        status: status.as_str(),
        outcome: outcome.map(Outcome::as_str),
        created_at,
        updated_at: closed.unwrap_or(created_at),
        closed_at: closed,
    };
    (need, author)
}

/// Offers on one need: the accepted ones its count says, and some others.
fn plan_offers(
    rng: &mut StdRng,
    need: &SeedNeed,
    need_id: i64,
    author: usize,
    members: &[i64],
    offers: &mut Vec<SeedOffer>,
    plans: &mut Vec<(i64, Option<&'static str>)>,
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
        } else if need.status == NeedStatus::Open.as_str() {
            OfferStatus::Pending
        } else {
            pick(rng, &[OfferStatus::Declined, OfferStatus::Withdrawn])
        };
        let created_at = need.created_at + rng.random_range(600..2 * 86_400);
        offers.push(SeedOffer {
            need_id,
            volunteer_id: members[volunteer],
            message: pick(rng, &OFFER_MESSAGES),
            status: status.as_str(),
            created_at,
            updated_at: created_at + 3_600,
        });
        plans.push((need.author_id, need.outcome));
    }
}
