//! Closing a need as done, thanking helpers, profiles and notifications.

use crate::helpers::{offer_id, open_notification, post_need, press, spawn_app};

#[actix_web::test]
async fn a_need_is_done_with_thanks_that_the_helper_may_show_on_their_profile() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let offered = ben
        .submit(
            &format!("/needs/{need}"),
            "#volunteer-form",
            &[("message", "")],
        )
        .await;
    assert_eq!(offered.status, 303);
    let offer = offer_id(&amara, need, "Ben").await;
    assert_eq!(
        press(
            &amara,
            &format!("/needs/{need}"),
            &format!("/needs/{need}/offers/{offer}/accept")
        )
        .await
        .status,
        303
    );

    let missing = amara
        .submit(
            &format!("/needs/{need}/done"),
            "#done-form",
            &[
                ("outcome", ""),
                (&format!("thanks_{offer}"), "Thank you so much!"),
            ],
        )
        .await;
    assert_eq!(missing.status, 422);
    assert!(missing.text("#outcome-error").is_some());
    assert_eq!(
        missing.text(&format!("#thanks_{offer}")).as_deref(),
        Some("Thank you so much!")
    );

    let done = amara
        .submit(
            &format!("/needs/{need}/done"),
            "#done-form",
            &[
                ("outcome", "helped"),
                (&format!("thanks_{offer}"), "Thank you so much, Ben!"),
            ],
        )
        .await;
    assert_eq!(done.status, 303);
    let page = ben.get(&format!("/needs/{need}")).await;
    assert_eq!(page.text(".status").as_deref(), Some("Done"));
    assert!(
        page.text("#need-outcome")
            .is_some_and(|t| t.contains("The help happened"))
    );
    assert!(
        page.text("#private").is_some(),
        "helpers keep the details for a while"
    );

    let notes = ben.get("/notifications").await;
    let text = notes.text("#notifications").expect("notifications");
    assert!(text.contains("Amara thanked you") && text.contains("Amara marked"));

    let profile_path = format!("/people/{}", ben_id(&ben).await);
    let profile = amara.get(&profile_path).await;
    assert_eq!(profile.text("#profile-helped").as_deref(), Some("1 time"));
    assert!(
        profile.text("#profile-thanks").is_none(),
        "a note shows only when Ben chooses"
    );

    let edit = ben.get("/profile").await;
    let form_action = edit
        .attr("form[action^='/profile/thanks/']", "action")
        .expect("a show button");
    let shown = ben
        .submit("/profile", &format!("form[action='{form_action}']"), &[])
        .await;
    assert_eq!(shown.status, 303);
    let profile = amara.get(&profile_path).await;
    assert!(
        profile
            .text("#profile-thanks")
            .is_some_and(|t| t.contains("Thank you so much, Ben!"))
    );

    let amara_profile = amara
        .get(&format!("/people/{}", ben_id(&amara).await))
        .await;
    assert_eq!(
        amara_profile.text("#profile-was-helped").as_deref(),
        Some("1 time")
    );
}

async fn ben_id(browser: &crate::helpers::Browser) -> i64 {
    let edit = browser.get("/profile").await;
    edit.attr("main a[href^='/people/']", "href")
        .and_then(|h| h.trim_start_matches("/people/").parse().ok())
        .expect("a link to the profile")
}

#[actix_web::test]
async fn private_details_vanish_for_helpers_a_week_after_the_need_is_done() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    assert_eq!(
        ben.submit(&format!("/needs/{need}"), "#volunteer-form", &[])
            .await
            .status,
        303
    );
    let offer = offer_id(&amara, need, "Ben").await;
    assert_eq!(
        press(
            &amara,
            &format!("/needs/{need}"),
            &format!("/needs/{need}/offers/{offer}/accept")
        )
        .await
        .status,
        303
    );
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

    app.clock.advance(6 * 86_400);
    assert!(
        ben.get(&format!("/needs/{need}"))
            .await
            .text("#private-details")
            .is_some()
    );
    app.clock.advance(2 * 86_400);
    let page = ben.get(&format!("/needs/{need}")).await;
    assert!(page.text("#private").is_none());
    assert!(!page.body.contains("door code") && !page.body.contains("amara@example.org"));
    assert!(
        amara
            .get(&format!("/needs/{need}"))
            .await
            .text("#private-details")
            .is_some(),
        "the author always sees them"
    );
}

#[actix_web::test]
async fn notifications_show_an_unread_count_until_read() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    assert!(amara.get("/").await.text("#unread-count").is_none());
    assert_eq!(
        ben.submit(
            &format!("/needs/{need}"),
            "#volunteer-form",
            &[("message", "Me!")]
        )
        .await
        .status,
        303
    );
    assert_eq!(
        amara.get("/").await.text("#unread-count").as_deref(),
        Some("1")
    );
    let list = amara.get("/notifications").await;
    assert_eq!(list.texts("#notifications li").len(), 1);
    assert!(
        list.text("#notifications")
            .is_some_and(|t| t.contains("Ben offered to help with “Lift to the clinic”"))
    );
    assert_eq!(
        amara.get("/").await.text("#unread-count").as_deref(),
        Some("1"),
        "looking at the list marks nothing read"
    );
    assert_eq!(
        open_notification(&amara, "Ben offered").await,
        format!("/needs/{need}")
    );
    assert!(
        amara.get("/").await.text("#unread-count").is_none(),
        "opening it marks it read"
    );

    let offer = offer_id(&amara, need, "Ben").await;
    let thread = format!("/needs/{need}/offers/{offer}/messages");
    assert_eq!(
        amara
            .submit(&thread, "#message-form", &[("body", "Thank you, Ben")])
            .await
            .status,
        303
    );
    let ben_list = ben.get("/notifications").await;
    assert!(
        ben_list
            .text("#notifications")
            .is_some_and(|t| t.contains("Amara sent you a message"))
    );
    assert_eq!(
        open_notification(&ben, "Amara sent you a message").await,
        format!("{thread}#latest")
    );
}

#[actix_web::test]
async fn a_profile_shows_what_its_owner_wrote_and_refuses_too_much() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let saved = amara
        .submit(
            "/profile",
            "#profile-form",
            &[
                ("about", "Retired nurse. Happy to help with <anything>."),
                ("area", "Elm Street end"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    let me = ben_id(&amara).await;
    let profile = app
        .member("Ben", "ben@example.org")
        .await
        .get(&format!("/people/{me}"))
        .await;
    assert_eq!(profile.text("#profile-name").as_deref(), Some("Amara"));
    assert_eq!(
        profile.text("#profile-about").as_deref(),
        Some("Retired nurse. Happy to help with <anything>.")
    );
    assert_eq!(
        profile.text("#profile-area").as_deref(),
        Some("Elm Street end")
    );

    let long = "x".repeat(501);
    let refused = amara
        .submit(
            "/profile",
            "#profile-form",
            &[("about", &long), ("area", "Elm")],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.text("#about-error").is_some());
    assert_eq!(refused.text("#about").map(|t| t.len()), Some(501));
    assert_eq!(amara.get("/people/999999").await.status, 404);
}

#[actix_web::test]
async fn a_member_cannot_show_or_hide_someone_elses_thanks() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let token = amara.csrf_token().await;
    let page = amara
        .post(
            "/profile/thanks/1",
            &[("csrf_token", &token), ("shown", "true")],
        )
        .await;
    assert_eq!(page.status, 404);
    let odd = amara
        .post(
            "/profile/thanks/1",
            &[("csrf_token", &token), ("shown", "yes")],
        )
        .await;
    assert_eq!(odd.status, 400, "booleans are true or false, nothing else");
}
