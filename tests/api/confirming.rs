//! Confirming an address: the link mailed at sign-up, what an unconfirmed
//! member may do, and applications waiting for it.

use crate::helpers::{GOOD_PASSWORD, day, spawn_app};
use kith::site::RegistrationMode;

#[actix_web::test]
async fn an_unconfirmed_member_reads_but_cannot_post_until_the_link_is_pressed() {
    let app = spawn_app().await;
    let browser = app.browser();
    app.sign_up_unconfirmed(&browser, "Amara", "amara@example.org")
        .await;
    let check = browser.get("/signup/check-email").await;
    assert!(
        check
            .text("#check-email")
            .is_some_and(|t| t.contains("48 hours"))
    );
    assert_eq!(
        browser
            .log_in("amara@example.org", GOOD_PASSWORD)
            .await
            .status,
        303
    );

    let home = browser.get("/").await;
    assert!(
        home.text("#confirm-banner")
            .is_some_and(|t| t.contains("amara@example.org") && t.contains("Send the link again"))
    );
    assert_eq!(browser.get("/needs").await.status, 200, "reading is fine");
    let token = browser.csrf_token().await;
    let refused = browser
        .post(
            "/needs/new",
            &[
                ("csrf_token", &token),
                ("title", "Lift to the clinic"),
                ("when_kind", "day"),
                ("date", &day(&app, 2)),
            ],
        )
        .await;
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("Confirm your email address first"));

    // Opening the link is not enough (mail scanners open links): the
    // button confirms.
    let path = app
        .latest_link("amara@example.org", "/signup/confirm/")
        .await;
    let page = browser.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(browser.get("/").await.text("#confirm-banner").is_some());
    let confirmed = browser.submit(&path, "#confirm-form", &[]).await;
    assert_eq!(confirmed.status, 303);
    let home = browser.get("/").await;
    assert!(home.text("#confirm-banner").is_none());
    assert!(home.text("#flash").is_some_and(|t| t.contains("confirmed")));
    let need = crate::helpers::post_need(&app, &browser, "Lift to the clinic", &[]).await;
    assert!(need > 0);

    // The link worked once.
    let again = app.browser().get(&path).await;
    assert_eq!(again.status, 410);
    assert!(
        again
            .text("#dead-link")
            .is_some_and(|t| t.contains("used already"))
    );
}

#[actix_web::test]
async fn sending_the_link_again_replaces_the_old_one_and_is_limited() {
    let app = spawn_app().await;
    let browser = app.browser();
    app.sign_up_unconfirmed(&browser, "Ben", "ben@example.org")
        .await;
    browser.log_in("ben@example.org", GOOD_PASSWORD).await;
    let first = app.latest_link("ben@example.org", "/signup/confirm/").await;

    let token = browser.csrf_token().await;
    let sent = browser
        .post("/account/confirm", &[("csrf_token", &token)])
        .await;
    assert_eq!(sent.status, 303);
    assert!(
        browser
            .get("/")
            .await
            .text("#flash")
            .is_some_and(|t| t.contains("new link"))
    );
    let second = app.latest_link("ben@example.org", "/signup/confirm/").await;
    assert_ne!(first, second);
    assert_eq!(
        app.browser().get(&first).await.status,
        410,
        "the old link stopped"
    );
    assert_eq!(app.browser().get(&second).await.status, 200);

    for _ in 0..2 {
        let token = browser.csrf_token().await;
        assert_eq!(
            browser
                .post("/account/confirm", &[("csrf_token", &token)])
                .await
                .status,
            303
        );
    }
    let token = browser.csrf_token().await;
    let limited = browser
        .post("/account/confirm", &[("csrf_token", &token)])
        .await;
    assert_eq!(limited.status, 429);
    app.deliver_mail().await;
    assert_eq!(
        app.mailbox.to("ben@example.org").len(),
        4,
        "one at sign-up, three again"
    );
}

#[actix_web::test]
async fn an_application_reaches_the_queue_only_once_its_address_is_confirmed() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    app.set_registration(RegistrationMode::Approval).await;
    let nadia = app.browser();
    let page = nadia
        .submit(
            "/signup",
            "#signup-form",
            &[
                ("display_name", "Nadia"),
                ("email", "nadia@example.org"),
                ("password", GOOD_PASSWORD),
                ("password_confirm", GOOD_PASSWORD),
                ("answer", "Elm Street, since 2019"),
            ],
        )
        .await;
    assert_eq!(page.location(), Some("/signup/check-email"));
    let check = nadia.get("/signup/check-email").await;
    assert!(
        check
            .text("#check-email")
            .is_some_and(|t| t.contains("moderators"))
    );

    let queue = admin.get("/moderation?kind=applications").await;
    assert!(!queue.body.contains("Elm Street, since 2019"), "not yet");
    app.confirm_by_mail(&nadia, "nadia@example.org").await;
    assert_eq!(nadia.get("/").await.location(), Some("/waiting"));
    let queue = admin.get("/moderation?kind=applications").await;
    assert!(queue.body.contains("Elm Street, since 2019"));
}

#[actix_web::test]
async fn a_confirmation_link_expires_after_48_hours_and_a_made_up_one_is_unknown() {
    let app = spawn_app().await;
    app.sign_up_unconfirmed(&app.browser(), "Carol", "carol@example.org")
        .await;
    let path = app
        .latest_link("carol@example.org", "/signup/confirm/")
        .await;
    app.clock.advance(48 * 3600 + 1);
    let late = app.browser().get(&path).await;
    assert_eq!(late.status, 410);
    assert!(
        late.text("#dead-link")
            .is_some_and(|t| t.contains("48 hours"))
    );
    let unknown = app.browser().get("/signup/confirm/nonsense").await;
    assert_eq!(unknown.status, 404);
    assert!(
        unknown.body.contains("href=\"/login\""),
        "says what to do next"
    );
}

#[actix_web::test]
async fn confirming_on_another_browser_logs_in_there_and_goes_on_without_the_password() {
    let app = spawn_app().await;
    app.sign_up_unconfirmed(&app.browser(), "Dara", "dara@example.org")
        .await;
    let path = app
        .latest_link("dara@example.org", "/signup/confirm/")
        .await;
    let phone = app.browser();
    let page = phone.get(&path).await;
    let visitor_token = page
        .input_value("#confirm-form", "csrf_token")
        .expect("a token");
    let confirmed = phone.submit(&path, "#confirm-form", &[]).await;
    assert_eq!(confirmed.status, 303);
    assert_eq!(confirmed.location(), Some("/"));
    assert!(phone.cookie("kith_session").is_some(), "a session was made");

    let home = phone.get("/").await;
    assert_eq!(home.status, 200);
    assert!(
        home.text("#nav-account")
            .is_some_and(|t| t.contains("Dara"))
    );
    assert!(home.text("#confirm-banner").is_none());
    let member_token = phone.csrf_token().await;
    assert_ne!(member_token, visitor_token, "a fresh CSRF token");
    let need = crate::helpers::post_need(&app, &phone, "Help with the shopping", &[]).await;
    assert!(need > 0, "she can post at once");
}

#[actix_web::test]
async fn an_applicant_who_confirms_sees_the_waiting_page_without_logging_in() {
    let app = spawn_app().await;
    app.set_registration(RegistrationMode::Approval).await;
    let laptop = app.browser();
    let applied = laptop
        .submit(
            "/signup",
            "#signup-form",
            &[
                ("display_name", "Nadia"),
                ("email", "nadia@example.org"),
                ("password", GOOD_PASSWORD),
                ("password_confirm", GOOD_PASSWORD),
                ("answer", "Elm Street, since 2019"),
            ],
        )
        .await;
    assert_eq!(applied.location(), Some("/signup/check-email"));
    let path = app
        .latest_link("nadia@example.org", "/signup/confirm/")
        .await;
    let phone = app.browser();
    let confirmed = phone.submit(&path, "#confirm-form", &[]).await;
    assert_eq!(confirmed.status, 303);
    assert_eq!(confirmed.location(), Some("/waiting"));
    let waiting = phone.get("/waiting").await;
    assert_eq!(waiting.status, 200);
    assert_eq!(waiting.text("h1"), Some("Waiting for approval".into()));
    assert!(waiting.body.contains("Elm Street, since 2019"));
}

#[actix_web::test]
async fn a_browser_logged_in_as_the_same_person_keeps_its_session() {
    let app = spawn_app().await;
    let browser = app.browser();
    app.sign_up_unconfirmed(&browser, "Ede", "ede@example.org")
        .await;
    browser.log_in("ede@example.org", GOOD_PASSWORD).await;
    let session = browser.cookie("kith_session").expect("logged in");
    app.confirm_by_mail(&browser, "ede@example.org").await;
    assert_eq!(browser.cookie("kith_session"), Some(session));
    assert!(browser.get("/").await.text("#confirm-banner").is_none());
}

#[actix_web::test]
async fn a_browser_logged_in_as_someone_else_confirms_but_does_not_switch_accounts() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    app.sign_up_unconfirmed(&app.browser(), "Ben", "ben@example.org")
        .await;
    let path = app.latest_link("ben@example.org", "/signup/confirm/").await;
    let page = amara.get(&path).await;
    assert!(
        page.text("#confirm-someone-else")
            .is_some_and(|t| t.contains("Amara") && t.contains("stay logged in"))
    );
    let confirmed = amara.submit(&path, "#confirm-form", &[]).await;
    assert_eq!(confirmed.location(), Some("/"));
    let home = amara.get("/").await;
    assert!(
        home.text("#nav-account")
            .is_some_and(|t| t.contains("Amara"))
    );
    assert!(
        home.text("#flash")
            .is_some_and(|t| t.contains("still logged in as yourself"))
    );

    let ben = app.browser();
    assert_eq!(
        ben.log_in("ben@example.org", GOOD_PASSWORD).await.status,
        303
    );
    assert!(
        ben.get("/").await.text("#confirm-banner").is_none(),
        "Ben's address is confirmed"
    );
}

#[actix_web::test]
async fn a_confirmation_link_sent_to_a_neighbour_says_whose_account_it_logs_into() {
    let app = spawn_app().await;
    // Mallory signs up and forwards her own link to a logged-out neighbour.
    app.sign_up_unconfirmed(&app.browser(), "Mallory Mischief", "mallory@example.org")
        .await;
    let path = app
        .latest_link("mallory@example.org", "/signup/confirm/")
        .await;
    let neighbour = app.browser();
    let page = neighbour.get(&path).await;
    assert_eq!(page.status, 200);
    assert_eq!(
        page.text("#confirm-account").as_deref(),
        Some("You are confirming m***@example.org for Mallory Mischief.")
    );
    assert!(
        page.text("#confirm-logs-in").is_some_and(|t| t
            .contains("This browser will be logged in as Mallory Mischief")
            && t.contains("If that is not your account")),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("mallory@example.org"),
        "the address is masked"
    );
}

#[actix_web::test]
async fn a_stranger_signed_up_by_someone_else_is_not_mailed_the_name_they_typed() {
    let app = spawn_app().await;
    let spammer = app.browser();
    let words = "Win Money Now at spam";
    app.sign_up_unconfirmed(&spammer, words, "stranger@example.org")
        .await;
    spammer.log_in("stranger@example.org", GOOD_PASSWORD).await;
    // The link again, and a move to a second stranger's address.
    let token = spammer.csrf_token().await;
    let again = spammer
        .post("/account/confirm", &[("csrf_token", &token)])
        .await;
    assert_eq!(again.status, 303);
    let moved = spammer
        .submit(
            "/account",
            "#email-form",
            &[
                ("new_email", "second@example.org"),
                ("email_password", GOOD_PASSWORD),
            ],
        )
        .await;
    assert_eq!(moved.status, 303, "{}", moved.body);
    app.deliver_mail().await;

    let mut mails = app.mailbox.to("stranger@example.org");
    mails.extend(app.mailbox.to("second@example.org"));
    assert_eq!(mails.len(), 3, "two links and a new-address link");
    for mail in &mails {
        for part in [mail.subject(), mail.text(), mail.html(), mail.raw.clone()] {
            assert!(
                !part.contains("Win Money"),
                "the typed name was mailed: {part}"
            );
        }
        assert!(mail.text().starts_with("Hello,"), "{}", mail.text());
    }
}
