//! When mail to a member does not get through: they are asked to check
//! their address, and whoever waits on them is told.

use crate::helpers::{
    Browser, TestApp, offer_id, post_need, press, receive_mail as receive, spawn_app, url_for_cli,
};
use crate::mailbox::Mode;

/// A delivery status report as a mail server writes it, for `recipient`,
/// with `status` (`5.1.1`, `4.4.1`), sent to `bounce_to`.
fn report(bounce_to: &str, recipient: &str, status: &str) -> String {
    let action = if status.starts_with('5') {
        "failed"
    } else {
        "delayed"
    };
    format!(
        "Return-Path: <>\r\n\
         Date: Tue, 8 Dec 2026 10:02:31 +0000\r\n\
         From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\r\n\
         To: {bounce_to}\r\n\
         Subject: Undelivered Mail Returned to Sender\r\n\
         Auto-Submitted: auto-replied\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\
         \r\n\
         --b1\r\n\
         Content-Type: text/plain; charset=us-ascii\r\n\
         \r\n\
         Your message could not be delivered.\r\n\
         --b1\r\n\
         Content-Type: message/delivery-status\r\n\
         \r\n\
         Reporting-MTA: dns; mx.example.org\r\n\
         \r\n\
         Final-Recipient: rfc822; {recipient}\r\n\
         Action: {action}\r\n\
         Status: {status}\r\n\
         Diagnostic-Code: smtp; 550 {status} mailbox unavailable\r\n\
         \r\n\
         --b1--\r\n"
    )
}

/// Amara asks, Ben offers and is accepted; returns the bounce address of
/// the mail telling Ben.
async fn accepted_helper(app: &TestApp) -> (Browser, Browser, i64, i64, String) {
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(app, &amara, "Lift to the clinic", &[]).await;
    let offered = ben
        .submit(
            &format!("/needs/{need}"),
            "#volunteer-form",
            &[("message", "I can drive.")],
        )
        .await;
    assert_eq!(offered.status, 303);
    let offer = offer_id(&amara, need, "Ben").await;
    let before = app.mailbox.to("ben@example.org").len();
    let accepted = press(
        &amara,
        &format!("/needs/{need}"),
        &format!("/needs/{need}/offers/{offer}/accept"),
    )
    .await;
    assert_eq!(accepted.status, 303);
    app.deliver_mail().await;
    let told = app.mailbox.to("ben@example.org");
    assert_eq!(told.len(), before + 1);
    let bounce_to = told.last().expect("the mail").envelope_from.clone();
    (amara, ben, need, offer, bounce_to)
}

#[actix_web::test]
async fn a_report_that_mail_bounced_later_marks_the_address_as_failing_like_a_refusal() {
    let app = spawn_app().await;
    let (amara, ben, need, offer, bounce_to) = accepted_helper(&app).await;
    // The envelope sender names the message, in letters a server may
    // lowercase without harm.
    let (local, _) = bounce_to.split_once('@').expect("an address");
    assert!(local.starts_with("bounce+"), "{bounce_to}");
    assert_eq!(local, local.to_ascii_lowercase());
    assert!(ben.get("/").await.text("#bounce-banner").is_none());
    let database = url_for_cli(&app.state.config.database_url);

    // A delay changes nothing.
    let delayed = report(&bounce_to, "ben@example.org", "4.4.1");
    assert_eq!(
        receive(&database, Some(&bounce_to), delayed.into_bytes()).await,
        0
    );
    assert!(ben.get("/").await.text("#bounce-banner").is_none());

    // A failure for good, found by the headers alone.
    let failed = report(&bounce_to, "ben@example.org", "5.1.1");
    assert_eq!(receive(&database, None, failed.into_bytes()).await, 0);
    assert!(
        ben.get("/")
            .await
            .text("#bounce-banner")
            .is_some_and(|t| t.contains("ben@example.org") && t.contains("not getting through"))
    );
    let page = amara.get(&format!("/needs/{need}")).await;
    assert!(
        page.text(&format!("#unreachable-{offer}"))
            .is_some_and(|t| t.contains("Ben") && t.contains("may not have been told"))
    );
}

#[actix_web::test]
async fn unknown_unreadable_huge_or_unanswered_mail_gets_the_exit_status_a_mail_server_understands()
{
    let app = spawn_app().await;
    let (_amara, ben, _need, _offer, bounce_to) = accepted_helper(&app).await;
    let database = url_for_cli(&app.state.config.database_url);
    let domain = bounce_to.split_once('@').expect("an address").1.to_owned();

    // A code Kith never sent: no such address (67).
    let unknown = format!("bounce+aaaaaaaaaaaaaaaaaaaaaaaa@{domain}");
    let failed = report(&unknown, "ben@example.org", "5.1.1");
    assert_eq!(
        receive(&database, Some(&unknown), failed.into_bytes()).await,
        67
    );
    // No address of Kith's at all.
    let stray = report("someone@example.org", "ben@example.org", "5.1.1");
    assert_eq!(receive(&database, None, stray.into_bytes()).await, 67);
    // Bytes that are no message: taken and dropped, never a crash.
    let noise: Vec<u8> = (0..4096_u32).map(|n| (n * 7919 % 251) as u8).collect();
    assert_eq!(receive(&database, Some(&bounce_to), noise).await, 0);
    // Over the size limit: the report at the top is still read.
    let mut huge = report(&bounce_to, "ben@example.org", "4.4.1").into_bytes();
    huge.extend(std::iter::repeat_n(b'x', 3 * 1024 * 1024));
    assert_eq!(receive(&database, Some(&bounce_to), huge).await, 0);
    assert!(ben.get("/").await.text("#bounce-banner").is_none());
    // The database does not answer: try again later (75).
    let dir = tempfile::tempdir().expect("a folder");
    let gone = format!("sqlite://{}/no/such/folder/kith.db", dir.path().display());
    let failed = report(&bounce_to, "ben@example.org", "5.1.1");
    assert_eq!(
        receive(&gone, Some(&bounce_to), failed.into_bytes()).await,
        75
    );
    assert!(
        ben.get("/").await.text("#bounce-banner").is_none(),
        "nothing was marked"
    );
}

#[actix_web::test]
async fn a_refused_address_shows_its_owner_a_banner_and_the_asker_a_warning_until_mail_gets_through()
 {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let offered = ben
        .submit(
            &format!("/needs/{need}"),
            "#volunteer-form",
            &[("message", "I can drive.")],
        )
        .await;
    assert_eq!(offered.status, 303);
    app.deliver_mail().await;
    let offer = offer_id(&amara, need, "Ben").await;

    // Ben's server refuses the news that he was accepted.
    app.mailbox.set_mode(Mode::Refusing);
    let accepted = press(
        &amara,
        &format!("/needs/{need}"),
        &format!("/needs/{need}/offers/{offer}/accept"),
    )
    .await;
    assert_eq!(accepted.status, 303);
    let done = app.deliver_mail().await;
    assert_eq!(done.failed, 1);

    let home = ben.get("/").await;
    assert!(
        home.text("#bounce-banner")
            .is_some_and(|t| t.contains("ben@example.org") && t.contains("not getting through"))
    );
    let page = amara.get(&format!("/needs/{need}")).await;
    assert!(
        page.text(&format!("#unreachable-{offer}"))
            .is_some_and(|t| t.contains("Ben") && t.contains("may not have been told"))
    );
    assert!(amara.get("/").await.text("#bounce-banner").is_none());

    // Once a message gets through, both notices go.
    app.mailbox.set_mode(Mode::Accepting);
    let thread = format!("/needs/{need}/offers/{offer}/messages");
    let sent = amara
        .submit(&thread, "#message-form", &[("body", "Ten o'clock?")])
        .await;
    assert_eq!(sent.status, 303);
    assert_eq!(app.deliver_mail().await.sent, 1);
    assert!(ben.get("/").await.text("#bounce-banner").is_none());
    let page = amara.get(&format!("/needs/{need}")).await;
    assert!(page.text(&format!("#unreachable-{offer}")).is_none());
}
