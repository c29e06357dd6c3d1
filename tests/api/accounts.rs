//! Signing up, logging in and out, and the account page.

use crate::helpers::{GOOD_PASSWORD, count_users, spawn_app};

#[actix_web::test]
async fn a_neighbour_signs_up_logs_in_and_sees_their_home() {
    let app = spawn_app().await;
    let browser = app.browser();
    app.sign_up(&browser, "Amara Okafor", "amara@example.org")
        .await;

    let page = browser.log_in("Amara@Example.org ", GOOD_PASSWORD).await;
    assert_eq!(page.status, 303);
    let home = browser.get("/").await;
    assert_eq!(
        home.text("#welcome").as_deref(),
        Some("Welcome, Amara Okafor")
    );
    assert!(
        home.text("#nav-account")
            .is_some_and(|t| t.contains("Amara Okafor"))
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));
}

#[actix_web::test]
async fn logging_out_ends_the_session_so_the_old_cookie_no_longer_works() {
    let app = spawn_app().await;
    let browser = app.member("Ben", "ben@example.org").await;
    let old_session = browser.cookie("kith_session").expect("a session cookie");

    let token = browser.csrf_token().await;
    let page = browser.post("/logout", &[("csrf_token", &token)]).await;
    assert_eq!(page.status, 303);
    assert_eq!(browser.cookie("kith_session"), None);
    assert!(browser.get("/").await.text("#welcome").is_none());

    let replay = app.browser();
    replay.set_cookie("kith_session", &old_session);
    let account = replay.get("/account").await;
    assert_eq!(account.status, 303);
    assert_eq!(account.location(), Some("/login?next=%2Faccount"));
}

#[actix_web::test]
async fn a_wrong_password_is_refused_and_the_email_is_kept() {
    let app = spawn_app().await;
    let browser = app.browser();
    app.sign_up(&browser, "Chen", "chen@example.org").await;

    let page = browser
        .log_in("chen@example.org", "not my password at all")
        .await;
    assert_eq!(page.status, 422);
    assert!(
        page.text("#form-error")
            .is_some_and(|t| t.contains("do not match"))
    );
    assert_eq!(
        page.input_value("#login-form", "email").as_deref(),
        Some("chen@example.org")
    );
    assert_eq!(
        page.input_value("#login-form", "password").as_deref(),
        Some("")
    );
    assert_eq!(browser.cookie("kith_session"), None);
}

#[actix_web::test]
async fn an_unknown_email_is_answered_exactly_like_a_wrong_password() {
    let app = spawn_app().await;
    let browser = app.browser();
    app.sign_up(&browser, "Dana", "dana@example.org").await;

    let wrong = browser
        .log_in("dana@example.org", "not my password at all")
        .await;
    let unknown = browser
        .log_in("nobody@example.org", "not my password at all")
        .await;
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(wrong.text("#form-error"), unknown.text("#form-error"));
    assert_eq!(wrong.texts(".field-error"), unknown.texts(".field-error"));
}

#[actix_web::test]
async fn signing_up_with_a_taken_email_looks_the_same_and_changes_nothing() {
    let app = spawn_app().await;
    let first = app.browser();
    app.sign_up(&first, "Esi", "esi@example.org").await;

    let stranger = app.browser();
    let page = stranger
        .submit(
            "/signup",
            "#signup-form",
            &[
                ("display_name", "Not Esi"),
                ("email", "ESI@example.org"),
                ("password", "a different long password"),
                ("password_confirm", "a different long password"),
            ],
        )
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(
        page.location(),
        Some("/signup/check-email"),
        "as for a new address"
    );
    assert_eq!(count_users(&app).await, 1);
    // The owner hears of it, with the way in; nothing is confirmed for
    // the stranger.
    app.deliver_mail().await;
    let told = app
        .mailbox
        .to("esi@example.org")
        .into_iter()
        .filter(|m| m.subject().contains("tried to sign up"))
        .collect::<Vec<_>>();
    assert_eq!(told.len(), 1);
    assert!(told[0].text().contains("/password/forgot"));
    assert!(!told[0].text().contains("/signup/confirm/"));
    assert_eq!(
        stranger
            .log_in("esi@example.org", "a different long password")
            .await
            .status,
        422
    );
    assert_eq!(
        first.log_in("esi@example.org", GOOD_PASSWORD).await.status,
        303
    );
}

#[actix_web::test]
async fn a_common_password_is_refused_and_everything_else_typed_is_kept() {
    let app = spawn_app().await;
    let browser = app.browser();
    let page = browser
        .submit(
            "/signup",
            "#signup-form",
            &[
                ("display_name", "Fatima Zahra"),
                ("email", "fatima@example.org"),
                ("password", "password123"),
                ("password_confirm", "password123"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(
        page.text("#password-error")
            .is_some_and(|t| t.contains("common"))
    );
    assert_eq!(
        page.input_value("#signup-form", "display_name").as_deref(),
        Some("Fatima Zahra")
    );
    assert_eq!(
        page.input_value("#signup-form", "email").as_deref(),
        Some("fatima@example.org")
    );
    assert_eq!(
        page.input_value("#signup-form", "password").as_deref(),
        Some("")
    );
    assert_eq!(
        page.attr("#password", "aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(count_users(&app).await, 0);
}

#[actix_web::test]
async fn each_bad_field_gets_its_own_message_next_to_it() {
    let app = spawn_app().await;
    let browser = app.browser();
    let long_name = "x".repeat(61);
    let page = browser
        .submit(
            "/signup",
            "#signup-form",
            &[
                ("display_name", &long_name),
                ("email", "not-an-email"),
                ("password", "short"),
                ("password_confirm", "other"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(
        page.text("#display_name-error")
            .is_some_and(|t| t.contains("60"))
    );
    assert!(
        page.text("#email-error")
            .is_some_and(|t| t.contains("name@example.org"))
    );
    assert!(
        page.text("#password-error")
            .is_some_and(|t| t.contains("8 characters"))
    );
    assert!(
        page.text("#form-error")
            .is_some_and(|t| t.contains("3 things"))
    );
    assert_eq!(
        page.input_value("#signup-form", "email").as_deref(),
        Some("not-an-email")
    );
}

#[actix_web::test]
async fn a_password_equal_to_the_email_or_name_is_refused() {
    let app = spawn_app().await;
    let browser = app.browser();
    let page = browser
        .submit(
            "/signup",
            "#signup-form",
            &[
                ("display_name", "Gabriel Moreau"),
                ("email", "gabriel.moreau@example.org"),
                ("password", "gabriel.moreau@example.org"),
                ("password_confirm", "gabriel.moreau@example.org"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(
        page.text("#password-error")
            .is_some_and(|t| t.contains("email address or name"))
    );
}

#[actix_web::test]
async fn mismatched_password_confirmation_is_pointed_out() {
    let app = spawn_app().await;
    let page = app
        .browser()
        .submit(
            "/signup",
            "#signup-form",
            &[
                ("display_name", "Hana"),
                ("email", "hana@example.org"),
                ("password", GOOD_PASSWORD),
                ("password_confirm", "kettle on the windowsil"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(
        page.text("#password_confirm-error")
            .is_some_and(|t| t.contains("not the same"))
    );
}

#[actix_web::test]
async fn a_member_changes_their_display_name() {
    let app = spawn_app().await;
    let browser = app.member("Ivo", "ivo@example.org").await;
    let page = browser
        .submit(
            "/account",
            "#name-form",
            &[("display_name", "  Ivo Petrov ")],
        )
        .await;
    assert_eq!(page.status, 303);
    let account = browser.get("/account").await;
    assert!(
        account
            .text("#flash")
            .is_some_and(|t| t.contains("name has been changed"))
    );
    assert_eq!(
        account.input_value("#name-form", "display_name").as_deref(),
        Some("Ivo Petrov")
    );

    let bad = browser
        .submit("/account", "#name-form", &[("display_name", "   ")])
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.text("#display_name-error").is_some());
}

#[actix_web::test]
async fn changing_the_password_needs_the_current_one_and_logs_out_other_devices() {
    let app = spawn_app().await;
    let phone = app.member("Jun", "jun@example.org").await;
    let laptop = app.browser();
    assert_eq!(
        laptop.log_in("jun@example.org", GOOD_PASSWORD).await.status,
        303
    );

    let wrong = phone
        .submit(
            "/account",
            "#password-form",
            &[
                ("current_password", "not the current one"),
                ("new_password", "a brand new sentence"),
                ("new_password_confirm", "a brand new sentence"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.text("#current_password-error").is_some());

    let changed = phone
        .submit(
            "/account",
            "#password-form",
            &[
                ("current_password", GOOD_PASSWORD),
                ("new_password", "a brand new sentence"),
                ("new_password_confirm", "a brand new sentence"),
            ],
        )
        .await;
    assert_eq!(changed.status, 303);
    assert!(
        phone
            .get("/account")
            .await
            .text("#flash")
            .is_some_and(|t| t.contains("changed"))
    );
    assert_eq!(
        laptop.get("/account").await.location(),
        Some("/login?next=%2Faccount")
    );

    let again = app.browser();
    assert_eq!(
        again.log_in("jun@example.org", GOOD_PASSWORD).await.status,
        422
    );
    assert_eq!(
        again
            .log_in("jun@example.org", "a brand new sentence")
            .await
            .status,
        303
    );
}

#[actix_web::test]
async fn the_account_page_sends_visitors_to_log_in() {
    let app = spawn_app().await;
    let page = app.browser().get("/account").await;
    assert_eq!(page.status, 303);
    assert_eq!(page.location(), Some("/login?next=%2Faccount"));
}
