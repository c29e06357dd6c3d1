//! What waits for the moderators: told in the app and by mail, and counted
//! in the navigation.

use crate::helpers::{GOOD_PASSWORD, post_need, spawn_app};
use crate::moderation_actions::report;
use kith::site::RegistrationMode;

#[actix_web::test]
async fn staff_hear_of_an_application_once_its_address_is_confirmed_and_see_it_counted() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    app.set_registration(RegistrationMode::Approval).await;
    let nadia = app.browser();
    let applied = nadia
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
    assert_eq!(applied.status, 303);
    app.deliver_mail().await;
    assert!(
        app.mailbox.to("grace@example.org").is_empty(),
        "nothing until the address is confirmed"
    );
    assert!(admin.get("/").await.text("#nav-waiting").is_none());

    app.confirm_by_mail(&app.browser(), "nadia@example.org")
        .await;
    app.deliver_mail().await;
    let told = app.mailbox.only_to("grace@example.org");
    assert!(
        told.subject().contains("Nadia asks to join"),
        "{}",
        told.subject()
    );
    assert!(told.text().contains("/moderation?kind=applications"));
    assert!(told.header("List-Unsubscribe").is_some());
    let home = admin.get("/").await;
    assert!(home.text("#nav-waiting").is_some_and(|t| t.contains("1")));
    assert!(
        admin
            .get("/notifications")
            .await
            .body
            .contains("asks to join")
    );
}

#[actix_web::test]
async fn a_report_reaches_the_moderators_by_mail_or_in_their_digest_and_is_counted_in_the_navigation()
 {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Selling raffle tickets", &[]).await;
    report(&ben, "need", need, "This is selling.").await;

    app.deliver_mail().await;
    let told = app.mailbox.only_to("grace@example.org");
    assert!(told.subject().contains("A new report waits"));
    assert!(
        !told.text().contains("Ben"),
        "the mail does not name the reporter"
    );
    assert!(
        app.mailbox
            .to("amara@example.org")
            .iter()
            .all(|m| !m.subject().contains("report"))
    );
    let home = admin.get("/").await;
    assert!(home.text("#nav-waiting").is_some_and(|t| t.contains("1")));
    assert!(
        ben.get("/").await.text("#nav-waiting").is_none(),
        "members see no count"
    );

    // A moderator who prefers the digest gets it there instead.
    let saved = admin
        .submit(
            "/account/notifications",
            "#mail-settings-form",
            &[("staff", "digest")],
        )
        .await;
    assert_eq!(saved.status, 303);
    let other = post_need(&app, &amara, "Another raffle", &[]).await;
    report(&ben, "need", other, "Selling again.").await;
    app.deliver_mail().await;
    assert_eq!(app.mailbox.to("grace@example.org").len(), 1);
    let home = admin.get("/").await;
    assert!(home.text("#nav-waiting").is_some_and(|t| t.contains("2")));
}
