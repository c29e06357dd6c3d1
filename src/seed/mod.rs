//! `kith seed`: realistic, varied, deterministic neighbourhood data for
//! demos and benchmarks. Every seeded member has an address at
//! [`db::DEMO_DOMAIN`] and the password [`DEMO_PASSWORD`].
//!
//! The words seeded members use are in `words`; `plan` makes up each need
//! and its offers; `db` writes them in batches.

pub mod db;
mod plan;
mod words;

use std::time::Instant;

use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::kernel::identity::Role;
use crate::needs::{OfferStatus, Outcome};
use db::{SeedMessage, SeedNeed, SeedThanks, SeedUser};
use plan::{plan_need, plan_offers};
use words::{ABOUT, FIRST, LAST, MESSAGES, STREETS, THANKS, pick};

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

/// Seeds the database; refuses when real members exist unless forced.
pub fn seed(
    conn: &mut DbConnection,
    options: SeedOptions,
    now: Timestamp,
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
                    role: Role::Member,
                    created_at: now.minus(rng.random_range(0..730 * 86_400)),
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
                            created_at: offer.created_at.plus(600 * n as i64),
                        });
                    }
                }
                if offer.status == OfferStatus::Accepted
                    && *outcome == Some(Outcome::Helped)
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
