//! The neighbourhood story in a real browser: headless Chromium, driven by
//! `tests/browser/story.mjs` (Playwright), walks it through the real server
//! and checks every page with axe-core. Needs Debian's Chromium and the Node
//! packages (`scripts/browser-up`); without them the test says so and
//! passes, unless `KITH_BROWSER_TESTS=required`.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::Instant;

use diesel::prelude::*;
use kith::db::schema::{appeals, messages, needs, offers, reports, thanks, users};

use crate::helpers::{GOOD_PASSWORD, day, spawn_app_with};

/// The first admin's address, as `TestApp::admin` makes the account.
const ADMIN_EMAIL: &str = "grace@example.org";

/// Where the browser is looked for: `KITH_CHROMIUM`, else Debian's.
fn chromium() -> PathBuf {
    std::env::var_os("KITH_CHROMIUM")
        .filter(|p| !p.is_empty())
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// Why the story cannot run here, if it cannot.
fn missing_browser(root: &Path) -> Option<String> {
    let chromium = chromium();
    if !chromium.is_file() {
        return Some(format!("Chromium not found at {}", chromium.display()));
    }
    for package in ["playwright-core", "axe-core"] {
        let manifest = root.join("node_modules").join(package).join("package.json");
        if !manifest.is_file() {
            return Some(format!("node_modules/{package} is missing"));
        }
    }
    if Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_err()
    {
        return Some("node is not on the PATH".to_owned());
    }
    None
}

/// Runs the story script to its end, printing its output line by line as
/// it comes (shown with `--nocapture`, or when the test fails).
fn run_story(root: &Path, env: &[(&str, String)]) -> ExitStatus {
    let mut child = Command::new("node")
        .arg("tests/browser/story.mjs")
        .current_dir(root)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    let stderr = child.stderr.take().expect("piped stderr");
    let errors = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            eprintln!("story: {line}");
        }
    });
    let stdout = child.stdout.take().expect("piped stdout");
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        println!("story: {line}");
    }
    let status = child.wait().expect("node ends");
    errors.join().expect("stderr read");
    status
}

#[actix_web::test]
async fn a_neighbourhood_story_works_in_a_real_browser() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if let Some(why) = missing_browser(&root) {
        let required = std::env::var("KITH_BROWSER_TESTS").is_ok_and(|v| v == "required");
        assert!(
            !required,
            "KITH_BROWSER_TESTS=required, but {why}: run scripts/browser-up"
        );
        // Straight to stderr, past the test harness's capture, so a skip is seen.
        let _ = writeln!(
            std::io::stderr(),
            "skipping the browser story: {why} (run scripts/browser-up)"
        );
        return;
    }

    // Mail goes to a folder the story reads, delivered by the server's own
    // sender as soon as it is queued.
    let outbox = tempfile::tempdir().expect("an outbox folder");
    let folder = outbox.path().to_path_buf();
    let app = spawn_app_with(move |config| {
        config.mail.transport = kith::config::mail::MailTransport::Folder(folder);
        config.mail.sender_every = Some(std::time::Duration::from_secs(5));
    })
    .await;
    // The first admin, made through the setup link as on a new site.
    drop(app.admin().await);

    let env = [
        ("KITH_URL", app.address.clone()),
        ("KITH_ADMIN_EMAIL", ADMIN_EMAIL.to_owned()),
        ("KITH_ADMIN_PASSWORD", GOOD_PASSWORD.to_owned()),
        ("KITH_CHROMIUM", chromium().display().to_string()),
        // The server's clock is a test clock: Alice asks for a day it calls soon.
        ("KITH_STORY_DATE", day(&app, 3)),
        ("KITH_OUTBOX_DIR", outbox.path().display().to_string()),
        // Pictures of the main pages at a phone's and a desktop's width.
        (
            "KITH_SCREENSHOTS_DIR",
            root.join("target")
                .join("screenshots")
                .display()
                .to_string(),
        ),
    ];
    let started = Instant::now();
    // The server runs on this test's runtime: wait for the browser elsewhere.
    let story_root = root.clone();
    let status = actix_web::rt::task::spawn_blocking(move || run_story(&story_root, &env))
        .await
        .expect("the story's thread");
    println!(
        "the browser story took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        status.success(),
        "the browser story failed ({status}): its output is above"
    );

    // What the neighbours did is in the database, as they would find it.
    let (people, all_needs, all_offers, all_thanks, all_messages, all_reports, all_appeals) = app
        .state
        .db
        .run(|conn| {
            let people = users::table
                .select((users::id, users::display_name, users::role, users::standing))
                .load::<(i64, String, String, String)>(conn)?;
            let all_needs = needs::table
                .select((needs::id, needs::author_id, needs::status, needs::outcome))
                .load::<(i64, i64, String, Option<String>)>(conn)?;
            let all_offers = offers::table
                .order(offers::id)
                .select((
                    offers::id,
                    offers::need_id,
                    offers::volunteer_id,
                    offers::status,
                ))
                .load::<(i64, i64, i64, String)>(conn)?;
            let all_thanks = thanks::table
                .select((thanks::need_id, thanks::volunteer_id, thanks::note))
                .load::<(i64, i64, String)>(conn)?;
            let all_messages = messages::table
                .order(messages::id)
                .select((
                    messages::id,
                    messages::offer_id,
                    messages::author_id,
                    messages::hidden_reason,
                ))
                .load::<(i64, i64, i64, Option<String>)>(conn)?;
            let all_reports = reports::table
                .select((
                    reports::reporter_id,
                    reports::target_kind,
                    reports::target_id,
                    reports::status,
                    reports::note,
                ))
                .load::<(i64, String, i64, String, String)>(conn)?;
            let all_appeals = appeals::table
                .select((appeals::appellant_id, appeals::status, appeals::decided_by))
                .load::<(i64, String, Option<i64>)>(conn)?;
            Ok((
                people,
                all_needs,
                all_offers,
                all_thanks,
                all_messages,
                all_reports,
                all_appeals,
            ))
        })
        .await
        .expect("read what the story left");

    let id_of = |name: &str| {
        people
            .iter()
            .find(|(_, n, _, _)| n == name)
            .map(|(id, _, _, _)| *id)
            .unwrap_or_else(|| panic!("{name} has no account: {people:?}"))
    };
    let (alice, bob, carol, mo) = (id_of("Alice"), id_of("Bob"), id_of("Carol"), id_of("Mo"));
    let admin = id_of("Grace Admin");
    assert!(
        people
            .iter()
            .any(|(id, _, role, _)| *id == mo && role == "moderator"),
        "the admin made Mo a moderator: {people:?}"
    );
    assert!(
        people
            .iter()
            .any(|(_, name, _, standing)| name == "Gus" && standing == "rejected"),
        "Mo turned Gus down: {people:?}"
    );
    for applicant in [alice, bob, carol] {
        assert!(
            people
                .iter()
                .any(|(id, _, _, standing)| *id == applicant && standing == "active"),
            "every applicant was approved: {people:?}"
        );
    }

    let [(need, author, status, outcome)] = all_needs.as_slice() else {
        panic!("one need was posted, found {all_needs:?}");
    };
    assert_eq!(*author, alice, "Alice asked for help");
    assert_eq!(status, "done", "Alice marked her need done");
    assert_eq!(outcome.as_deref(), Some("helped"));

    let [
        (bob_offer, bob_need, bob_id, bob_status),
        (carol_offer, carol_need, carol_id, carol_status),
    ] = all_offers.as_slice()
    else {
        panic!("two offers were made, found {all_offers:?}");
    };
    assert_eq!((*bob_need, *bob_id), (*need, bob), "Bob offered first");
    assert_eq!((*carol_need, *carol_id), (*need, carol), "then Carol");
    assert_eq!(bob_status, "accepted", "Alice accepted Bob");
    assert_eq!(
        carol_status, "not_needed",
        "Carol's offer, still waiting, ended when the need was done"
    );

    assert!(
        all_thanks
            .iter()
            .any(|(n, v, note)| *n == *need && *v == bob && !note.is_empty()),
        "Alice thanked Bob: {all_thanks:?}"
    );

    let written: Vec<(i64, i64)> = all_messages.iter().map(|(_, o, a, _)| (*o, *a)).collect();
    assert_eq!(
        written,
        [
            (*bob_offer, bob),
            (*bob_offer, alice),
            (*carol_offer, alice)
        ],
        "Bob wrote, Alice answered, then Alice wrote to Carol"
    );
    let (to_carol, _, _, hidden) = &all_messages[2];
    assert!(
        hidden.as_deref().is_some_and(|r| r.contains("money")),
        "Mo hid Alice's message to Carol, with his reason: {hidden:?}"
    );
    assert!(all_messages[..2].iter().all(|(_, _, _, h)| h.is_none()));

    let [(reporter, kind, target, report_status, note)] = all_reports.as_slice() else {
        panic!("one report was sent, found {all_reports:?}");
    };
    assert_eq!(*reporter, carol, "Carol reported");
    assert_eq!((kind.as_str(), *target), ("message", *to_carol));
    assert_eq!(report_status, "actioned", "the report led to the hiding");
    assert!(!note.is_empty(), "Carol's note is kept");

    let [(appellant, appeal_status, decided_by)] = all_appeals.as_slice() else {
        panic!("one appeal was made, found {all_appeals:?}");
    };
    assert_eq!(*appellant, alice, "Alice appealed");
    assert_eq!(appeal_status, "upheld");
    assert_eq!(*decided_by, Some(admin), "someone other than Mo decided");
}
