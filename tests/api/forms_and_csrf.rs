//! Every post needs a CSRF token and a same-site origin; malformed forms
//! are refused without changing anything.

use crate::helpers::{GOOD_PASSWORD, count_users, spawn_app};

fn signup_fields(token: &str) -> Vec<(&str, &str)> {
    vec![
        ("csrf_token", token),
        ("display_name", "Kofi"),
        ("email", "kofi@example.org"),
        ("password", GOOD_PASSWORD),
        ("password_confirm", GOOD_PASSWORD),
    ]
}

#[actix_web::test]
async fn a_sign_up_without_a_csrf_token_is_refused_and_creates_nobody() {
    let app = spawn_app().await;
    let browser = app.browser();
    browser.get("/signup").await;
    let mut fields = signup_fields("");
    fields.remove(0);
    let page = browser.post("/signup", &fields).await;
    assert_eq!(page.status, 403);
    assert!(page.text("h1").is_some_and(|t| t.contains("expired")));
    assert!(
        page.text("#error")
            .is_some_and(|t| t.contains("Nothing was changed"))
    );
    assert_eq!(count_users(&app).await, 0);
}

#[actix_web::test]
async fn a_sign_up_with_a_wrong_csrf_token_is_refused_and_creates_nobody() {
    let app = spawn_app().await;
    let browser = app.browser();
    browser.get("/signup").await;
    let forged = kith::kernel::secret::random_token(32);
    let page = browser.post("/signup", &signup_fields(&forged)).await;
    assert_eq!(page.status, 403);
    assert_eq!(count_users(&app).await, 0);
}

#[actix_web::test]
async fn a_form_posted_from_another_site_is_refused_even_with_a_token() {
    let app = spawn_app().await;
    let browser = app.browser();
    let token = browser.csrf_token().await;

    let cross_origin = browser
        .post_with(
            "/signup",
            &signup_fields(&token),
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(cross_origin.status, 403);
    let cross_site = browser
        .post_with(
            "/signup",
            &signup_fields(&token),
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(cross_site.status, 403);
    let opaque = browser
        .post_with("/signup", &signup_fields(&token), &[("origin", "null")])
        .await;
    assert_eq!(opaque.status, 403);
    assert_eq!(count_users(&app).await, 0);

    let same_site = browser
        .post_with(
            "/signup",
            &signup_fields(&token),
            &[("sec-fetch-site", "same-origin")],
        )
        .await;
    assert_eq!(same_site.status, 303);
    assert_eq!(count_users(&app).await, 1);
}

#[actix_web::test]
async fn a_logged_in_members_form_needs_their_session_token_not_a_visitors() {
    let app = spawn_app().await;
    let member = app.member("Lena", "lena@example.org").await;
    let visitor_token = app.browser().csrf_token().await;
    let page = member
        .post(
            "/account/name",
            &[("csrf_token", &visitor_token), ("display_name", "Hacked")],
        )
        .await;
    assert_eq!(page.status, 403);
    let account = member.get("/account").await;
    assert_eq!(
        account.input_value("#name-form", "display_name").as_deref(),
        Some("Lena")
    );
}

#[actix_web::test]
async fn logging_out_needs_a_post_with_the_token() {
    let app = spawn_app().await;
    let member = app.member("Mo", "mo@example.org").await;
    assert_eq!(member.get("/logout").await.status, 404);
    assert_eq!(member.post("/logout", &[]).await.status, 403);
    assert!(member.get("/").await.text("#welcome").is_some());
}

#[actix_web::test]
async fn a_repeated_field_is_refused_outright() {
    let app = spawn_app().await;
    let member = app.member("Nia", "nia@example.org").await;
    let token = member.csrf_token().await;
    let body = format!("csrf_token={token}&display_name=One&display_name=Two");
    let origin = app.address.clone();
    let page = member
        .post_raw("/account/name", &body, &[("origin", origin.as_str())])
        .await;
    assert_eq!(page.status, 400);
    assert!(
        page.text("#error")
            .is_some_and(|t| t.contains("more than once"))
    );
    let account = member.get("/account").await;
    assert_eq!(
        account.input_value("#name-form", "display_name").as_deref(),
        Some("Nia")
    );
}

#[actix_web::test]
async fn a_huge_form_is_refused_with_a_page_not_a_crash() {
    let app = spawn_app().await;
    let browser = app.browser();
    let token = browser.csrf_token().await;
    let huge = "x".repeat(100 * 1024);
    let page = browser
        .post(
            "/login",
            &[("csrf_token", &token), ("email", &huge), ("password", "x")],
        )
        .await;
    assert_eq!(page.status, 400);
    assert!(page.text("#error").is_some());
}

#[actix_web::test]
async fn an_expired_form_offers_to_open_the_same_page_again() {
    let app = spawn_app().await;
    let browser = app.browser();
    browser.get("/signup").await;
    let referer = format!("{}/signup", app.address);
    let origin = app.address.clone();
    let page = browser
        .post_with(
            "/signup",
            &signup_fields("stale-token"),
            &[("origin", origin.as_str()), ("referer", referer.as_str())],
        )
        .await;
    assert_eq!(page.status, 403);
    assert_eq!(
        page.attr("#error a.button", "href").as_deref(),
        Some("/signup")
    );

    let elsewhere = browser
        .post_with(
            "/signup",
            &signup_fields("stale-token"),
            &[("referer", "https://evil.example/signup")],
        )
        .await;
    assert_eq!(elsewhere.status, 403);
    assert_eq!(
        elsewhere.attr("#error a.button", "href").as_deref(),
        Some("/")
    );
}

#[actix_web::test]
async fn a_post_from_a_sibling_site_is_refused_and_a_typed_address_is_not() {
    let app = spawn_app().await;
    let browser = app.browser();
    let token = browser.csrf_token().await;
    let sibling = browser
        .post_with(
            "/signup",
            &signup_fields(&token),
            &[("sec-fetch-site", "same-site")],
        )
        .await;
    assert_eq!(sibling.status, 403);
    assert_eq!(count_users(&app).await, 0);
    let typed = browser
        .post_with(
            "/signup",
            &signup_fields(&token),
            &[("sec-fetch-site", "none")],
        )
        .await;
    assert_eq!(typed.status, 303);
}
