//! Sessions expire when idle and at the end of their lifetime, and a new
//! one is made at every log-in.

use crate::helpers::{GOOD_PASSWORD, spawn_app};

const DAY: i64 = 86_400;

#[actix_web::test]
async fn a_session_left_idle_for_fourteen_days_ends() {
    let app = spawn_app().await;
    let browser = app.member("Olu", "olu@example.org").await;
    app.clock.advance(13 * DAY);
    assert_eq!(browser.get("/account").await.status, 200);
    app.clock.advance(13 * DAY);
    assert_eq!(
        browser.get("/account").await.status,
        200,
        "use keeps a session alive"
    );
    app.clock.advance(14 * DAY);
    let page = browser.get("/account").await;
    assert_eq!(page.location(), Some("/login?next=%2Faccount"));
    assert_eq!(
        browser.cookie("kith_session"),
        None,
        "the dead cookie is cleared"
    );
}

#[actix_web::test]
async fn a_session_ends_after_sixty_days_however_much_it_is_used() {
    let app = spawn_app().await;
    let browser = app.member("Pia", "pia@example.org").await;
    for _ in 0..5 {
        app.clock.advance(10 * DAY);
        assert_eq!(browser.get("/account").await.status, 200);
    }
    app.clock.advance(10 * DAY);
    assert_eq!(
        browser.get("/account").await.location(),
        Some("/login?next=%2Faccount")
    );
}

#[actix_web::test]
async fn logging_in_again_replaces_the_session_token_and_ends_the_old_one() {
    let app = spawn_app().await;
    let browser = app.member("Quinn", "quinn@example.org").await;
    let first = browser.cookie("kith_session").expect("session");
    let token = browser.csrf_token().await;
    let page = browser
        .post(
            "/login",
            &[
                ("csrf_token", &token),
                ("email", "quinn@example.org"),
                ("password", GOOD_PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, 303);
    let second = browser.cookie("kith_session").expect("session");
    assert_ne!(first, second);

    let old = app.browser();
    old.set_cookie("kith_session", &first);
    assert_eq!(
        old.get("/account").await.location(),
        Some("/login?next=%2Faccount")
    );
}

#[actix_web::test]
async fn a_planted_session_cookie_is_never_adopted_at_log_in() {
    let app = spawn_app().await;
    let browser = app.browser();
    app.sign_up(&browser, "Rui", "rui@example.org").await;
    browser.set_cookie(
        "kith_session",
        "planted-by-an-attacker-planted-by-an-attack",
    );
    browser.get("/login").await;
    assert_eq!(
        browser
            .log_in("rui@example.org", GOOD_PASSWORD)
            .await
            .status,
        303
    );
    let session = browser.cookie("kith_session").expect("session");
    assert_ne!(session, "planted-by-an-attacker-planted-by-an-attack");
    assert!(session.len() >= 43, "at least 256 bits, base64url");
}

#[actix_web::test]
async fn the_database_holds_only_a_hash_of_the_session_token() {
    use diesel::prelude::*;
    use kith::db::schema::sessions;
    let app = spawn_app().await;
    let browser = app.member("Sol", "sol@example.org").await;
    let token = browser.cookie("kith_session").expect("session");
    let stored: Vec<String> = app
        .state
        .db
        .run(|conn| Ok(sessions::table.select(sessions::token_hash).load(conn)?))
        .await
        .expect("sessions");
    // Two sessions: the one the confirmation link opened, and this log-in.
    assert_eq!(stored.len(), 2);
    assert!(stored.contains(&kith::kernel::secret::hash_token(&token)));
    assert!(!stored.contains(&token), "never the token itself");
}
