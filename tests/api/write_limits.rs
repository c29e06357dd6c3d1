//! Every cheap write has a per-account limit no neighbour reaches and a
//! script reaches at once; repeated notices about the same thing collapse.

use crate::helpers::{Page, post_need, spawn_app};
use crate::moderation_actions::{conversation, moderator};

fn notices(page: &Page) -> Vec<String> {
    page.texts("#notifications li")
}

#[actix_web::test]
async fn a_script_sending_messages_is_stopped_and_keeps_what_was_typed() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let thread = conversation(&amara, &ben, "Ben", need).await;
    let token = ben.csrf_token().await;
    let mut sent = 0;
    let refused = loop {
        let body = format!("Message number {sent}");
        let page = ben
            .post(&thread, &[("csrf_token", &token), ("body", &body)])
            .await;
        if page.status != 303 {
            break page;
        }
        sent += 1;
        assert!(sent <= 100, "a flood of messages was never limited");
    };
    assert_eq!(sent, 30, "thirty messages at once are fine");
    assert_eq!(refused.status, 429);
    assert!(
        refused
            .text("#body-error")
            .is_some_and(|e| e.contains("sent a lot of messages") && e.contains("wait")),
        "{}",
        refused.body
    );
    assert_eq!(
        refused.raw_text("#body").as_deref(),
        Some("Message number 30"),
        "what was typed is kept"
    );

    // Amara hears of it once, not thirty times.
    let page = amara.get("/notifications").await;
    let about_messages: Vec<_> = notices(&page)
        .into_iter()
        .filter(|n| n.contains("sent you a message"))
        .collect();
    assert_eq!(about_messages.len(), 1, "{about_messages:?}");

    // A minute later a message goes through again.
    app.clock.advance(60);
    let page = ben
        .post(&thread, &[("csrf_token", &token), ("body", "Sorry!")])
        .await;
    assert_eq!(page.status, 303);
}

#[actix_web::test]
async fn withdrawing_and_renewing_an_offer_over_and_over_is_limited_and_told_once() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let token = ben.csrf_token().await;
    let mut writes = 0;
    let refused = loop {
        let path = if writes % 2 == 0 {
            format!("/needs/{need}/volunteer")
        } else {
            format!("/needs/{need}/withdraw")
        };
        let page = ben.post(&path, &[("csrf_token", &token)]).await;
        if page.status != 303 {
            break page;
        }
        writes += 1;
        assert!(writes <= 100, "offering and withdrawing was never limited");
    };
    assert!(writes <= 20, "{writes} offers and withdrawals went through");
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert!(
        refused
            .text("#page-notice")
            .is_some_and(|n| n.contains("offered and withdrawn help a lot")),
        "{}",
        refused.body
    );
    let page = amara.get("/notifications").await;
    let about_ben: Vec<_> = notices(&page)
        .into_iter()
        .filter(|n| n.contains("Ben"))
        .collect();
    assert_eq!(about_ben.len(), 1, "one notice, the latest: {about_ben:?}");
    assert_eq!(page.status, 200);
}

#[actix_web::test]
async fn a_renewed_offer_counts_towards_a_new_members_offers_for_the_day() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let first = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let token = ben.csrf_token().await;
    let offer = |path: String| {
        let (ben, token) = (&ben, &token);
        async move { ben.post(&path, &[("csrf_token", token)]).await.status }
    };
    assert_eq!(offer(format!("/needs/{first}/volunteer")).await, 303);
    app.clock.advance(86_400 + 60);
    // A day later: withdrawn and renewed, the offer is today's again.
    assert_eq!(offer(format!("/needs/{first}/withdraw")).await, 303);
    assert_eq!(offer(format!("/needs/{first}/volunteer")).await, 303);
    let made_today = {
        use diesel::prelude::*;
        use kith::db::schema::offers;
        let since = app.state.config.clock.now().minus(3_600);
        app.state
            .db
            .run(move |conn| {
                Ok(offers::table
                    .filter(offers::created_at.gt(since))
                    .count()
                    .get_result::<i64>(conn)?)
            })
            .await
            .expect("count offers")
    };
    assert_eq!(made_today, 1);
}

#[actix_web::test]
async fn blocking_and_unblocking_in_a_loop_is_limited() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let ben_id: i64 = ben
        .get("/profile")
        .await
        .attr("main a[href^='/people/']", "href")
        .and_then(|h| h.trim_start_matches("/people/").parse().ok())
        .expect("a profile link");
    let token = amara.csrf_token().await;
    let mut writes = 0;
    let refused = loop {
        let what = if writes % 2 == 0 { "block" } else { "unblock" };
        let page = amara
            .post(
                &format!("/people/{ben_id}/{what}"),
                &[("csrf_token", &token)],
            )
            .await;
        if page.status != 303 {
            break page;
        }
        writes += 1;
        assert!(writes <= 100, "blocking was never limited");
    };
    assert_eq!(writes, 10);
    assert_eq!(refused.status, 429);
    assert!(refused.body.contains("Please wait"), "{}", refused.body);
}

#[actix_web::test]
async fn renaming_in_a_loop_is_limited_and_the_form_keeps_the_name() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let token = amara.csrf_token().await;
    let mut writes = 0;
    let refused = loop {
        let name = format!("Amara {writes}");
        let page = amara
            .post(
                "/account/name",
                &[("csrf_token", &token), ("display_name", &name)],
            )
            .await;
        if page.status != 303 {
            break page;
        }
        writes += 1;
        assert!(writes <= 100, "renaming was never limited");
    };
    assert_eq!(writes, 10);
    assert_eq!(refused.status, 429);
    assert!(
        refused
            .text("#display_name-error")
            .is_some_and(|e| e.contains("changed your name or profile a lot")),
        "{}",
        refused.body
    );
    assert_eq!(
        refused.input_value("#name-form", "display_name").as_deref(),
        Some("Amara 10")
    );
}

#[actix_web::test]
async fn every_other_form_meets_one_generous_ceiling_but_moderators_do_not() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let token = amara.csrf_token().await;
    // Marking a warning read is harmless and has no limit of its own.
    let mut writes = 0;
    let refused = loop {
        let page = amara.post("/warning", &[("csrf_token", &token)]).await;
        if page.status == 429 {
            break page;
        }
        writes += 1;
        assert!(writes <= 500, "no ceiling on writes");
    };
    assert_eq!(writes, 120);
    assert!(
        refused.body.contains("Too many attempts"),
        "{}",
        refused.body
    );
    // Logging out always works.
    let out = amara.post("/logout", &[("csrf_token", &token)]).await;
    assert_eq!(out.status, 303);

    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo Moderator", "mo@example.org").await;
    let token = mo.csrf_token().await;
    for _ in 0..130 {
        let page = mo.post("/warning", &[("csrf_token", &token)]).await;
        assert_ne!(page.status, 429, "a moderator is not held back");
    }
}

#[actix_web::test]
async fn forms_without_a_token_do_not_spend_the_members_allowance() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    // A page elsewhere tricks her browser into posting 200 token-less
    // forms, and a script posts 200 more with a made-up token.
    for _ in 0..200 {
        let page = amara.post("/warning", &[]).await;
        assert_eq!(page.status, 403, "a form without its token is refused");
        assert!(page.body.contains("This form has expired"), "{}", page.body);
    }
    for _ in 0..200 {
        let page = amara
            .post("/warning", &[("csrf_token", "made-up-token")])
            .await;
        assert_eq!(page.status, 403);
    }
    // Her own forms still go through: none of those were counted.
    let token = amara.csrf_token().await;
    for _ in 0..100 {
        let page = amara.post("/warning", &[("csrf_token", &token)]).await;
        assert_eq!(page.status, 303, "{}", page.body);
    }
}
