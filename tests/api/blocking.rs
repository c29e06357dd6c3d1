//! Blocking: a member's own tool to keep someone away from their needs.

use crate::helpers::{Browser, offer_id, post_need, spawn_app};

async fn profile_id(browser: &Browser) -> i64 {
    browser
        .get("/profile")
        .await
        .attr("main a[href^='/people/']", "href")
        .and_then(|h| h.trim_start_matches("/people/").parse().ok())
        .expect("a profile link")
}

#[actix_web::test]
async fn a_blocked_member_cannot_see_volunteer_for_or_message_about_the_blockers_needs() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let earlier = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    assert_eq!(
        ben.submit(&format!("/needs/{earlier}"), "#volunteer-form", &[])
            .await
            .status,
        303
    );
    let offer = offer_id(&amara, earlier, "Ben").await;
    let thread = format!("/needs/{earlier}/offers/{offer}/messages");

    let ben_id = profile_id(&ben).await;
    let blocked = amara
        .submit(&format!("/people/{ben_id}"), "#block-form", &[])
        .await;
    assert_eq!(blocked.status, 303);
    let later = post_need(&app, &amara, "Walk the dog", &[]).await;

    assert!(
        ben.get("/needs").await.text("#board").is_none(),
        "Amara's needs are out of Ben's sight"
    );
    assert!(ben.get("/needs?q=dog").await.text("#board").is_none());
    assert_eq!(ben.get(&format!("/needs/{later}")).await.status, 404);
    let token = ben.csrf_token().await;
    let offered = ben
        .post(
            &format!("/needs/{later}/volunteer"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(offered.status, 404);
    assert_eq!(ben.get(&thread).await.status, 404);
    let message = ben
        .post(&thread, &[("csrf_token", &token), ("body", "Hello?")])
        .await;
    assert_eq!(message.status, 404);

    // The blocker no longer sees the blocked member's needs either, and
    // cannot write into the old conversation.
    let bens_need = post_need(&app, &ben, "Help moving a wardrobe", &[]).await;
    assert!(
        !amara
            .get("/needs")
            .await
            .body
            .contains("Help moving a wardrobe")
    );
    assert_eq!(amara.get(&format!("/needs/{bens_need}")).await.status, 404);
    let token = amara.csrf_token().await;
    let reply = amara
        .post(&thread, &[("csrf_token", &token), ("body", "Please stop")])
        .await;
    assert_eq!(reply.status, 403);

    let unblocked = amara
        .submit(&format!("/people/{ben_id}"), "#unblock-form", &[])
        .await;
    assert_eq!(unblocked.status, 303);
    assert_eq!(ben.get(&format!("/needs/{later}")).await.status, 200);
}

#[actix_web::test]
async fn nobody_blocks_themself_and_blocking_twice_is_harmless() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let me = profile_id(&amara).await;
    let token = amara.csrf_token().await;
    assert_eq!(
        amara
            .post(&format!("/people/{me}/block"), &[("csrf_token", &token)])
            .await
            .status,
        400
    );
    let ben_id = profile_id(&ben).await;
    for _ in 0..2 {
        assert_eq!(
            amara
                .post(
                    &format!("/people/{ben_id}/block"),
                    &[("csrf_token", &token)]
                )
                .await
                .status,
            303
        );
    }
    assert!(
        amara
            .get(&format!("/people/{ben_id}"))
            .await
            .text("#unblock-form")
            .is_some()
    );
    assert_eq!(
        amara
            .post("/people/999999/block", &[("csrf_token", &token)])
            .await
            .status,
        404
    );
}
