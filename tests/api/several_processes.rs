//! Several Kith processes on one PostgreSQL database behave as one site:
//! one set of rate limits, a write through one seen through the other at
//! once, settings changed everywhere at once, one expiry notice.

use kith::clock::Clock;

use crate::helpers::{
    Browser, GOOD_PASSWORD, TestApp, day, fresh_database, post_need, postgres_url,
    spawn_another_process,
};

/// Waits (at most ten seconds) until `shows` holds, looking again each time
/// `process` has acted on another process's change (a notice of an
/// earlier write may arrive first).
async fn until_shown<F, Fut>(process: &TestApp, mut shows: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let mut heard = process.state.changes.heard();
    let waited = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while !shows().await {
            if heard.changed().await.is_err() {
                return false;
            }
        }
        true
    })
    .await;
    assert_eq!(
        waited,
        Ok(true),
        "the other process never showed the change"
    );
}

#[actix_web::test]
async fn two_processes_on_one_postgresql_database_act_as_one_site() {
    if postgres_url().is_none() {
        println!("skipped: several processes need PostgreSQL (KITH_TEST_POSTGRES_URL)");
        return;
    }
    let (url, _db) = fresh_database();
    let clock = Clock::manual(1_800_000_000);
    let one = spawn_another_process(&url, &clock).await;
    // The second start replaces the first-admin link: the admin uses two.
    let two = spawn_another_process(&url, &clock).await;
    one.state.changes.connected().await;
    two.state.changes.connected().await;
    one.set_registration(kith::site::RegistrationMode::Open)
        .await;

    // A member signs up and logs in through one, and through two as well.
    let amara_one = one.member("Amara", "amara@example.org").await;

    // Her own browser logs in through two before anyone guesses.
    let amara_two = Browser::new(&two.address);
    let logged_in = amara_two
        .submit(
            "/login",
            "#login-form",
            &[("email", "amara@example.org"), ("password", GOOD_PASSWORD)],
        )
        .await;
    assert_eq!(
        logged_in.status, 303,
        "her own browser logs in: {}",
        logged_in.body
    );
    // Wrong passwords: ten per account and address, across both processes.
    let mut refused_at = None;
    for attempt in 1..=12 {
        let process = if attempt % 2 == 0 { &one } else { &two };
        let page = Browser::new(&process.address)
            .submit(
                "/login",
                "#login-form",
                &[
                    ("email", "amara@example.org"),
                    ("password", "not her password"),
                ],
            )
            .await;
        if page.status == 429 {
            refused_at = Some(attempt);
            break;
        }
        assert_eq!(page.status, 422);
    }
    assert_eq!(refused_at, Some(11), "the limit is one for both processes");

    // A need posted through one is on the other's board at once, even
    // though the other had the board page cached.
    assert!(
        !amara_two
            .get("/needs")
            .await
            .body
            .contains("Lift to the clinic")
    );
    let tomorrow = day(&one, 1);
    let need = post_need(
        &one,
        &amara_one,
        "Lift to the clinic",
        &[("date", &tomorrow)],
    )
    .await;
    until_shown(&two, || async {
        amara_two
            .get("/needs")
            .await
            .body
            .contains("Lift to the clinic")
    })
    .await;

    // The admin renames the board through two; one shows it at once.
    let admin = two.admin().await;
    let page = admin.get("/admin/settings").await;
    let description = page.raw_text("#description").unwrap_or_default();
    let rules = page.raw_text("#rules").unwrap_or_default();
    let saved = admin
        .submit(
            "/admin/settings",
            "#settings-form",
            &[
                ("name", "Larkhill Neighbours"),
                ("description", &description),
                ("rules", &rules),
                ("new_member_days", "7"),
                ("new_member_needs_per_day", "3"),
                ("new_member_offers_per_day", "10"),
                ("needs_per_day", "10"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    until_shown(&one, || async {
        amara_one
            .get("/")
            .await
            .text(".site-name")
            .is_some_and(|name| name == "Larkhill Neighbours")
    })
    .await;

    // Both run the expiry job at the same moment: one notice.
    clock.advance(3 * 86_400);
    let (a, b) = futures_util::future::join(
        kith::needs::expiry::expire_due(&one.state),
        kith::needs::expiry::expire_due(&two.state),
    )
    .await;
    let expired = a.expect("expiry runs").unwrap_or(0) + b.expect("expiry runs").unwrap_or(0);
    assert_eq!(expired, 1);
    let notices = amara_two
        .get("/notifications")
        .await
        .texts("#notifications li");
    let still_needed: Vec<_> = notices
        .iter()
        .filter(|n| n.contains("Lift to the clinic") && n.contains("still"))
        .collect();
    assert_eq!(still_needed.len(), 1, "{notices:?}");
    assert_eq!(
        amara_two
            .get(&format!("/needs/{need}"))
            .await
            .text(".status")
            .as_deref(),
        Some("Expired")
    );
}

#[actix_web::test]
async fn a_process_that_loses_its_listening_connection_hears_changes_again() {
    let Some(admin_url) = postgres_url() else {
        println!("skipped: several processes need PostgreSQL (KITH_TEST_POSTGRES_URL)");
        return;
    };
    let (url, _db) = fresh_database();
    let clock = Clock::manual(1_800_000_000);
    let one = spawn_another_process(&url, &clock).await;
    let two = spawn_another_process(&url, &clock).await;
    one.state.changes.connected().await;
    two.state.changes.connected().await;
    one.set_registration(kith::site::RegistrationMode::Open)
        .await;
    let amara_one = one.member("Amara", "amara@example.org").await;
    let amara_two = two.browser();
    assert_eq!(
        amara_two
            .log_in("amara@example.org", GOOD_PASSWORD)
            .await
            .status,
        303
    );

    // The database server drops every listening connection.
    {
        use diesel::prelude::*;
        let kith::db::DatabaseUrl::Postgres(test_url) = &url else {
            unreachable!("a PostgreSQL test database")
        };
        let name = test_url
            .split('?')
            .next()
            .and_then(|u| u.rsplit('/').next())
            .expect("a database name")
            .to_owned();
        let mut conn = diesel::PgConnection::establish(&admin_url).expect("reach PostgreSQL");
        diesel::sql_query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = $1 AND application_name LIKE 'kith/%/listen'",
        )
        .bind::<diesel::sql_types::Text, _>(&name)
        .execute(&mut conn)
        .expect("end the listening connections");
    }
    // Two connects again (and, since it may have missed something, acts as
    // if it heard a change).
    until_shown(&two, || async { two.state.changes.reconnects() >= 1 }).await;

    post_need(&one, &amara_one, "Walk the dog", &[]).await;
    until_shown(&two, || async {
        amara_two.get("/needs").await.body.contains("Walk the dog")
    })
    .await;
}
