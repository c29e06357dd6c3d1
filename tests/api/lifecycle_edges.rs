//! The edges of a need's life: past dates, closing after expiry, who sees
//! what once it is over, and who hears about it.

use crate::helpers::{Browser, TestApp, day, offer_id, post_need, press, spawn_app};

const DAY: i64 = 86_400;

async fn accepted_helper(app: &TestApp, author: &Browser, need: i64, helper: &Browser, name: &str) {
    assert_eq!(
        helper
            .submit(&format!("/needs/{need}"), "#volunteer-form", &[])
            .await
            .status,
        303
    );
    let offer = offer_id(author, need, name).await;
    let accepted = press(
        author,
        &format!("/needs/{need}"),
        &format!("/needs/{need}/offers/{offer}/accept"),
    )
    .await;
    assert_eq!(accepted.status, 303);
    let _ = app;
}

#[actix_web::test]
async fn closing_an_expired_need_does_not_restart_the_helpers_week() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let tomorrow = day(&app, 1);
    let need = post_need(&app, &amara, "Lift to the clinic", &[("date", &tomorrow)]).await;
    accepted_helper(&app, &amara, need, &ben, "Ben").await;

    app.clock.advance(2 * DAY);
    kith::needs::expiry::expire_due(&app.state)
        .await
        .expect("expiry runs");
    app.clock.advance(8 * DAY);
    assert!(
        ben.get(&format!("/needs/{need}"))
            .await
            .text("#private")
            .is_none()
    );
    let done = amara
        .submit(
            &format!("/needs/{need}/done"),
            "#done-form",
            &[("outcome", "helped")],
        )
        .await;
    assert_eq!(done.status, 303);
    let page = ben.get(&format!("/needs/{need}")).await;
    assert!(
        page.text("#private").is_none(),
        "closing later does not show the details again"
    );
    assert!(!page.body.contains("door code"));
}

#[actix_web::test]
async fn a_need_past_its_date_takes_no_offers_or_acceptances_even_before_it_expires() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let chen = app.member("Chen", "chen@example.org").await;
    let tomorrow = day(&app, 1);
    let need = post_need(&app, &amara, "Lift to the clinic", &[("date", &tomorrow)]).await;
    assert_eq!(
        ben.submit(&format!("/needs/{need}"), "#volunteer-form", &[])
            .await
            .status,
        303
    );
    let offer = offer_id(&amara, need, "Ben").await;

    app.clock.advance(3 * DAY);
    let token = chen.csrf_token().await;
    let late = chen
        .post(
            &format!("/needs/{need}/volunteer"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(late.status, 403);
    let token = amara.csrf_token().await;
    let accept = amara
        .post(
            &format!("/needs/{need}/offers/{offer}/accept"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(accept.status, 409);
    assert_eq!(
        amara
            .get(&format!("/needs/{need}"))
            .await
            .text("#need-helpers")
            .as_deref(),
        Some("0 of 1 accepted")
    );
}

#[actix_web::test]
async fn a_cancel_note_is_for_those_who_offered_not_for_everyone() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let chen = app.member("Chen", "chen@example.org").await;
    let need = post_need(&app, &amara, "Feed my cat", &[]).await;
    assert_eq!(
        ben.submit(&format!("/needs/{need}"), "#volunteer-form", &[])
            .await
            .status,
        303
    );
    let note = "The key is back with my sister at number 4.";
    assert_eq!(
        amara
            .submit(&format!("/needs/{need}"), "#cancel-form", &[("note", note)])
            .await
            .status,
        303
    );
    assert!(
        ben.get(&format!("/needs/{need}"))
            .await
            .text("#cancel-note")
            .is_some_and(|t| t.contains("number 4"))
    );
    assert!(
        amara
            .get(&format!("/needs/{need}"))
            .await
            .text("#cancel-note")
            .is_some()
    );
    let stranger = chen.get(&format!("/needs/{need}")).await;
    assert!(stranger.text("#cancel-note").is_none());
    assert!(!stranger.body.contains("number 4"));
}

#[actix_web::test]
async fn a_conversation_closes_a_week_after_the_need_does() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    accepted_helper(&app, &amara, need, &ben, "Ben").await;
    let offer = offer_id(&amara, need, "Ben").await;
    let thread = format!("/needs/{need}/offers/{offer}/messages");
    assert_eq!(
        amara
            .submit(
                &format!("/needs/{need}/done"),
                "#done-form",
                &[("outcome", "helped")]
            )
            .await
            .status,
        303
    );
    assert_eq!(
        ben.submit(&thread, "#message-form", &[("body", "It was a pleasure!")])
            .await
            .status,
        303
    );

    app.clock.advance(8 * DAY);
    let page = ben.get(&thread).await;
    assert!(page.text("#message-form").is_none());
    assert!(page.text("#conversation-closed").is_some());
    assert_eq!(
        page.texts(".message-body"),
        vec!["It was a pleasure!"],
        "the history stays readable"
    );
    let token = ben.csrf_token().await;
    let late = ben
        .post(
            &thread,
            &[("csrf_token", &token), ("body", "One more thing")],
        )
        .await;
    assert_eq!(late.status, 403);
}

#[actix_web::test]
async fn my_needs_and_im_helping_with_list_what_is_under_way() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let first = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let second = post_need(&app, &amara, "Walk the dog", &[]).await;
    accepted_helper(&app, &amara, first, &ben, "Ben").await;
    assert_eq!(
        ben.submit(&format!("/needs/{second}"), "#volunteer-form", &[])
            .await
            .status,
        303
    );

    let mine = amara.get("/needs/mine").await;
    assert_eq!(
        mine.texts("#my-needs h3"),
        vec!["Walk the dog", "Lift to the clinic"]
    );
    assert!(
        mine.text("#my-needs")
            .is_some_and(|t| t.contains("1 offer waiting"))
    );
    let helping = ben.get("/needs/helping").await;
    assert_eq!(helping.texts("#helping h3").len(), 2);

    assert_eq!(
        amara
            .submit(
                &format!("/needs/{first}/done"),
                "#done-form",
                &[("outcome", "helped")]
            )
            .await
            .status,
        303
    );
    let helping = ben.get("/needs/helping").await;
    assert_eq!(
        helping.texts("#helping h3"),
        vec!["Walk the dog"],
        "a closed need is no longer under way"
    );
    assert!(
        ben.get("/")
            .await
            .text("#helping")
            .is_some_and(|t| !t.contains("Lift to the clinic"))
    );
}

#[actix_web::test]
async fn volunteers_hear_when_a_need_fills_without_them_or_gets_a_new_date() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let chen = app.member("Chen", "chen@example.org").await;
    let tomorrow = day(&app, 1);
    let need = post_need(&app, &amara, "Lift to the clinic", &[("date", &tomorrow)]).await;
    assert_eq!(
        chen.submit(&format!("/needs/{need}"), "#volunteer-form", &[])
            .await
            .status,
        303
    );
    accepted_helper(&app, &amara, need, &ben, "Ben").await;
    assert!(
        chen.get("/notifications")
            .await
            .text("#notifications")
            .is_some_and(|t| t.contains("Amara has found the helpers for “Lift to the clinic”"))
    );

    app.clock.advance(2 * DAY);
    kith::needs::expiry::expire_due(&app.state)
        .await
        .expect("expiry runs");
    let date = day(&app, 2);
    let renewed = amara
        .submit(
            &format!("/needs/{need}"),
            "#still-needed-form",
            &[("when_kind", "date"), ("date", &date)],
        )
        .await;
    assert_eq!(renewed.status, 303);
    assert!(
        ben.get("/notifications")
            .await
            .text("#notifications")
            .is_some_and(|t| t.contains("Amara changed “Lift to the clinic”"))
    );
}

#[actix_web::test]
async fn both_databases_find_the_same_needs_for_the_same_words() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let lift = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    post_need(&app, &amara, "Walk the dog", &[]).await;
    let ids = |page: crate::helpers::Page| page.texts("#board h2");
    assert_eq!(
        ids(amara.get("/needs?q=the+clinic").await),
        vec!["Lift to the clinic"],
        "common words are left out"
    );
    assert!(
        ids(amara.get("/needs?q=clinic+or+dog").await).is_empty(),
        "every word must match; 'or' is a word, not an operator"
    );
    assert!(
        ids(amara.get("/needs?q=dog+-walk").await).contains(&"Walk the dog".to_owned()),
        "a minus sign is not an operator"
    );
    let _ = lift;
}
