//! Posting and managing a need.

use crate::helpers::{count_users, day, post_need, spawn_app};

#[actix_web::test]
async fn a_member_posts_a_need_and_sees_it_with_its_details() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let date = day(&app, 2);
    let id = post_need(
        &app,
        &amara,
        "Lift to the clinic",
        &[
            ("details", "Tuesday morning,\nback by noon."),
            ("when_kind", "window"),
            ("date", &date),
            ("start_time", "09:00"),
            ("end_time", "12:00"),
            ("urgency", "urgent"),
        ],
    )
    .await;
    let page = amara.get(&format!("/needs/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.text("#flash")
            .is_some_and(|t| t.contains("on the board"))
    );
    assert_eq!(
        page.text("#need-title").as_deref(),
        Some("Lift to the clinic")
    );
    assert!(
        page.text("#need-when")
            .is_some_and(|t| t.contains("09:00–12:00"))
    );
    assert_eq!(page.text("#need-place").as_deref(), Some("Elm Street"));
    assert!(
        page.text("#need-details")
            .is_some_and(|t| t.contains("back by noon"))
    );
    assert!(
        page.text(".need-meta")
            .is_some_and(|t| t.contains("Urgent"))
    );
    assert_eq!(
        page.text("#private-details").as_deref(),
        Some("Flat 3, door code 1234")
    );
    assert!(page.attr("#edit-link", "href").is_some());
    assert_eq!(count_users(&app).await, 1);
}

#[actix_web::test]
async fn refused_need_inputs_keep_what_was_typed() {
    let app = spawn_app().await;
    let ben = app.member("Ben", "ben@example.org").await;
    let yesterday = day(&app, -1);
    let page = ben
        .submit(
            "/needs/new",
            "#need-form",
            &[
                ("title", "Hi"),
                ("details", "Some <b>details</b> I wrote"),
                ("category_id", ""),
                ("when_kind", "date"),
                ("date", &yesterday),
                ("place", "Corner of Oak Road"),
                ("helpers_wanted", "12"),
                ("urgency", "normal"),
                ("private_details", "Flat 9"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    for field in ["title", "category_id", "date", "helpers_wanted"] {
        assert!(
            page.text(&format!("#{field}-error")).is_some(),
            "no error for {field}"
        );
    }
    assert_eq!(
        page.input_value("#need-form", "title").as_deref(),
        Some("Hi")
    );
    assert_eq!(
        page.text("#details").as_deref(),
        Some("Some <b>details</b> I wrote")
    );
    assert_eq!(
        page.input_value("#need-form", "place").as_deref(),
        Some("Corner of Oak Road")
    );
    assert_eq!(page.text("#private_details").as_deref(), Some("Flat 9"));
    assert_eq!(
        page.input_value("#need-form", "date").as_deref(),
        Some(yesterday.as_str())
    );
}

#[actix_web::test]
async fn dates_more_than_a_year_ahead_are_refused() {
    let app = spawn_app().await;
    let ben = app.member("Ben", "ben@example.org").await;
    let far = day(&app, 366);
    let form = ben.get("/needs/new").await;
    let category = form
        .attr("#category_id option:nth-child(2)", "value")
        .expect("category");
    let page = ben
        .submit(
            "/needs/new",
            "#need-form",
            &[
                ("title", "Help in a long while"),
                ("category_id", &category),
                ("when_kind", "date"),
                ("date", &far),
                ("helpers_wanted", "1"),
                ("urgency", "normal"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page.text("#date-error").is_some_and(|t| t.contains("year")));
}

#[actix_web::test]
async fn editing_changes_the_fields_but_never_the_status_author_or_counts() {
    let app = spawn_app().await;
    let chen = app.member("Chen", "chen@example.org").await;
    let id = post_need(
        &app,
        &chen,
        "Carry a sofa upstairs",
        &[("helpers_wanted", "2")],
    )
    .await;
    let edit = chen.get(&format!("/needs/{id}/edit")).await;
    let token = edit.input_value("#need-form", "csrf_token").expect("token");
    let category = edit
        .attr("#category_id option[selected]", "value")
        .expect("category kept");
    let date = day(&app, 4);
    let page = chen
        .post(
            &format!("/needs/{id}/edit"),
            &[
                ("csrf_token", token.as_str()),
                ("title", "Carry a heavy sofa upstairs"),
                ("category_id", category.as_str()),
                ("when_kind", "date"),
                ("date", date.as_str()),
                ("place", "Oak Road"),
                ("helpers_wanted", "3"),
                ("urgency", "normal"),
                ("private_details", "Number 12"),
                ("status", "done"),
                ("author_id", "2"),
                ("accepted_count", "3"),
                ("outcome", "helped"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let need = chen.get(&format!("/needs/{id}")).await;
    assert_eq!(
        need.text("#need-title").as_deref(),
        Some("Carry a heavy sofa upstairs")
    );
    assert_eq!(need.text(".status").as_deref(), Some("Open"));
    assert_eq!(need.text("#need-author").as_deref(), Some("Chen"));
    assert_eq!(
        need.text("#need-helpers").as_deref(),
        Some("0 of 3 accepted")
    );
    assert!(need.text("#need-outcome").is_none());
}

#[actix_web::test]
async fn another_member_can_neither_edit_nor_cancel_your_need() {
    let app = spawn_app().await;
    let esi = app.member("Esi", "esi@example.org").await;
    let mallory = app.member("Mallory", "mallory@example.org").await;
    let id = post_need(&app, &esi, "Feed my cat on Friday", &[]).await;
    assert_eq!(mallory.get(&format!("/needs/{id}/edit")).await.status, 403);
    let token = mallory.csrf_token().await;
    let edit = mallory
        .post(
            &format!("/needs/{id}/edit"),
            &[("csrf_token", &token), ("title", "Hijacked title")],
        )
        .await;
    assert_eq!(edit.status, 403);
    let cancel = mallory
        .post(&format!("/needs/{id}/cancel"), &[("csrf_token", &token)])
        .await;
    assert_eq!(cancel.status, 403);
    let need = esi.get(&format!("/needs/{id}")).await;
    assert_eq!(
        need.text("#need-title").as_deref(),
        Some("Feed my cat on Friday")
    );
    assert_eq!(need.text(".status").as_deref(), Some("Open"));
    assert!(
        mallory
            .get(&format!("/needs/{id}"))
            .await
            .text("#private")
            .is_none()
    );
}

#[actix_web::test]
async fn cancelling_closes_the_need_and_tells_those_who_offered() {
    let app = spawn_app().await;
    let fatima = app.member("Fatima", "fatima@example.org").await;
    let gabriel = app.member("Gabriel", "gabriel@example.org").await;
    let id = post_need(&app, &fatima, "Help sorting the garden shed", &[]).await;
    let offered = gabriel
        .submit(
            &format!("/needs/{id}"),
            "#volunteer-form",
            &[("message", "Happy to help")],
        )
        .await;
    assert_eq!(offered.status, 303);

    let page = fatima
        .submit(
            &format!("/needs/{id}"),
            "#cancel-form",
            &[("note", "My brother came round and did it.")],
        )
        .await;
    assert_eq!(page.status, 303);
    let need = gabriel.get(&format!("/needs/{id}")).await;
    assert_eq!(need.text(".status").as_deref(), Some("Cancelled"));
    assert!(
        need.text("#cancel-note")
            .is_some_and(|t| t.contains("brother"))
    );
    assert!(need.text("#volunteer-form").is_none());
    let notes = gabriel.get("/notifications").await;
    assert!(
        notes
            .text("#notifications")
            .is_some_and(|t| t.contains("Fatima cancelled"))
    );
    let edit = fatima.get(&format!("/needs/{id}/edit")).await;
    assert_eq!(edit.status, 409, "a cancelled need is not editable");
    assert_eq!(
        edit.text("#closed-heading").as_deref(),
        Some("This need is already closed")
    );
}

#[actix_web::test]
async fn details_show_links_safely_and_never_markup() {
    let app = spawn_app().await;
    let hana = app.member("Hana", "hana@example.org").await;
    let details = "<script>alert('x')</script> Bus times: https://example.org/bus?line=7&day=tue javascript:alert(1)";
    let id = post_need(&app, &hana, "Lift to the station", &[("details", details)]).await;
    let page = hana.get(&format!("/needs/{id}")).await;
    assert!(!page.body.contains("<script>alert"));
    assert!(
        page.text("#need-details")
            .is_some_and(|t| t.contains("<script>alert('x')</script>"))
    );
    assert_eq!(
        page.attr("#need-details a", "href").as_deref(),
        Some("https://example.org/bus?line=7&day=tue")
    );
    assert!(
        page.attr("#need-details a", "rel")
            .is_some_and(|r| r.contains("nofollow") && r.contains("noopener"))
    );
    assert_eq!(
        page.texts("#need-details a").len(),
        1,
        "javascript: is not a link"
    );
}

#[actix_web::test]
async fn visitors_are_sent_to_log_in_for_needs() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let id = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let visitor = app.browser();
    for path in [
        "/needs".to_owned(),
        format!("/needs/{id}"),
        "/needs/new".to_owned(),
    ] {
        let page = visitor.get(&path).await;
        let back = format!("/login?next={}", path.replace('/', "%2F"));
        assert_eq!(page.location(), Some(back.as_str()), "{path}");
    }
}

#[actix_web::test]
async fn a_need_that_does_not_exist_is_not_found() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    assert_eq!(amara.get("/needs/999999").await.status, 404);
    assert_eq!(amara.get("/needs/abc").await.status, 404);
}
