//! A link shared with a neighbour who is not logged in: the log-in page
//! says what it leads to, and logging in goes there, never to another site.

use crate::helpers::{GOOD_PASSWORD, TestApp, post_need, spawn_app};

/// A need posted by Amara, and Ben's account (logged out).
async fn a_need_and_a_neighbour(app: &TestApp) -> i64 {
    let amara = app.member("Amara", "amara@example.org").await;
    let need = post_need(app, &amara, "Lift to the clinic", &[]).await;
    app.sign_up(&app.browser(), "Ben", "ben@example.org").await;
    need
}

#[actix_web::test]
async fn a_visitor_following_a_link_to_a_need_logs_in_and_lands_on_that_need() {
    let app = spawn_app().await;
    let need = a_need_and_a_neighbour(&app).await;
    let ben = app.browser();

    let shared = ben.get(&format!("/needs/{need}")).await;
    assert_eq!(shared.status, 303);
    let login = shared.location().expect("sent to log in").to_owned();
    assert_eq!(login, format!("/login?next=%2Fneeds%2F{need}"));
    let page = ben.get(&login).await;
    assert_eq!(page.text("h1").as_deref(), Some("Log in to see this need"));

    let logged_in = ben
        .submit(
            &login,
            "#login-form",
            &[("email", "ben@example.org"), ("password", GOOD_PASSWORD)],
        )
        .await;
    assert_eq!(logged_in.status, 303);
    let there = format!("/needs/{need}");
    assert_eq!(logged_in.location(), Some(there.as_str()));
    assert!(
        ben.get(&there)
            .await
            .text("h1")
            .is_some_and(|t| t.contains("Lift to the clinic"))
    );
}

#[actix_web::test]
async fn a_wrong_password_keeps_the_way_back_and_what_was_typed() {
    let app = spawn_app().await;
    let need = a_need_and_a_neighbour(&app).await;
    let ben = app.browser();
    let login = format!("/login?next=%2Fneeds%2F{need}");

    let wrong = ben
        .submit(
            &login,
            "#login-form",
            &[
                ("email", "ben@example.org"),
                ("password", "not my password"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert_eq!(
        wrong.input_value("#login-form", "email").as_deref(),
        Some("ben@example.org")
    );
    let there = format!("/needs/{need}");
    assert_eq!(
        wrong.input_value("#login-form", "next").as_deref(),
        Some(there.as_str())
    );
    assert_eq!(wrong.text("h1").as_deref(), Some("Log in to see this need"));

    let token = wrong
        .input_value("#login-form", "csrf_token")
        .expect("a token");
    let right = ben
        .post(
            "/login",
            &[
                ("csrf_token", &token),
                ("email", "ben@example.org"),
                ("password", GOOD_PASSWORD),
                ("next", &there),
            ],
        )
        .await;
    assert_eq!(right.location(), Some(there.as_str()));
}

#[actix_web::test]
async fn a_way_back_to_another_site_lands_on_the_home_page_instead() {
    let app = spawn_app().await;
    app.sign_up(&app.browser(), "Ben", "ben@example.org").await;
    for next in [
        "https%3A%2F%2Fevil.example%2F",
        "https://evil.example/",
        "%2F%2Fevil.example",
        "//evil.example",
        "%2F%5Cevil.example",
        "%2F%09%2Fevil.example",
        "%252F%252Fevil.example",
        "javascript%3Aalert(1)",
        "javascript:alert(1)",
        "%2Fneeds%0D%0ASet-Cookie%3A%20x%3D1",
        "%E2%80%8E%2F%2Fevil.example",
    ] {
        let ben = app.browser();
        let login = format!("/login?next={next}");
        let page = ben.get(&login).await;
        assert_eq!(page.status, 200, "{next}");
        assert_eq!(page.text("h1").as_deref(), Some("Log in"), "{next}");
        assert_eq!(page.input_value("#login-form", "next"), None, "{next}");
        let logged_in = ben
            .post(
                "/login",
                &[
                    (
                        "csrf_token",
                        &page
                            .input_value("#login-form", "csrf_token")
                            .expect("a token"),
                    ),
                    ("email", "ben@example.org"),
                    ("password", GOOD_PASSWORD),
                    (
                        "next",
                        &percent_decoded(next).unwrap_or_else(|| next.to_owned()),
                    ),
                ],
            )
            .await;
        assert_eq!(logged_in.status, 303, "{next}");
        assert_eq!(logged_in.location(), Some("/"), "{next}");
    }
}

#[actix_web::test]
async fn a_member_already_logged_in_is_sent_straight_on() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let page = amara.get(&format!("/login?next=%2Fneeds%2F{need}")).await;
    assert_eq!(page.status, 303);
    assert_eq!(page.location(), Some(format!("/needs/{need}").as_str()));
    let elsewhere = amara.get("/login?next=%2F%2Fevil.example").await;
    assert_eq!(elsewhere.location(), Some("/"));
}

#[actix_web::test]
async fn other_pages_say_what_they_are_and_the_home_page_needs_no_way_back() {
    let app = spawn_app().await;
    let visitor = app.browser();
    let people = visitor.get("/people/1").await;
    assert_eq!(people.location(), Some("/login?next=%2Fpeople%2F1"));
    assert_eq!(
        visitor.get("/login?next=%2Fpeople%2F1").await.text("h1"),
        Some("Log in to see this neighbour's page".into())
    );
    let log = visitor.get("/moderation/log").await;
    assert_eq!(log.location(), Some("/login?next=%2Fmoderation%2Flog"));
    assert_eq!(
        visitor
            .get("/login?next=%2Fmoderation%2Flog")
            .await
            .text("h1"),
        Some("Log in to see this page".into())
    );
    // A form sent without a session is not sent again after logging in.
    let token = visitor.csrf_token().await;
    let post = visitor
        .post("/needs/1/volunteer", &[("csrf_token", &token)])
        .await;
    assert_eq!(post.location(), Some("/login"));
}

/// `text` with `%XX` escapes decoded once, as a browser's form would send
/// what the address said; `None` if it does not decode to UTF-8.
fn percent_decoded(text: &str) -> Option<String> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(&format!("next={}", text.replace('+', "%2B"))).ok()?;
    pairs.into_iter().next().map(|(_, v)| v)
}
