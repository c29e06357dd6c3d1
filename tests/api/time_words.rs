//! Times in words: when a need was posted and is for, when a message or
//! notification came, in the neighbourhood's time zone.

use kith::clock::{Clock, Zone};

use crate::helpers::{day, offer_id, post_need, spawn_app, spawn_app_with};

#[actix_web::test]
async fn the_board_says_how_long_ago_a_need_was_posted_as_time_goes_by() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let posted = format!("#need-{need} .need-posted");
    assert_eq!(
        ben.get("/needs").await.text(&posted).as_deref(),
        Some("posted just now")
    );
    // The board's page is kept for a moment, but the words are not.
    app.clock.advance(3 * 3_600);
    let board = ben.get("/needs").await;
    assert_eq!(board.text(&posted).as_deref(), Some("posted 3 hours ago"));
    assert!(
        board
            .attr(&format!("{posted} time"), "datetime")
            .is_some_and(|at| at.ends_with("+00:00")),
        "a machine-readable time"
    );
    app.clock.advance(24 * 3_600);
    assert_eq!(
        ben.get("/needs").await.text(&posted).as_deref(),
        Some("posted yesterday")
    );
    assert_eq!(
        ben.get(&format!("/needs/{need}"))
            .await
            .text("#need-posted")
            .as_deref(),
        Some("yesterday")
    );
}

#[actix_web::test]
async fn need_dates_say_today_and_tomorrow_and_else_the_weekday() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let today = day(&app, 0);
    let tomorrow = day(&app, 1);
    let later = day(&app, 6);
    let soon = post_need(&app, &amara, "Soon today", &[("date", today.as_str())]).await;
    let next = post_need(
        &app,
        &amara,
        "Next tomorrow",
        &[("date", tomorrow.as_str())],
    )
    .await;
    let after = post_need(
        &app,
        &amara,
        "After the weekend",
        &[("date", later.as_str())],
    )
    .await;
    let board = amara.get("/needs").await;
    let when = |id: i64| board.text(&format!("#need-{id} .need-when"));
    assert_eq!(when(soon).as_deref(), Some("Today"));
    assert_eq!(when(next).as_deref(), Some("Tomorrow"));
    // The test clock stands at Friday 15 January 2027: this year, so no year.
    assert_eq!(when(after).as_deref(), Some("Thursday 21 January"));
    assert_eq!(
        amara
            .get(&format!("/needs/{next}"))
            .await
            .text("#need-when")
            .as_deref(),
        Some("Tomorrow")
    );
}

#[actix_web::test]
async fn in_a_conversation_my_messages_and_theirs_look_different_and_say_when() {
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
    let thread = format!("/needs/{need}/offers/{offer}/messages");
    for (who, body) in [(&amara, "Could you come at nine?"), (&ben, "Nine is fine.")] {
        let sent = who
            .submit(&thread, "#message-form", &[("body", body)])
            .await;
        assert_eq!(sent.status, 303);
        app.clock.advance(60);
    }

    let page = amara.get(&thread).await;
    assert_eq!(
        page.texts("#messages li.mine .message-author"),
        ["You wrote today 08:00"]
    );
    assert_eq!(
        page.texts("#messages li.theirs .message-author"),
        ["Ben wrote today 08:01 · newest"]
    );
    assert!(page.text("#latest.theirs").is_some(), "the newest is last");
    assert!(
        page.attr("#latest time", "datetime")
            .is_some_and(|at| at.starts_with("2027-01-15T08:01")),
    );
    // Ben sees the same two from his side.
    let his = ben.get(&thread).await;
    assert_eq!(his.texts("#messages li.mine").len(), 1);
    assert!(his.text("#latest.mine").is_some());
}

#[actix_web::test]
async fn a_neighbourhood_in_another_zone_sees_its_own_times() {
    // 08:00 UTC on Friday 15 January 2027 is 21:00 in Auckland.
    let app = spawn_app_with(|config| {
        let auckland = Zone::named("Pacific/Auckland").expect("a zone");
        config.clock = Clock::manual(1_800_000_000).in_zone(auckland);
    })
    .await;
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
    let list = amara.get("/notifications").await;
    assert_eq!(
        list.text("#notifications .notification-time").as_deref(),
        Some("today 21:00")
    );
    assert!(
        list.attr("#notifications time", "datetime")
            .is_some_and(|at| at == "2027-01-15T21:00:00+13:00"),
    );
    // Three hours on it is past midnight there: the notice came yesterday.
    app.clock.advance(3 * 3_600);
    assert_eq!(
        amara
            .get("/notifications")
            .await
            .text("#notifications .notification-time")
            .as_deref(),
        Some("yesterday 21:00")
    );
    assert_eq!(app.state.config.clock.today().to_string(), "2027-01-16");
}
