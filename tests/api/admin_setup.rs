//! The first admin: a one-time setup link, or the command line.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::helpers::{GOOD_PASSWORD, spawn_app, url_for_cli};

fn setup_path(link: &str) -> String {
    let start = link.find("/setup").expect("a /setup link");
    link[start..].to_owned()
}

const ADMIN_FIELDS: [(&str, &str); 4] = [
    ("display_name", "Grace Admin"),
    ("email", "grace@example.org"),
    ("password", GOOD_PASSWORD),
    ("password_confirm", GOOD_PASSWORD),
];

#[actix_web::test]
async fn the_setup_link_creates_the_first_admin_once() {
    let app = spawn_app().await;
    let path = setup_path(
        app.setup_link
            .as_deref()
            .expect("a setup link when there is no admin"),
    );

    let browser = app.browser();
    // Opening the link twice changes nothing: only the form post spends it.
    assert_eq!(browser.get(&path).await.status, 200);
    let page = browser.submit(&path, "#setup-form", &ADMIN_FIELDS).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let account = browser.get("/account").await;
    assert_eq!(
        account.text("dl.facts dd:nth-of-type(2)").as_deref(),
        Some("admin")
    );

    let again = app.browser().get(&path).await;
    assert_eq!(again.status, 404);
    assert!(again.text("#setup-invalid").is_some());

    let thief = app.browser();
    let token = path
        .rsplit_once('=')
        .map(|(_, t)| t.to_owned())
        .expect("token");
    let csrf = thief.csrf_token().await;
    let mut fields = vec![("csrf_token", csrf.as_str()), ("token", token.as_str())];
    fields.extend_from_slice(&[
        ("display_name", "Mallory"),
        ("email", "mallory@example.org"),
        ("password", GOOD_PASSWORD),
        ("password_confirm", GOOD_PASSWORD),
    ]);
    let stolen = thief.post("/setup", &fields).await;
    assert_eq!(stolen.status, 404);
    assert_eq!(
        thief
            .log_in("mallory@example.org", GOOD_PASSWORD)
            .await
            .status,
        422
    );
}

#[actix_web::test]
async fn a_made_up_or_expired_setup_token_creates_nobody() {
    let app = spawn_app().await;
    let browser = app.browser();
    assert_eq!(browser.get("/setup?token=guess").await.status, 404);
    assert_eq!(browser.get("/setup").await.status, 404);

    let path = setup_path(app.setup_link.as_deref().expect("setup link"));
    app.clock.advance(24 * 3600 + 1);
    assert_eq!(browser.get(&path).await.status, 404);
}

#[actix_web::test]
async fn no_setup_link_is_issued_once_an_admin_exists() {
    let app = spawn_app().await;
    let path = setup_path(app.setup_link.as_deref().expect("setup link"));
    let browser = app.browser();
    assert_eq!(
        browser
            .submit(&path, "#setup-form", &ADMIN_FIELDS)
            .await
            .status,
        303
    );

    let db = app.state.db.clone();
    let base_url = app.state.config.base_url.clone();
    let link = db
        .run(move |conn| {
            kith::accounts::setup::issue_setup_link(
                conn,
                &base_url,
                kith::clock::Timestamp(1_800_000_000),
            )
        })
        .await
        .expect("checked");
    assert_eq!(link, None);
}

#[actix_web::test]
async fn create_admin_on_the_command_line_reads_the_password_from_standard_input() {
    let app = spawn_app().await;
    let url = url_for_cli(&app.state.config.database_url);
    let mut child = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args([
            "create-admin",
            "--email",
            "Root@Example.org",
            "--name",
            "Rosa",
            "--database-url",
            &url,
        ])
        .env("KITH_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kith runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{GOOD_PASSWORD}\n").as_bytes())
        .expect("password written");
    let output = child.wait_with_output().expect("kith finishes");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("Created admin"));

    let browser = app.browser();
    assert_eq!(
        browser
            .log_in("root@example.org", GOOD_PASSWORD)
            .await
            .status,
        303
    );
    let account = browser.get("/account").await;
    assert_eq!(
        account.text("dl.facts dd:nth-of-type(2)").as_deref(),
        Some("admin")
    );

    // The setup link the server printed earlier no longer works.
    let path = setup_path(app.setup_link.as_deref().expect("setup link"));
    assert_eq!(app.browser().get(&path).await.status, 404);
}

#[actix_web::test]
async fn create_admin_refuses_a_weak_password() {
    let app = spawn_app().await;
    let url = url_for_cli(&app.state.config.database_url);
    let mut child = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args([
            "create-admin",
            "--email",
            "root@example.org",
            "--name",
            "Rosa",
            "--database-url",
            &url,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kith runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"password\n")
        .expect("written");
    let output = child.wait_with_output().expect("kith finishes");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("password"));
    assert_eq!(crate::helpers::count_users(&app).await, 0);
}

#[actix_web::test]
async fn guessing_setup_tokens_is_rate_limited() {
    let app = spawn_app().await;
    let browser = app.browser();
    let csrf = browser.csrf_token().await;
    let mut statuses = Vec::new();
    for i in 0..11 {
        let guess = format!("guess-{i}");
        let mut fields = vec![("csrf_token", csrf.as_str()), ("token", guess.as_str())];
        fields.extend_from_slice(&ADMIN_FIELDS);
        statuses.push(browser.post("/setup", &fields).await.status);
    }
    assert_eq!(&statuses[..10], &[404; 10]);
    assert_eq!(statuses[10], 429);
}

#[actix_web::test]
async fn create_admin_with_a_taken_email_changes_nothing_and_says_why() {
    let app = spawn_app().await;
    app.member("Rosa", "rosa@example.org").await;
    let url = url_for_cli(&app.state.config.database_url);
    let mut child = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args([
            "create-admin",
            "--email",
            "rosa@example.org",
            "--name",
            "Rosa",
            "--database-url",
            &url,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kith runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{GOOD_PASSWORD}\n").as_bytes())
        .expect("written");
    let output = child.wait_with_output().expect("kith finishes");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("already exists"));
    let path = setup_path(app.setup_link.as_deref().expect("setup link"));
    assert_eq!(
        app.browser().get(&path).await.status,
        200,
        "the setup link still works"
    );
}
