//! One lane of a round of delivery: takes due messages one at a time,
//! hands each over and records what came of it, until none is left.

use lettre::message::Mailbox;

use super::{Delivered, GIVE_UP_AFTER, LEASE, Mailer, pause, write_pending};
use crate::AppState;
use crate::clock::Timestamp;
use crate::error::AppError;
use crate::mail::compose::SiteInfo;
use crate::mail::db::{self, Outcome};
use crate::mail::envelope::{Envelope, compose};
use crate::mail::transport::Failure;

/// Delivers due messages one at a time until none is left, `most` have
/// gone (if given) or the server is unwell.
pub(super) async fn lane(
    state: &AppState,
    mailer: &Mailer,
    (from, domain, site): (&Mailbox, &str, &SiteInfo),
    most: Option<usize>,
) -> Result<Delivered, AppError> {
    let mut done = Delivered::default();
    loop {
        if most.is_some_and(|most| done.sent + done.failed + done.retrying >= most) {
            return Ok(done);
        }
        let now = state.config.clock.now();
        let sender = mailer.name.clone();
        let taken = state
            .db
            .run(move |conn| Ok(db::take_next(conn, &sender, now, now.plus(LEASE))?))
            .await?;
        let Some(mut row) = taken else {
            return Ok(done);
        };
        let mut reply_to = None;
        if !row.about.is_empty() && row.text_body.is_empty() {
            match write_pending(state, mailer, &row, site).await {
                Ok(Some(written)) => {
                    row.subject = written.subject;
                    row.text_body = written.text;
                    row.html_body = written.html;
                    row.unsubscribe_url = written.unsubscribe_url.unwrap_or_default();
                    reply_to = written.reply_to;
                }
                Ok(None) => {
                    let sender = mailer.name.clone();
                    state
                        .db
                        .run(move |conn| Ok(db::discard(conn, row.id, &sender)?))
                        .await?;
                    continue;
                }
                Err(e) => {
                    // Left to its lease: tried again when that runs out.
                    tracing::error!(error = %e, "writing a message failed");
                    return Ok(done);
                }
            }
        }
        let message_id = format!("{}@{domain}", row.message_id);
        // VERP: a report that this message did not arrive comes back to an
        // address naming it (`kith mail receive` reads it).
        let bounce_to = format!(
            "{}{}@{domain}",
            crate::mail::receive::BOUNCE_PREFIX,
            row.message_id
        );
        let envelope = Envelope {
            from,
            to: &row.to_address,
            subject: &row.subject,
            text: &row.text_body,
            html: &row.html_body,
            message_id: &message_id,
            unsubscribe_url: Some(row.unsubscribe_url.as_str()).filter(|u| !u.is_empty()),
            automatic: row.automatic,
            bounce_to: Some(&bounce_to),
            reply_to: reply_to.as_deref(),
        };
        let tried = match compose(&envelope) {
            Ok(message) => mailer.transport.send(message).await,
            Err(why) => Err(Failure::Permanent(why)),
        };
        let now = state.config.clock.now();
        mailer.note(&tried, now);
        let setup = matches!(tried, Err(Failure::Setup(_)));
        let (outcome, answer) = match tried {
            Ok(answer) => {
                done.sent += 1;
                (Outcome::Sent, answer)
            }
            Err(Failure::Permanent(answer)) => {
                done.failed += 1;
                (Outcome::Failed, answer)
            }
            Err(Failure::Transient(answer) | Failure::Setup(answer)) => {
                let next = now.plus(pause(row.attempts));
                if next.seconds_since(Timestamp(row.created_at)) > GIVE_UP_AFTER {
                    done.failed += 1;
                    (
                        Outcome::Failed,
                        format!("gave up after {} tries: {answer}", row.attempts),
                    )
                } else {
                    done.retrying += 1;
                    (Outcome::RetryAt(next), answer)
                }
            }
        };
        if outcome != Outcome::Sent && !setup {
            tracing::warn!(
                to = %row.to_address,
                answer = %answer.replace('\n', "; "),
                "mail not delivered"
            );
        }
        let sender = mailer.name.clone();
        let (to_user, address) = (row.to_user, row.to_address.clone());
        state
            .db
            .run(move |conn| {
                if db::finish(conn, row.id, &sender, outcome, &answer, now)?
                    && let Some(user) = to_user
                {
                    // The member's row says whether their mail gets through
                    // (the accounts feature owns it).
                    let failing = outcome == Outcome::Failed;
                    if failing || outcome == Outcome::Sent {
                        crate::accounts::db::set_mail_failing(
                            conn,
                            crate::kernel::identity::UserId(user),
                            &address,
                            failing,
                        )?;
                    }
                }
                Ok(())
            })
            .await?;
        if matches!(outcome, Outcome::RetryAt(_)) {
            // The server is unwell: leave the rest for the next round
            // rather than knocking on its door with each of them now.
            return Ok(done);
        }
    }
}
