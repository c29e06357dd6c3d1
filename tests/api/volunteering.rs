//! Offering help, accepting, withdrawing, and the private conversation.

use crate::helpers::{Browser, TestApp, offer_id, post_need, press, spawn_app, spawn_app_with};

async fn volunteer(browser: &Browser, need: i64, message: &str) -> u16 {
    browser
        .submit(
            &format!("/needs/{need}"),
            "#volunteer-form",
            &[("message", message)],
        )
        .await
        .status
}

async fn three_neighbours(app: &TestApp) -> (Browser, Browser, Browser) {
    (
        app.member("Amara", "amara@example.org").await,
        app.member("Ben", "ben@example.org").await,
        app.member("Chen", "chen@example.org").await,
    )
}

#[actix_web::test]
async fn a_neighbour_volunteers_is_accepted_and_only_then_sees_the_private_details() {
    let app = spawn_app().await;
    let (amara, ben, chen) = three_neighbours(&app).await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;

    let before = ben.get(&format!("/needs/{need}")).await;
    assert!(before.text("#private").is_none());
    assert!(!before.body.contains("door code"));
    assert_eq!(volunteer(&ben, need, "I can drive you at nine.").await, 303);

    let author_view = amara.get(&format!("/needs/{need}")).await;
    assert!(
        author_view
            .text("#offers")
            .is_some_and(|t| t.contains("Ben") && t.contains("I can drive you at nine."))
    );
    assert!(
        author_view
            .text("#offers-heading")
            .is_some_and(|t| t.contains("1 waiting"))
    );
    assert!(
        author_view.text(".volunteer-email").is_none(),
        "no contact before accepting"
    );

    let offer = offer_id(&amara, need, "Ben").await;
    let accepted = press(
        &amara,
        &format!("/needs/{need}"),
        &format!("/needs/{need}/offers/{offer}/accept"),
    )
    .await;
    assert_eq!(accepted.status, 303);

    let ben_view = ben.get(&format!("/needs/{need}")).await;
    assert_eq!(
        ben_view.text("#private-details").as_deref(),
        Some("Flat 3, door code 1234")
    );
    assert!(
        ben_view.text("#author-email").is_none() && !ben_view.body.contains("amara@example.org"),
        "no address unless its owner shares it"
    );
    assert!(
        ben_view
            .text("#author-contact")
            .is_some_and(|t| t.contains("messages"))
    );
    assert_eq!(ben_view.text(".status").as_deref(), Some("Filled"));
    let amara_view = amara.get(&format!("/needs/{need}")).await;
    assert!(
        amara_view.text(".volunteer-email").is_none()
            && !amara_view.body.contains("ben@example.org")
    );

    let chen_view = chen.get(&format!("/needs/{need}")).await;
    assert!(chen_view.text("#private").is_none());
    assert!(!chen_view.body.contains("door code") && !chen_view.body.contains("amara@example.org"));
    assert!(
        chen_view.text("#volunteer-form").is_none(),
        "a filled need takes no more offers"
    );

    let home = ben.get("/").await;
    assert!(
        home.text("#helping")
            .is_some_and(|t| t.contains("Lift to the clinic") && t.contains("accepted"))
    );
    let home = amara.get("/").await;
    assert!(
        home.text("#my-needs")
            .is_some_and(|t| t.contains("Lift to the clinic") && t.contains("1 of 1"))
    );
}

#[actix_web::test]
async fn the_conversation_is_visible_to_the_two_people_in_it_only() {
    let app = spawn_app().await;
    let (amara, ben, chen) = three_neighbours(&app).await;
    let need = post_need(&app, &amara, "Help with a leaking tap", &[]).await;
    assert_eq!(volunteer(&ben, need, "").await, 303);
    assert_eq!(volunteer(&chen, need, "").await, 303);
    let ben_offer = offer_id(&amara, need, "Ben").await;
    let chen_offer = offer_id(&amara, need, "Chen").await;
    let thread = format!("/needs/{need}/offers/{ben_offer}/messages");

    let sent = ben
        .submit(
            &thread,
            "#message-form",
            &[("body", "Which day suits you?")],
        )
        .await;
    assert_eq!(sent.status, 303);
    let reply = amara
        .submit(&thread, "#message-form", &[("body", "Saturday, please.")])
        .await;
    assert_eq!(reply.status, 303);

    for reader in [&amara, &ben] {
        let page = reader.get(&thread).await;
        assert_eq!(
            page.texts(".message-body"),
            vec!["Which day suits you?", "Saturday, please."]
        );
    }
    assert_eq!(chen.get(&thread).await.status, 404);
    let token = chen.csrf_token().await;
    let intrude = chen
        .post(&thread, &[("csrf_token", &token), ("body", "Let me in")])
        .await;
    assert_eq!(intrude.status, 404);
    // An offer id paired with another need is not a way in either.
    let other_need = post_need(&app, &chen, "Walk my dog", &[]).await;
    assert_eq!(
        chen.get(&format!("/needs/{other_need}/offers/{ben_offer}/messages"))
            .await
            .status,
        404
    );
    assert_eq!(
        ben.get(&format!("/needs/{need}/offers/{chen_offer}/messages"))
            .await
            .status,
        404
    );
    assert_eq!(amara.get(&thread).await.texts(".message-body").len(), 2);
}

#[actix_web::test]
async fn an_empty_or_overlong_message_is_refused_and_kept() {
    let app = spawn_app().await;
    let (amara, ben, _) = three_neighbours(&app).await;
    let need = post_need(&app, &amara, "Help with a leaking tap", &[]).await;
    assert_eq!(volunteer(&ben, need, "").await, 303);
    let offer = offer_id(&amara, need, "Ben").await;
    let thread = format!("/needs/{need}/offers/{offer}/messages");
    let empty = ben
        .submit(&thread, "#message-form", &[("body", "   ")])
        .await;
    assert_eq!(empty.status, 422);
    assert!(empty.text("#body-error").is_some());
    let long = "word ".repeat(401);
    let page = ben
        .submit(&thread, "#message-form", &[("body", &long)])
        .await;
    assert_eq!(page.status, 422);
    assert_eq!(page.text("#body").map(|t| t.len()), Some(long.trim().len()));
}

#[actix_web::test]
async fn an_accepted_volunteer_withdrawing_reopens_the_need_and_tells_the_author() {
    let app = spawn_app().await;
    let (amara, ben, chen) = three_neighbours(&app).await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    assert_eq!(volunteer(&ben, need, "").await, 303);
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

    let withdrawn = press(
        &ben,
        &format!("/needs/{need}"),
        &format!("/needs/{need}/withdraw"),
    )
    .await;
    assert_eq!(withdrawn.status, 303);
    let page = amara.get(&format!("/needs/{need}")).await;
    assert_eq!(page.text(".status").as_deref(), Some("Open"));
    assert_eq!(
        page.text("#need-helpers").as_deref(),
        Some("0 of 1 accepted")
    );
    assert!(
        amara
            .get("/notifications")
            .await
            .text("#notifications")
            .is_some_and(|t| t.contains("Ben withdrew"))
    );
    assert!(
        ben.get(&format!("/needs/{need}"))
            .await
            .text("#private")
            .is_none()
    );
    assert_eq!(
        volunteer(&chen, need, "I can go instead").await,
        303,
        "the need takes offers again"
    );
}

#[actix_web::test]
async fn one_member_offers_at_most_once_per_need() {
    let app = spawn_app().await;
    let (amara, ben, _) = three_neighbours(&app).await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    assert_eq!(volunteer(&ben, need, "First").await, 303);
    let token = ben.csrf_token().await;
    let again = ben
        .post(
            &format!("/needs/{need}/volunteer"),
            &[("csrf_token", &token), ("message", "Second")],
        )
        .await;
    assert_eq!(again.status, 409);
    assert!(
        again
            .text("#page-notice")
            .is_some_and(|t| t.contains("already offered"))
    );
    let author_view = amara.get(&format!("/needs/{need}")).await;
    assert_eq!(author_view.texts("li.offer").len(), 1);
}

#[actix_web::test]
async fn nobody_volunteers_for_their_own_need() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    assert!(
        amara
            .get(&format!("/needs/{need}"))
            .await
            .text("#volunteer-form")
            .is_none()
    );
    let token = amara.csrf_token().await;
    let page = amara
        .post(
            &format!("/needs/{need}/volunteer"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(page.status, 403);
    assert!(
        amara
            .get(&format!("/needs/{need}"))
            .await
            .texts("li.offer")
            .is_empty()
    );
}

#[actix_web::test]
async fn actions_by_members_who_may_not_take_them_change_nothing() {
    let app = spawn_app().await;
    let (amara, ben, chen) = three_neighbours(&app).await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let chens_need = post_need(&app, &chen, "Walk my dog", &[]).await;
    assert_eq!(volunteer(&ben, need, "").await, 303);
    let offer = offer_id(&amara, need, "Ben").await;
    let chen_token = chen.csrf_token().await;
    let ben_token = ben.csrf_token().await;
    let amara_token = amara.csrf_token().await;

    let attempts = [
        (
            &chen,
            &chen_token,
            format!("/needs/{need}/offers/{offer}/accept"),
            403,
        ),
        (
            &chen,
            &chen_token,
            format!("/needs/{need}/offers/{offer}/decline"),
            403,
        ),
        (
            &ben,
            &ben_token,
            format!("/needs/{need}/offers/{offer}/accept"),
            403,
        ),
        (&chen, &chen_token, format!("/needs/{need}/withdraw"), 403),
        (&chen, &chen_token, format!("/needs/{need}/done"), 403),
        (
            &chen,
            &chen_token,
            format!("/needs/{need}/still-needed"),
            403,
        ),
        // Chen owns this need, but the offer belongs to another one.
        (
            &chen,
            &chen_token,
            format!("/needs/{chens_need}/offers/{offer}/accept"),
            404,
        ),
        (
            &amara,
            &amara_token,
            format!("/needs/{need}/offers/999999/accept"),
            404,
        ),
    ];
    for (browser, token, path, expected) in attempts {
        let page = browser
            .post(
                &path,
                &[("csrf_token", token.as_str()), ("outcome", "helped")],
            )
            .await;
        assert_eq!(page.status, expected, "{path}");
    }
    let page = amara.get(&format!("/needs/{need}")).await;
    assert_eq!(page.text(".status").as_deref(), Some("Open"));
    assert!(page.text(".offer-status").is_some_and(|s| s == "pending"));
    assert_eq!(
        page.text("#need-helpers").as_deref(),
        Some("0 of 1 accepted")
    );
}

#[actix_web::test]
async fn concurrent_accepts_never_exceed_the_helpers_wanted() {
    let app = spawn_app_with(|config| config.workers = 2).await;
    let amara = app.member("Amara", "amara@example.org").await;
    let need = post_need(&app, &amara, "Move a piano", &[("helpers_wanted", "2")]).await;
    let mut offers = Vec::new();
    for i in 0..6 {
        let helper = app
            .member(&format!("Helper {i}"), &format!("helper{i}@example.org"))
            .await;
        assert_eq!(volunteer(&helper, need, "").await, 303);
        offers.push(offer_id(&amara, need, &format!("Helper {i}")).await);
    }
    let token = amara.csrf_token().await;
    let paths: Vec<String> = offers
        .iter()
        .map(|o| format!("/needs/{need}/offers/{o}/accept"))
        .collect();
    let fields = [("csrf_token", token.as_str())];
    let requests = paths.iter().map(|path| amara.post(path, &fields));
    let statuses: Vec<u16> = futures_util::future::join_all(requests)
        .await
        .into_iter()
        .map(|p| p.status)
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        2,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        4,
        "{statuses:?}"
    );
    let page = amara.get(&format!("/needs/{need}")).await;
    assert_eq!(
        page.text("#need-helpers").as_deref(),
        Some("2 of 2 accepted")
    );
    assert_eq!(
        page.texts(".offer-status")
            .iter()
            .filter(|s| *s == "accepted")
            .count(),
        2
    );
    assert_eq!(page.text(".status").as_deref(), Some("Filled"));
}

#[actix_web::test]
async fn declining_tells_the_volunteer_and_they_cannot_offer_again() {
    let app = spawn_app().await;
    let (amara, ben, _) = three_neighbours(&app).await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    assert_eq!(volunteer(&ben, need, "").await, 303);
    let offer = offer_id(&amara, need, "Ben").await;
    assert_eq!(
        press(
            &amara,
            &format!("/needs/{need}"),
            &format!("/needs/{need}/offers/{offer}/decline")
        )
        .await
        .status,
        303
    );
    let page = ben.get(&format!("/needs/{need}")).await;
    assert!(
        page.text("#my-offer")
            .is_some_and(|t| t.contains("declined"))
    );
    assert!(page.text("#volunteer-form").is_none());
    assert!(
        ben.get("/notifications")
            .await
            .text("#notifications")
            .is_some_and(|t| t.contains("declined"))
    );
}

#[actix_web::test]
async fn an_address_is_shown_across_an_accepted_offer_only_once_its_owner_shares_it() {
    let app = spawn_app().await;
    let (amara, ben, chen) = three_neighbours(&app).await;
    let need = post_need(
        &app,
        &amara,
        "Lift to the clinic",
        &[("helpers_wanted", "2")],
    )
    .await;
    assert_eq!(volunteer(&ben, need, "").await, 303);
    assert_eq!(volunteer(&chen, need, "").await, 303);
    let page = format!("/needs/{need}");
    let offer = offer_id(&amara, need, "Ben").await;
    let accepted = press(
        &amara,
        &page,
        &format!("/needs/{need}/offers/{offer}/accept"),
    )
    .await;
    assert_eq!(accepted.status, 303);

    // By default neither sees the other's address.
    let ben_view = ben.get(&page).await;
    assert!(ben_view.text("#private-details").is_some(), "accepted");
    assert!(ben_view.text("#author-email").is_none());
    assert!(!ben_view.body.contains("amara@example.org"));
    let amara_view = amara.get(&page).await;
    assert!(amara_view.text(".volunteer-email").is_none());
    assert!(!amara_view.body.contains("ben@example.org"));
    assert!(
        amara_view
            .text("#sharing-note")
            .is_some_and(|t| t.contains("not shown"))
    );
    let account = ben.get("/account").await;
    assert!(
        account.attr("#share_email", "checked").is_none(),
        "off by default"
    );
    assert!(
        app.browser()
            .get("/signup")
            .await
            .text("#email-hint")
            .is_some_and(|t| t.contains("Never shown to other members, unless you choose"))
    );

    // Ben shares his: Amara sees it; Ben still does not see hers.
    crate::helpers::share_email(&ben).await;
    assert!(
        ben.get("/account")
            .await
            .attr("#share_email", "checked")
            .is_some()
    );
    assert_eq!(
        amara.get(&page).await.text(".volunteer-email").as_deref(),
        Some("ben@example.org")
    );
    assert!(ben.get(&page).await.text("#author-email").is_none());

    // Amara shares hers: Ben, whom she accepted, sees it; Chen, whose
    // offer waits, sees neither address.
    crate::helpers::share_email(&amara).await;
    assert_eq!(
        ben.get(&page).await.text("#author-email").as_deref(),
        Some("amara@example.org")
    );
    let chen_view = chen.get(&page).await;
    assert!(chen_view.text("#author-email").is_none());
    assert!(!chen_view.body.contains("amara@example.org"));
    assert!(!chen_view.body.contains("ben@example.org"));
    let amara_view = amara.get(&page).await;
    assert_eq!(
        amara_view.texts(".volunteer-email"),
        vec!["ben@example.org".to_owned()],
        "only the accepted volunteer's, and only because he shares it"
    );

    // Untick the box, and the address is gone again.
    let unshared = ben.submit("/account", "#sharing-form", &[]).await;
    assert_eq!(unshared.status, 303);
    assert!(amara.get(&page).await.text(".volunteer-email").is_none());
}
