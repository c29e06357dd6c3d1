//! `kith seed`: demo data that is realistic, deterministic and never mixed
//! with real members by accident.

use std::process::{Command, Output};

use crate::helpers::{Browser, fresh_database, spawn_app, url_for_cli};

fn seed(url: &str, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kith"))
        .args([
            "seed",
            "--members",
            "30",
            "--needs",
            "200",
            "--database-url",
            url,
        ])
        .args(extra)
        .output()
        .expect("kith runs")
}

fn summary(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stdout);
    // "Seeded 30 members, 200 needs, N offers, N messages and N thank-you notes in …"
    text.split(" in ").next().unwrap_or_default().to_owned()
}

#[actix_web::test]
async fn seeded_data_fills_the_board_and_demo_members_can_log_in() {
    let (url, _db) = fresh_database();
    let url = url_for_cli(&url);
    let output = seed(&url, &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(summary(&output).starts_with("Seeded 30 members, 200 needs"));

    let served =
        crate::helpers::serve_database(kith::db::DatabaseUrl::parse(&url).expect("url")).await;
    let browser = Browser::new(&served.address);
    let page = browser
        .log_in("member3@demo.kith.invalid", kith::seed::DEMO_PASSWORD)
        .await;
    assert_eq!(page.status, 303);
    let board = browser.get("/needs").await;
    assert!(
        board.texts("#board li").len() >= 5,
        "open needs on the board"
    );
    assert!(board.attr("#next-page", "href").is_some() || board.texts("#board li").len() < 20);
    let first = board.attr("#board li a", "href").expect("a need link");
    assert_eq!(browser.get(&first).await.status, 200);
}

#[test]
fn the_same_seed_gives_the_same_data_and_another_seed_other_data() {
    let (a, _a) = fresh_database();
    let (b, _b) = fresh_database();
    let (c, _c) = fresh_database();
    let first = seed(&url_for_cli(&a), &["--seed", "7"]);
    let again = seed(&url_for_cli(&b), &["--seed", "7"]);
    let other = seed(&url_for_cli(&c), &["--seed", "8"]);
    assert!(first.status.success() && again.status.success() && other.status.success());
    assert_eq!(summary(&first), summary(&again));
    assert_ne!(summary(&first), summary(&other));
}

#[actix_web::test]
async fn seeding_refuses_a_database_with_real_members_unless_forced() {
    let app = spawn_app().await;
    app.member("Real Person", "real@example.org").await;
    let url = url_for_cli(&app.state.config.database_url);
    let refused = seed(&url, &[]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("real member"));
    assert_eq!(crate::helpers::count_users(&app).await, 1);
    let forced = seed(&url, &["--force"]);
    assert!(
        forced.status.success(),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    assert_eq!(crate::helpers::count_users(&app).await, 31);
}
