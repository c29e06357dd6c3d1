//! The daily digest: once a day, at the hour each member picked (the
//! neighbourhood's time), one e-mail with the notifications they chose to
//! get that way and the new needs in the categories they picked. Nothing
//! is sent on a day with nothing new; the day still counts as reported.

use std::time::Duration;

use chrono::Timelike;

use super::super::db::mailing::{self, recipient};
use super::super::db::settings::{self as stored, Settings};
use super::super::topics::{Choice, Topic};
use super::compose::shorten;
use crate::AppState;
use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::jobs::{Job, exclusively};
use crate::error::AppError;
use crate::kernel::identity::UserId;
use crate::kernel::signed::{Claim, Signer};
use crate::mail::compose::SiteInfo;
use crate::mail::{Body, Letter, Link};

/// How often the server looks for digests due.
pub const EVERY: Duration = Duration::from_secs(5 * 60);

/// New needs one digest lists at most.
pub const NEW_NEEDS_MAX: i64 = 30;

/// What a digest's unsubscribe link turns off: every topic that comes in
/// the digest.
pub const DIGEST_OBJECT: &str = "digest";

/// Sends every digest due this hour; returns how many were sent, or
/// `None` when another process was doing it.
pub async fn send_due(state: &AppState) -> Result<Option<usize>, AppError> {
    let now = state.config.clock.now();
    let local = state.config.clock.local(now);
    let hour = i32::try_from(local.hour()).unwrap_or(0);
    let hour_began = now.minus(i64::from(local.minute() * 60 + local.second()));
    let name = state.settings.current().name.clone();
    let from = state
        .part::<crate::mail::Mailer>()
        .from(&name, &state.config.base_url);
    let site = SiteInfo {
        name,
        base_url: state.config.base_url.clone(),
        mail_domain: from.email.domain().to_owned(),
    };
    let signer = state.part::<Signer>().clone();
    let sent = state
        .db
        .run(move |conn| {
            exclusively(conn, Job::Digest, |conn| {
                let due = stored::due_for_digest(conn, hour, hour_began)?;
                let mut sent = 0;
                for (user, settings) in due {
                    let one = crate::db::write_tx(conn, |conn| {
                        digest_one(conn, user, &settings, now, &site, &signer)
                    })?;
                    sent += usize::from(one);
                }
                Ok::<_, AppError>(sent)
            })
        })
        .await?;
    Ok(sent)
}

/// Queues one member's digest if there is anything in it, and records the
/// day as reported either way; returns whether a digest was queued.
fn digest_one(
    conn: &mut DbConnection,
    user: UserId,
    settings: &Settings,
    now: Timestamp,
    site: &SiteInfo,
    signer: &Signer,
) -> Result<bool, AppError> {
    let since = if settings.digest_through.0 == 0 {
        now.minus(86_400)
    } else {
        settings.digest_through
    };
    stored::digest_sent(conn, user, now)?;
    let Some(person) = recipient(conn, user)? else {
        return Ok(false);
    };
    if !person.email_confirmed {
        return Ok(false);
    }
    // Each digest covers [since, now): what happens later in this second
    // goes in the next one, never in both and never in neither.
    let notices: Vec<(String, Option<String>)> = mailing::notices_between(conn, user, since, now)?
        .into_iter()
        .filter(|v| settings.choice(Topic::of(v.kind)) == Choice::Digest)
        .map(|v| (v.sentence(), Some(format!("{}{}", site.base_url, v.link()))))
        .collect();
    let needs: Vec<(String, Option<String>)> = if settings.choice(Topic::NewNeeds) == Choice::Digest
    {
        mailing::new_needs_between(
            conn,
            user,
            (since, now),
            &settings.categories,
            NEW_NEEDS_MAX,
        )?
        .into_iter()
        .map(|need| {
            // Title, then when, roughly where and urgency, on one line.
            let mut line = shorten(&need.title, 120);
            line.push_str(&format!(" \u{2014} {}", need.when));
            if !need.place.is_empty() {
                line.push_str(&format!(", {}", need.place));
            }
            if need.urgent {
                line.push_str(" (urgent)");
            }
            (line, Some(format!("{}/needs/{}", site.base_url, need.id)))
        })
        .collect()
    } else {
        Vec::new()
    };
    if notices.is_empty() && needs.is_empty() {
        return Ok(false);
    }
    let mut paragraphs = Vec::new();
    let mut items = Vec::new();
    if !notices.is_empty() {
        paragraphs.push(format!("Since your last digest, on {}:", site.name));
        items.extend(notices.iter().cloned());
    }
    if !needs.is_empty() {
        if notices.is_empty() {
            paragraphs.push(format!("New needs on {}:", site.name));
        }
        items.extend(
            needs
                .iter()
                .map(|(t, l)| (format!("New need: {t}"), l.clone())),
        );
    }
    let unsubscribe = format!(
        "{}/mail/unsubscribe/{}",
        site.base_url,
        signer.sign(&Claim {
            user: user.0,
            purpose: super::unsubscribe::PURPOSE.to_owned(),
            object: DIGEST_OBJECT.to_owned(),
            expires: now.plus(super::compose::UNSUBSCRIBE_LIFETIME),
        })
    );
    let count = notices.len() + needs.len();
    let subject = format!(
        "Your daily digest from {}: {count} new {}",
        site.name,
        if count == 1 { "thing" } else { "things" }
    );
    let body = Body {
        greeting: format!("Hello {},", person.display_name),
        paragraphs,
        items,
        action: Some(Link {
            label: format!("Open {}", site.name),
            url: format!("{}/", site.base_url),
        }),
        reason: format!(
            "You get this daily digest at {:02}:00 because you chose to hear about some \
             things that way on {}. Choose what you get: {}/account/notifications",
            settings.digest_hour, site.name, site.base_url
        ),
        unsubscribe: Some(unsubscribe.clone()),
        quotes: Vec::new(),
        replies_reach: None,
    };
    let (text, html) = body.render(&site.name, &subject)?;
    let letter = Letter {
        to_user: Some(user),
        to_address: person.email,
        purpose: "digest",
        subject,
        text,
        html,
        unsubscribe_url: Some(unsubscribe),
        automatic: true,
    };
    crate::mail::queue(conn, &letter, now)?;
    Ok(true)
}

/// Runs [`send_due`] every [`EVERY`], for as long as the server runs.
pub async fn run_forever(state: actix_web::web::Data<AppState>) {
    let mut ticks = tokio::time::interval(EVERY);
    loop {
        ticks.tick().await;
        let outcome = match send_due(&state).await {
            Ok(None) => "skipped",
            Ok(Some(_)) => "ok",
            Err(e) => {
                tracing::error!(error = %e, "sending digests failed");
                "failed"
            }
        };
        state.metrics.job_ran(Job::Digest.name(), outcome);
    }
}
