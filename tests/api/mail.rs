//! Mail delivery: the outbox, the sender, its retries, and what admins see.

use kith::mail::{Body, Letter, queue};

use crate::helpers::{TestApp, spawn_app, spawn_app_with, spawn_sibling};
use crate::mailbox::Mode;

/// A letter such as the site would queue (shared by the delivery tests).
pub(crate) fn letter(to: &str, subject: &str) -> Letter {
    let body = Body {
        greeting: "Hello,".into(),
        paragraphs: vec!["Someone offered to help with your need.".into()],
        reason: "You asked for help on Kith.".into(),
        ..Body::default()
    };
    let (text, html) = body.render("Kith", subject).expect("renders");
    Letter {
        to_user: None,
        to_address: to.into(),
        purpose: "new_offer",
        subject: subject.into(),
        text,
        html,
        unsubscribe_url: Some("http://kith.example/unsubscribe/x".into()),
        automatic: true,
    }
}

pub(crate) async fn queue_letters(app: &TestApp, letters: Vec<Letter>) {
    let now = app.clock.now();
    app.state
        .db
        .write(move |conn| {
            for letter in &letters {
                queue(conn, letter, now)?;
            }
            Ok(())
        })
        .await
        .expect("queued");
}

#[actix_web::test]
async fn a_queued_message_arrives_once_with_both_bodies_and_its_headers() {
    let app = spawn_app().await;
    queue_letters(
        &app,
        vec![letter("alice@example.org", "Bob offered to help")],
    )
    .await;

    let done = app.deliver_mail().await;
    assert_eq!(done.sent, 1);
    let got = app.mailbox.only_to("alice@example.org");
    assert_eq!(got.subject(), "Bob offered to help");
    assert!(
        got.text()
            .contains("Someone offered to help with your need.")
    );
    assert!(
        got.html()
            .contains("<p>Someone offered to help with your need.</p>")
    );
    assert_eq!(
        got.header("Auto-Submitted").as_deref(),
        Some("auto-generated")
    );
    assert_eq!(
        got.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    assert!(
        got.header("Message-ID")
            .is_some_and(|id| id.starts_with('<'))
    );
    assert!(got.header("Date").is_some());
    // Reports of a later bounce come back to an address naming the
    // message, at the sender's domain.
    let from_domain = got
        .header("From")
        .and_then(|f| {
            f.rsplit_once('@')
                .map(|(_, d)| d.trim_end_matches('>').to_owned())
        })
        .expect("a From address");
    assert!(
        got.envelope_from.starts_with("bounce+")
            && got.envelope_from.ends_with(&format!("@{from_domain}")),
        "{}",
        got.envelope_from
    );
    assert!(
        got.header("From").is_some_and(|f| f.contains("Kith")),
        "the site's name is the sender's: {:?}",
        got.header("From")
    );

    // Delivered means delivered: a second round sends nothing.
    assert_eq!(app.deliver_mail().await.sent, 0);
    assert_eq!(app.mailbox.all().len(), 1);
}

#[actix_web::test]
async fn a_subject_with_a_line_break_reaches_only_its_recipient_and_adds_no_header() {
    let app = spawn_app().await;
    queue_letters(
        &app,
        vec![letter(
            "alice@example.org",
            "Lift\r\nBcc: everyone@example.org\r\nX-Injected: yes",
        )],
    )
    .await;
    app.deliver_mail().await;

    let got = app.mailbox.all();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].envelope_to, ["alice@example.org"]);
    assert!(got[0].header("Bcc").is_none());
    assert!(got[0].header("X-Injected").is_none());
    assert!(
        got[0]
            .subject()
            .starts_with("Lift Bcc: everyone@example.org")
    );
}

#[actix_web::test]
async fn mail_waits_while_the_server_is_unwell_and_goes_once_when_it_is_back() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    app.mailbox.set_mode(Mode::Busy);
    queue_letters(
        &app,
        vec![
            letter("alice@example.org", "First"),
            letter("bob@example.org", "Second"),
        ],
    )
    .await;

    let done = app.deliver_mail().await;
    assert_eq!(
        (done.sent, done.retrying),
        (0, 1),
        "one knock, then it waits"
    );
    assert!(app.mailbox.all().is_empty());
    let report = admin.get("/admin/mail").await;
    assert_eq!(report.status, 200);
    assert!(report.text("#queued").is_some_and(|t| t.contains("2")));
    let troubles = report
        .text("#troubles")
        .expect("the failing message is listed");
    assert!(
        troubles.contains("alice@example.org") && troubles.contains("421"),
        "{troubles}"
    );
    assert!(troubles.contains("Will try again"));
    assert!(
        !report.body.contains("Someone offered"),
        "no bodies in the report"
    );

    // Back, but the retry is not due for a minute: nothing goes yet.
    app.mailbox.set_mode(Mode::Accepting);
    let connections = app.mailbox.connections();
    let early = app.deliver_mail().await;
    assert_eq!(early.sent, 1, "only the message that was never tried goes");
    assert_eq!(app.mailbox.to("alice@example.org").len(), 0);

    app.clock.advance(61);
    assert_eq!(app.deliver_mail().await.sent, 1);
    assert_eq!(app.mailbox.to("alice@example.org").len(), 1);
    assert_eq!(app.mailbox.to("bob@example.org").len(), 1);
    assert!(app.mailbox.connections() > connections);
    app.clock.advance(3600);
    assert_eq!(app.deliver_mail().await.sent, 0, "never twice");
    assert_eq!(app.mailbox.all().len(), 2);
}

#[actix_web::test]
async fn a_permanent_refusal_is_given_up_at_once_and_shown_with_the_servers_answer() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    app.mailbox.set_mode(Mode::Refusing);
    queue_letters(&app, vec![letter("nobody@example.org", "Hello")]).await;

    let done = app.deliver_mail().await;
    assert_eq!((done.sent, done.failed, done.retrying), (0, 1, 0));
    app.mailbox.set_mode(Mode::Accepting);
    app.clock.advance(7 * 3600);
    assert_eq!(app.deliver_mail().await.sent, 0, "not tried again");

    let report = admin.get("/admin/mail").await;
    assert_eq!(report.text("#failed-day").as_deref(), Some("1"));
    let troubles = report.text("#troubles").expect("listed");
    assert!(troubles.contains("nobody@example.org"));
    assert!(
        troubles.contains("550") && troubles.contains("Given up"),
        "{troubles}"
    );
}

#[actix_web::test]
async fn mail_that_cannot_go_for_two_days_is_given_up() {
    let app = spawn_app().await;
    app.mailbox.set_mode(Mode::Busy);
    queue_letters(&app, vec![letter("alice@example.org", "Hello")]).await;
    let mut tries = 0;
    let mut failed = 0;
    // Follow the schedule: each round comes when the retry is due.
    for _ in 0..40 {
        let done = app.deliver_mail().await;
        tries += done.retrying + done.failed;
        failed += done.failed;
        if failed > 0 {
            break;
        }
        app.clock.advance(6 * 3600);
    }
    assert_eq!(failed, 1, "given up in the end");
    assert!(
        (9..=14).contains(&tries),
        "tried {tries} times over two days, backing off to six hours"
    );
    app.mailbox.set_mode(Mode::Accepting);
    app.clock.advance(86_400);
    assert_eq!(app.deliver_mail().await.sent, 0);
}

#[actix_web::test]
async fn two_senders_on_one_database_send_each_message_exactly_once() {
    let app = spawn_app().await;
    let other = spawn_sibling(&app).await;
    let letters = (0..24)
        .map(|i| letter(&format!("n{i}@example.org"), &format!("Message {i}")))
        .collect();
    queue_letters(&app, letters).await;

    let (a, b) = futures_util::future::join(app.deliver_mail(), other.deliver_mail()).await;
    assert_eq!(a.sent + b.sent, 24);
    let got = app.mailbox.all();
    assert_eq!(got.len(), 24);
    let mut ids: Vec<String> = got.iter().filter_map(|m| m.header("Message-ID")).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 24, "every message once");
}

#[actix_web::test]
async fn sent_mail_leaves_the_report_after_thirty_days() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    queue_letters(&app, vec![letter("alice@example.org", "Hello")]).await;
    app.deliver_mail().await;
    let report = admin.get("/admin/mail").await;
    assert_eq!(report.text("#sent-week").as_deref(), Some("1"));

    app.clock.advance(29 * 86_400);
    assert_eq!(
        kith::mail::sender::clear_old(&app.state)
            .await
            .expect("ran"),
        0
    );
    app.clock.advance(2 * 86_400);
    assert_eq!(
        kith::mail::sender::clear_old(&app.state)
            .await
            .expect("ran"),
        1
    );
}

#[actix_web::test]
async fn without_an_smtp_server_mail_is_written_to_the_outbox_folder() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("outbox");
    let app = spawn_app_with(|config| {
        config.mail.transport = kith::config::mail::MailTransport::Folder(path.clone());
    })
    .await;
    queue_letters(
        &app,
        vec![letter("alice@example.org", "Bob offered to help")],
    )
    .await;
    assert_eq!(app.deliver_mail().await.sent, 1);

    let files: Vec<_> = std::fs::read_dir(&path)
        .expect("the folder was made")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].extension().and_then(|e| e.to_str()), Some("eml"));
    let eml = std::fs::read_to_string(&files[0]).expect("readable");
    assert!(eml.contains("To: alice@example.org"));
    assert!(eml.contains("Subject: Bob offered to help"));
    assert!(
        app.mailbox.all().is_empty(),
        "nothing went to an SMTP server"
    );
}

#[actix_web::test]
async fn only_admins_see_the_delivery_report() {
    let app = spawn_app().await;
    let member = app.member("Alice", "alice@example.org").await;
    assert_eq!(member.get("/admin/mail").await.status, 403);
    assert_eq!(app.browser().get("/admin/mail").await.status, 303);
}

#[actix_web::test]
async fn kith_mail_test_sends_one_message_and_reports_the_servers_answer() {
    let app = spawn_app().await;
    let url = app.mailbox.url();
    let dir = tempfile::tempdir().expect("a folder");
    let database = format!("sqlite://{}", dir.path().join("none.db").display());
    let output = actix_web::web::block(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
            .args(["mail", "test", "operator@example.org", "--smtp-url", &url])
            .args([
                "--mail-from",
                "Larkhill Neighbours <kith@larkhill.example.org>",
            ])
            .args(["--database-url", &database])
            .output()
    })
    .await
    .expect("ran")
    .expect("started");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(said.contains("The server answered: 250"), "{said}");
    let got = app.mailbox.only_to("operator@example.org");
    assert!(got.subject().contains("Test message"));
    assert_eq!(
        got.header("From").as_deref(),
        Some("\"Larkhill Neighbours\" <kith@larkhill.example.org>")
    );
    assert!(!dir.path().join("none.db").exists(), "no database was made");

    // A refusal is reported as one, with a failing exit status.
    app.mailbox.set_mode(Mode::Refusing);
    let url = app.mailbox.url();
    let database = format!("sqlite://{}", dir.path().join("none.db").display());
    let output = actix_web::web::block(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
            .args(["mail", "test", "operator@example.org", "--smtp-url", &url])
            .args(["--database-url", &database])
            .output()
    })
    .await
    .expect("ran")
    .expect("started");
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("refused the message for good")
            && said.contains("the server answered: 550 5.1.1 no such mailbox here"),
        "{said}"
    );
}
