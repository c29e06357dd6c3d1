//! Forgotten passwords: a link by mail, single use, one hour, and every old
//! session ended.

use crate::helpers::{Browser, GOOD_PASSWORD, TestApp, spawn_app};

const NEW_PASSWORD: &str = "a new kettle by the door";

/// Asks for a reset link for `email` from a new browser; returns the page.
async fn ask_for_link(browser: &Browser, email: &str) -> crate::helpers::Page {
    browser
        .submit("/password/forgot", "#forgot-form", &[("email", email)])
        .await
}

/// The reset messages that reached `email`.
fn resets(app: &TestApp, email: &str) -> Vec<crate::mailbox::Received> {
    app.mailbox
        .to(email)
        .into_iter()
        .filter(|m| m.subject().starts_with("Reset your password"))
        .collect()
}

/// The path of the reset link in the first reset message to `email`.
fn reset_path(app: &TestApp, email: &str) -> String {
    let link = resets(app, email)
        .first()
        .expect("a reset message")
        .link("/password/reset/");
    link[link.find("/password/reset/").expect("a reset path")..].to_owned()
}

#[actix_web::test]
async fn a_forgotten_password_is_reset_by_mail_and_every_old_session_ends() {
    let app = spawn_app().await;
    let at_home = app.member("Alice", "alice@example.org").await;
    assert_eq!(at_home.get("/account").await.status, 200);

    let phone = app.browser();
    let login = phone.get("/login").await;
    assert_eq!(
        login.attr("#forgot-link", "href").as_deref(),
        Some("/password/forgot")
    );
    let sent = ask_for_link(&phone, "Alice@Example.org").await;
    assert_eq!(sent.status, 200);
    assert!(
        sent.text("#forgot-sent")
            .is_some_and(|t| t.contains("alice@example.org"))
    );
    app.deliver_mail().await;
    let message = resets(&app, "alice@example.org").remove(0);
    assert!(message.text().contains("within one hour"));
    assert!(message.header("List-Unsubscribe").is_none(), "account mail");
    let path = reset_path(&app, "alice@example.org");

    let form = phone.get(&path).await;
    assert_eq!(form.status, 200);
    let saved = phone
        .submit(
            &path,
            "#reset-form",
            &[
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(saved.location(), Some("/"));
    let home = phone.get("/").await;
    assert!(
        home.text("#flash")
            .is_some_and(|t| t.contains("new password is saved"))
    );
    assert_eq!(
        phone.get("/account").await.status,
        200,
        "logged in by the reset"
    );

    // The browser at home was logged out; the old password is gone.
    assert_eq!(at_home.get("/account").await.status, 303);
    let old = app
        .browser()
        .log_in("alice@example.org", GOOD_PASSWORD)
        .await;
    assert_eq!(old.status, 422);
    let new = app
        .browser()
        .log_in("alice@example.org", NEW_PASSWORD)
        .await;
    assert_eq!(new.status, 303);

    // The address is told, and the link works once.
    app.deliver_mail().await;
    assert!(
        app.mailbox
            .to("alice@example.org")
            .iter()
            .any(|m| m.subject().contains("password") && m.subject().contains("was changed"))
    );
    let again = app.browser().get(&path).await;
    assert_eq!(again.status, 410);
    assert!(
        again
            .text("#dead-link")
            .is_some_and(|t| t.contains("used already"))
    );
}

#[actix_web::test]
async fn an_unknown_address_gets_the_same_answer_and_nobody_gets_mail() {
    let app = spawn_app().await;
    app.member("Alice", "alice@example.org").await;
    let known = ask_for_link(&app.browser(), "alice@example.org").await;
    let unknown = ask_for_link(&app.browser(), "stranger@example.org").await;
    assert_eq!(known.status, unknown.status);
    assert_eq!(
        known.text("h1"),
        unknown.text("h1"),
        "the same page for both"
    );
    assert_eq!(
        known.text("#forgot-sent").map(|t| t.replace("alice", "X")),
        unknown
            .text("#forgot-sent")
            .map(|t| t.replace("stranger", "X")),
    );
    app.deliver_mail().await;
    assert_eq!(resets(&app, "alice@example.org").len(), 1);
    assert!(app.mailbox.to("stranger@example.org").is_empty());
}

#[actix_web::test]
async fn a_reset_link_expires_after_an_hour_and_a_made_up_one_is_unknown() {
    let app = spawn_app().await;
    app.member("Alice", "alice@example.org").await;
    ask_for_link(&app.browser(), "alice@example.org").await;
    app.deliver_mail().await;
    let path = reset_path(&app, "alice@example.org");

    app.clock.advance(3601);
    let late = app.browser().get(&path).await;
    assert_eq!(late.status, 410);
    assert!(
        late.text("#dead-link")
            .is_some_and(|t| t.contains("time ran out"))
    );
    assert!(
        late.body.contains("href=\"/password/forgot\""),
        "says what to do next"
    );
    let browser = app.browser();
    let form_anyway = browser
        .post(
            &path,
            &[
                ("csrf_token", &browser.csrf_token().await),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(form_anyway.status, 410);
    assert_eq!(
        app.browser()
            .log_in("alice@example.org", NEW_PASSWORD)
            .await
            .status,
        422,
        "the password did not change"
    );

    let made_up = app.browser().get("/password/reset/not-a-real-token").await;
    assert_eq!(made_up.status, 404);
    assert!(
        made_up
            .text("#dead-link")
            .is_some_and(|t| t.contains("copy the whole address"))
    );
}

#[actix_web::test]
async fn a_new_link_replaces_the_last_and_a_weak_password_is_refused_beside_the_field() {
    let app = spawn_app().await;
    app.member("Alice", "alice@example.org").await;
    ask_for_link(&app.browser(), "alice@example.org").await;
    app.deliver_mail().await;
    let first = reset_path(&app, "alice@example.org");
    ask_for_link(&app.browser(), "alice@example.org").await;
    app.deliver_mail().await;
    let links: Vec<String> = resets(&app, "alice@example.org")
        .iter()
        .map(|m| m.link("/password/reset/"))
        .collect();
    assert_eq!(links.len(), 2);
    let second = &links[1][links[1].find("/password/reset/").expect("path")..];
    assert_ne!(first, second);
    assert_eq!(app.browser().get(&first).await.status, 410, "replaced");

    let browser = app.browser();
    let weak = browser
        .submit(
            second,
            "#reset-form",
            &[("password", "short"), ("password_confirm", "short")],
        )
        .await;
    assert_eq!(weak.status, 422);
    assert!(weak.text("#password-error").is_some());
    let mismatch = browser
        .submit(
            second,
            "#reset-form",
            &[
                ("password", NEW_PASSWORD),
                ("password_confirm", "something else entirely"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, 422);
    assert!(mismatch.text("#password_confirm-error").is_some());
    let saved = browser
        .submit(
            second,
            "#reset-form",
            &[
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        saved.status, 303,
        "the link still works after refused tries"
    );
}

#[actix_web::test]
async fn reset_requests_are_limited_per_address_asked_about() {
    let app = spawn_app().await;
    app.member("Alice", "alice@example.org").await;
    for _ in 0..3 {
        let page = ask_for_link(&app.browser(), "alice@example.org").await;
        assert_eq!(page.status, 200);
    }
    let refused = ask_for_link(&app.browser(), "alice@example.org").await;
    assert_eq!(refused.status, 429);
    assert!(
        refused
            .text("#form-error")
            .is_some_and(|t| t.contains("Please wait"))
    );
    assert_eq!(
        refused.input_value("#forgot-form", "email").as_deref(),
        Some("alice@example.org"),
        "what was typed stays"
    );
    app.deliver_mail().await;
    assert_eq!(resets(&app, "alice@example.org").len(), 3);

    let empty = ask_for_link(&app.browser(), "").await;
    assert_eq!(empty.status, 422);
    assert!(empty.text("#email-error").is_some());
}
