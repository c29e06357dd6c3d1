//! The `kith` binary as an operator uses it.

use std::io::Read;
use std::process::{Command, Stdio};

use crate::helpers::{fresh_database, url_for_cli};

#[test]
fn kith_migrate_prepares_an_empty_database_and_is_idempotent() {
    let (url, _db) = fresh_database();
    let url = url_for_cli(&url);
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_kith"))
            .args(["migrate", "--database-url", &url])
            .output()
            .expect("kith runs")
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let first = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.starts_with("Applied ") && !first.starts_with("Applied 0 "),
        "{first}"
    );
    let second = run();
    assert!(String::from_utf8_lossy(&second.stdout).contains("Applied 0 migration"));
}

#[test]
fn a_database_url_with_an_unknown_scheme_is_refused_with_a_clear_message() {
    let output = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(["migrate", "--database-url", "mysql://localhost/kith"])
        .output()
        .expect("kith runs");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("sqlite:// or postgres://"));
}

#[test]
fn the_time_zone_flag_is_in_the_help_and_a_wrong_zone_stops_the_start() {
    let help = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(["serve", "--help"])
        .output()
        .expect("kith runs");
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("--time-zone"), "{help}");
    assert!(help.contains("KITH_TIME_ZONE"), "{help}");

    let (url, _db) = fresh_database();
    let output = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args([
            "--database-url",
            &url_for_cli(&url),
            "--bind",
            "127.0.0.1:0",
        ])
        .args(["--time-zone", "Europe/Lundon"])
        .output()
        .expect("kith runs");
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("--time-zone"), "{said}");
    assert!(said.contains("Europe/Lundon"), "{said}");
}

#[test]
fn an_smtp_server_with_an_address_for_a_base_url_needs_a_sender_before_the_site_starts() {
    let (url, _db) = fresh_database();
    let start = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_kith"))
            .args([
                "--database-url",
                &url_for_cli(&url),
                "--bind",
                "127.0.0.1:0",
            ])
            .args([
                "--smtp-url",
                "smtp://127.0.0.1:1?tls=none",
                "--time-zone",
                "UTC",
            ])
            .args(extra)
            .env_remove("KITH_MAIL_FROM")
            .env_remove("KITH_BASE_URL")
            .output()
            .expect("kith runs")
    };
    for base in [&["--base-url", "http://127.0.0.1:8080"][..], &[]] {
        let output = start(base);
        assert!(!output.status.success(), "it started with {base:?}");
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(said.contains("--mail-from"), "{said}");
        assert!(said.contains("KITH_MAIL_FROM"), "says what to set: {said}");
        assert!(!said.contains("localhost.localdomain"), "{said}");
    }
}

#[actix_web::test]
async fn the_server_says_where_it_listens_logs_each_request_and_stops_on_sigterm() {
    let (url, _db) = fresh_database();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--database-url",
            &url_for_cli(&url),
        ])
        .env("KITH_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kith starts");
    let address = crate::helpers::listening_address(&mut child);

    let client = awc::Client::default();
    let health = client
        .get(format!("{address}/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status().as_u16(), 200);
    let login = client
        .get(format!("{address}/login?reset=secret-in-the-query"))
        .send()
        .await
        .expect("login page");
    assert_eq!(login.status().as_u16(), 200);
    let request_id = login
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);

    let stopped = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(stopped.success());
    let status = child.wait().expect("kith exits");
    assert!(status.success(), "graceful shutdown exits 0, got {status}");

    let mut log = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut log)
        .expect("log");
    assert!(
        log.contains("/healthz") && log.contains("status=200"),
        "{log}"
    );
    assert!(
        log.contains(&request_id.expect("a request id")),
        "the request id is logged"
    );
    assert!(
        !log.contains("secret-in-the-query"),
        "query strings are never logged"
    );
    assert!(
        log.contains("/setup?token="),
        "the first-admin link is logged"
    );
}

#[actix_web::test]
async fn a_backup_taken_while_the_site_runs_holds_every_member_and_is_checked() {
    let app = crate::helpers::spawn_app().await;
    app.member("Yara", "yara@example.org").await;
    let dir = tempfile::tempdir().expect("temporary directory");
    let destination = dir.path().join("backup.db");
    let output = Command::new(env!("CARGO_BIN_EXE_kith"))
        .arg("backup")
        .arg(&destination)
        .args([
            "--database-url",
            &url_for_cli(&app.state.config.database_url),
        ])
        .output()
        .expect("kith runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);

    if crate::helpers::postgres_url().is_some() {
        assert!(!output.status.success());
        assert!(stderr.contains("pg_dump"), "{stderr}");
        return;
    }
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.contains("checked"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("listing")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        leftovers,
        vec!["backup.db".to_owned()],
        "no temporary file is left"
    );

    let restored_url = kith::db::DatabaseUrl::Sqlite(destination.display().to_string());
    let restored = crate::helpers::serve_database(restored_url).await;
    let browser = crate::helpers::Browser::new(&restored.address);
    let page = browser
        .log_in("yara@example.org", crate::helpers::GOOD_PASSWORD)
        .await;
    assert_eq!(
        page.status, 303,
        "the member can log in to the restored copy"
    );
}
