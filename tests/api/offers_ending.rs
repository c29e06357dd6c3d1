//! Offers that end with their need: when it fills, is done, cancelled or
//! expires, the offers still waiting end as "not needed" and their
//! volunteers are told kindly, on the site and by mail as they chose.

use crate::helpers::{Browser, TestApp, day, offer_id, post_need, press, spawn_app};

const DAY: i64 = 86_400;

async fn volunteer(browser: &Browser, need: i64) {
    let page = browser
        .submit(&format!("/needs/{need}"), "#volunteer-form", &[])
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
}

async fn accept(author: &Browser, need: i64, name: &str) {
    let offer = offer_id(author, need, name).await;
    let page = press(
        author,
        &format!("/needs/{need}"),
        &format!("/needs/{need}/offers/{offer}/accept"),
    )
    .await;
    assert_eq!(page.status, 303, "{}", page.body);
}

async fn notifications(browser: &Browser) -> String {
    browser
        .get("/notifications")
        .await
        .text("#notifications")
        .unwrap_or_default()
}

/// Subjects of the notification mail sent to `email` so far.
async fn subjects_to(app: &TestApp, email: &str) -> Vec<String> {
    app.deliver_mail().await;
    app.mailbox
        .to(email)
        .into_iter()
        .filter(|m| m.header("List-Unsubscribe").is_some())
        .map(|m| m.subject())
        .collect()
}

/// What the volunteer sees of their own offer on the need's page: the
/// sentence about it, and whether they are offered a "Withdraw" button.
async fn my_offer(browser: &Browser, need: i64) -> (String, bool) {
    let page = browser.get(&format!("/needs/{need}")).await;
    assert_eq!(page.status, 200);
    (
        page.text("#my-offer").unwrap_or_default(),
        page.text("#withdraw-form").is_some(),
    )
}

#[actix_web::test]
async fn offers_still_waiting_end_when_the_need_fills_and_may_be_made_again_if_it_opens() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let chen = app.member("Chen", "chen@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    volunteer(&ben, need).await;
    volunteer(&chen, need).await;
    accept(&amara, need, "Ben").await;

    let (offer, withdraw) = my_offer(&chen, need).await;
    assert!(offer.contains("Not needed"), "{offer}");
    assert!(offer.contains("Amara found the helpers"), "{offer}");
    assert!(!withdraw, "nothing left to withdraw");
    assert!(
        notifications(&chen).await.contains(
            "Amara has found the helpers for “Lift to the clinic”. Thank you for offering."
        )
    );
    assert!(
        subjects_to(&app, "chen@example.org")
            .await
            .iter()
            .any(|s| s.contains("has found the helpers")),
        "changes come by mail at once unless Chen chose otherwise"
    );
    let helping = chen.get("/needs/helping").await;
    assert!(
        helping
            .text("#helping")
            .is_some_and(|t| t.contains("Lift to the clinic") && t.contains("Not needed"))
    );

    let page = amara.get(&format!("/needs/{need}")).await;
    assert_eq!(
        page.text("#offers-heading").as_deref(),
        Some("Offers of help")
    );
    assert!(
        page.text(".decline-form").is_none(),
        "nothing waits for an answer"
    );
    assert!(
        page.texts(".offer-status")
            .contains(&"not needed".to_owned()),
        "{:?}",
        page.texts(".offer-status")
    );
    let mine = amara.get("/needs/mine").await;
    assert!(mine.text("#my-needs .waiting").is_none());

    // Ben withdraws, so the need opens again: Chen's offer stays ended, and
    // Chen may offer again.
    assert_eq!(
        press(
            &ben,
            &format!("/needs/{need}"),
            &format!("/needs/{need}/withdraw")
        )
        .await
        .status,
        303
    );
    assert!(my_offer(&chen, need).await.0.contains("Not needed"));
    volunteer(&chen, need).await;
    let (offer, withdraw) = my_offer(&chen, need).await;
    assert!(offer.contains("pending") && withdraw, "{offer}");
    assert!(
        amara
            .get("/needs/mine")
            .await
            .text("#my-needs .waiting")
            .is_some_and(|t| t.contains("1 offer waiting"))
    );
}

#[actix_web::test]
async fn offers_still_waiting_end_when_the_need_is_done_and_accepted_helpers_hear_it_was_done() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let chen = app.member("Chen", "chen@example.org").await;
    let need = post_need(&app, &amara, "Carry a sofa", &[("helpers_wanted", "2")]).await;
    volunteer(&ben, need).await;
    volunteer(&chen, need).await;
    accept(&amara, need, "Ben").await;
    let done = amara
        .submit(
            &format!("/needs/{need}/done"),
            "#done-form",
            &[("outcome", "helped")],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);

    let (offer, withdraw) = my_offer(&chen, need).await;
    assert!(offer.contains("Not needed") && offer.contains("Amara closed this need"));
    assert!(!withdraw);
    let told = notifications(&chen).await;
    assert!(
        told.contains("Amara closed “Carry a sofa”, so your offer is no longer needed."),
        "{told}"
    );
    assert!(!told.contains("marked"), "one notice, the kind one: {told}");
    assert!(
        notifications(&ben)
            .await
            .contains("Amara marked “Carry a sofa” as done.")
    );
    assert!(
        subjects_to(&app, "chen@example.org")
            .await
            .iter()
            .any(|s| s.contains("no longer needed"))
    );
    assert!(
        amara
            .get("/needs/mine")
            .await
            .text("#my-needs .waiting")
            .is_none()
    );
}

#[actix_web::test]
async fn offers_still_waiting_end_when_the_need_is_cancelled_and_mail_follows_each_choice() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let chen = app.member("Chen", "chen@example.org").await;
    let dana = app.member("Dana", "dana@example.org").await;
    let saved = dana
        .submit(
            "/account/notifications",
            "#mail-settings-form",
            &[("changes", "off")],
        )
        .await;
    assert_eq!(saved.status, 303);
    let need = post_need(&app, &amara, "Feed the cat", &[]).await;
    volunteer(&chen, need).await;
    volunteer(&dana, need).await;
    let cancelled = amara
        .submit(
            &format!("/needs/{need}"),
            "#cancel-form",
            &[("note", "My sister is back.")],
        )
        .await;
    assert_eq!(cancelled.status, 303);

    let (offer, withdraw) = my_offer(&chen, need).await;
    assert!(offer.contains("Not needed") && offer.contains("Amara cancelled this need"));
    assert!(!withdraw, "no Withdraw on a cancelled need");
    let sentence = "Amara cancelled “Feed the cat”: they no longer need help with it.";
    assert!(notifications(&chen).await.contains(sentence));
    assert!(notifications(&dana).await.contains(sentence));
    assert!(
        subjects_to(&app, "chen@example.org")
            .await
            .iter()
            .any(|s| s.contains("cancelled"))
    );
    assert!(
        subjects_to(&app, "dana@example.org").await.is_empty(),
        "Dana turned mail about changes off"
    );
    assert!(
        chen.get("/needs/helping")
            .await
            .text("#helping")
            .is_some_and(|t| t.contains("Not needed: it was cancelled"))
    );
    let mine = amara.get("/needs/mine").await;
    assert!(mine.text("#my-needs .waiting").is_none());
    let page = amara.get(&format!("/needs/{need}")).await;
    assert!(
        page.text("#offers-heading")
            .is_some_and(|t| !t.contains("waiting"))
    );
}

#[actix_web::test]
async fn offers_still_waiting_end_when_the_date_passes_and_stay_ended_when_it_is_renewed() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let chen = app.member("Chen", "chen@example.org").await;
    let tomorrow = day(&app, 1);
    let need = post_need(&app, &amara, "Lift to the clinic", &[("date", &tomorrow)]).await;
    volunteer(&chen, need).await;
    app.clock.advance(2 * DAY);
    kith::needs::expiry::expire_due(&app.state)
        .await
        .expect("expiry runs");

    let (offer, withdraw) = my_offer(&chen, need).await;
    assert!(offer.contains("Not needed") && offer.contains("Its date passed"));
    assert!(!withdraw);
    assert!(
        notifications(&chen).await.contains(
            "The date of “Lift to the clinic” passed, so your offer is no longer needed."
        )
    );
    assert!(
        subjects_to(&app, "chen@example.org")
            .await
            .iter()
            .any(|s| s.contains("no longer needed"))
    );
    assert!(
        amara
            .get("/needs/mine")
            .await
            .text("#my-needs .waiting")
            .is_none()
    );

    let date = day(&app, 2);
    let renewed = amara
        .submit(
            &format!("/needs/{need}"),
            "#still-needed-form",
            &[("when_kind", "date"), ("date", &date)],
        )
        .await;
    assert_eq!(renewed.status, 303);
    assert!(my_offer(&chen, need).await.0.contains("Not needed"));
    let page = chen.get(&format!("/needs/{need}")).await;
    assert!(
        page.text("#volunteer-form").is_some(),
        "Chen may offer again"
    );
}
