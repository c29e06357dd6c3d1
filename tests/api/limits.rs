//! Posting limits: new members post less in a day, and hear why.

use crate::helpers::{post_need, spawn_app};

const DAY: i64 = 86_400;

#[actix_web::test]
async fn a_new_member_posts_three_needs_a_day_then_is_asked_to_wait_with_the_form_kept() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    for i in 0..3 {
        post_need(&app, &amara, &format!("Need number {i}"), &[]).await;
    }
    let form = amara.get("/needs/new").await;
    let category = form
        .attr("#category_id option:nth-child(2)", "value")
        .expect("category");
    let date = crate::helpers::day(&app, 2);
    let fourth = [
        ("title", "One need too many"),
        ("category_id", category.as_str()),
        ("when_kind", "date"),
        ("date", date.as_str()),
        ("helpers_wanted", "1"),
        ("urgency", "normal"),
    ];
    let page = amara.submit("/needs/new", "#need-form", &fourth).await;
    assert_eq!(page.status, 429);
    assert!(
        page.text("#form-error")
            .is_some_and(|t| t.contains("3 needs in the last 24 hours"))
    );
    assert_eq!(
        page.input_value("#need-form", "title").as_deref(),
        Some("One need too many")
    );

    app.clock.advance(DAY + 1);
    let date = crate::helpers::day(&app, 2);
    let mut fourth = fourth;
    fourth[3] = ("date", date.as_str());
    assert_eq!(
        amara
            .submit("/needs/new", "#need-form", &fourth)
            .await
            .status,
        303
    );
}

#[actix_web::test]
async fn after_the_first_week_a_member_may_post_ten_needs_a_day() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    app.clock.advance(8 * DAY);
    for i in 0..10 {
        post_need(&app, &amara, &format!("Need number {i}"), &[]).await;
    }
    let token = amara.csrf_token().await;
    let page = amara
        .post(
            "/needs/new",
            &[("csrf_token", &token), ("title", "Eleventh need")],
        )
        .await;
    assert_eq!(
        page.status, 422,
        "an incomplete form is still answered field by field"
    );
    let form = amara.get("/needs/new").await;
    let category = form
        .attr("#category_id option:nth-child(2)", "value")
        .expect("category");
    let date = crate::helpers::day(&app, 2);
    let eleventh = amara
        .submit(
            "/needs/new",
            "#need-form",
            &[
                ("title", "Eleventh need"),
                ("category_id", &category),
                ("when_kind", "date"),
                ("date", &date),
                ("helpers_wanted", "1"),
                ("urgency", "normal"),
            ],
        )
        .await;
    assert_eq!(eleventh.status, 429);
    assert!(
        eleventh
            .text("#form-error")
            .is_some_and(|t| t.contains("10 needs"))
    );
}

#[actix_web::test]
async fn the_admin_sets_how_often_new_members_may_offer_and_everyone_can_read_the_limits() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let page = admin.get("/admin/settings").await;
    let name = page.input_value("#settings-form", "name").expect("name");
    let description = page.raw_text("#description").unwrap_or_default();
    let rules = page.raw_text("#rules").unwrap_or_default();
    let saved = admin
        .submit(
            "/admin/settings",
            "#settings-form",
            &[
                ("name", &name),
                ("description", &description),
                ("rules", &rules),
                ("new_member_days", "7"),
                ("new_member_needs_per_day", "3"),
                ("new_member_offers_per_day", "2"),
                ("needs_per_day", "10"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    let landing = app.browser().get("/").await;
    assert!(
        landing
            .text("#limits")
            .is_some_and(|t| t.contains("offer to help 2 times a day"))
    );

    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let mut needs = Vec::new();
    for i in 0..3 {
        needs.push(post_need(&app, &amara, &format!("Need number {i}"), &[]).await);
    }
    for need in &needs[..2] {
        assert_eq!(
            ben.submit(&format!("/needs/{need}"), "#volunteer-form", &[])
                .await
                .status,
            303
        );
    }
    let third = ben
        .submit(&format!("/needs/{}", needs[2]), "#volunteer-form", &[])
        .await;
    assert_eq!(third.status, 429);
    assert!(
        third
            .text("#page-notice")
            .is_some_and(|t| t.contains("2 times in 24 hours"))
    );
    assert!(
        amara
            .get(&format!("/needs/{}", needs[2]))
            .await
            .texts("li.offer")
            .is_empty()
    );
}
