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

#[derive(diesel::QueryableByName)]
struct HelpCounted {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    helped: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    was_helped: i64,
}

fn times(n: i64) -> String {
    format!("{n} {}", if n == 1 { "time" } else { "times" })
}

#[actix_web::test]
async fn seeded_profiles_count_the_help_their_needs_and_offers_record() {
    use diesel::RunQueryDsl;
    let (url, _db) = fresh_database();
    let url = url_for_cli(&url);
    assert!(seed(&url, &[]).status.success());
    let database = kith::db::DatabaseUrl::parse(&url).expect("url");
    // Counted from the needs and offers themselves, as a profile once did.
    let counted: Vec<HelpCounted> = diesel::sql_query(
        "SELECT u.id, \
         (SELECT count(*) FROM offers o JOIN needs n ON n.id = o.need_id \
          WHERE o.volunteer_id = u.id AND o.status = 'accepted' \
          AND n.status = 'done' AND n.outcome = 'helped') AS helped, \
         (SELECT count(*) FROM needs n WHERE n.author_id = u.id AND n.status = 'done' \
          AND n.outcome = 'helped' AND n.accepted_count > 0) AS was_helped \
         FROM users u WHERE u.standing = 'active' ORDER BY helped DESC, was_helped DESC, u.id",
    )
    .load(&mut database.connect().expect("connects"))
    .expect("counted");
    assert!(counted[0].helped > 1, "the seed has a busy helper");

    let served = crate::helpers::serve_database(database).await;
    let browser = Browser::new(&served.address);
    browser
        .log_in("member3@demo.kith.invalid", kith::seed::DEMO_PASSWORD)
        .await;
    let quiet = counted.last().expect("a member");
    for member in [&counted[0], &counted[1], quiet] {
        let profile = browser.get(&format!("/people/{}", member.id)).await;
        assert_eq!(profile.text("#profile-helped"), Some(times(member.helped)));
        assert_eq!(
            profile.text("#profile-was-helped"),
            Some(times(member.was_helped))
        );
    }
}
