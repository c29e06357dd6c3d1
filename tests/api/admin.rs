//! The admin page: settings, categories, and the moderation log that
//! records every change.

use crate::helpers::{post_need, spawn_app};

#[actix_web::test]
async fn admin_and_moderation_pages_refuse_members_and_send_visitors_to_log_in() {
    let app = spawn_app().await;
    let member = app.member("Amara", "amara@example.org").await;
    let visitor = app.browser();
    for path in ["/admin", "/admin/categories", "/moderation/log"] {
        assert_eq!(member.get(path).await.status, 403, "{path}");
        assert_eq!(visitor.get(path).await.location(), Some("/login"), "{path}");
    }
    let token = member.csrf_token().await;
    for path in [
        "/admin/settings",
        "/admin/categories",
        "/admin/categories/1/rename",
        "/admin/categories/1/move",
        "/admin/categories/1/retire",
    ] {
        let page = member
            .post(
                path,
                &[
                    ("csrf_token", &token),
                    ("name", "Mine now"),
                    ("direction", "up"),
                    ("retired", "true"),
                ],
            )
            .await;
        assert_eq!(page.status, 403, "{path}");
    }
    assert!(member.get("/").await.text("#nav-admin").is_none());
}

#[actix_web::test]
async fn the_admin_renames_the_board_and_rewrites_its_rules_and_everyone_sees_it_at_once() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    assert!(admin.get("/").await.text("#nav-admin").is_some());
    let page = admin
        .submit(
            "/admin",
            "#settings-form",
            &[
                ("name", "Elm Street Helpers"),
                (
                    "description",
                    "Neighbours of Elm Street helping each other.",
                ),
                (
                    "rules",
                    "Be kind.\n\nNo selling.\nMeet somewhere public first.",
                ),
            ],
        )
        .await;
    assert_eq!(page.status, 303);
    let landing = app.browser().get("/").await;
    assert_eq!(
        landing.text(".site-name").as_deref(),
        Some("Elm Street Helpers")
    );
    assert_eq!(
        landing.text("#site-description").as_deref(),
        Some("Neighbours of Elm Street helping each other.")
    );
    assert_eq!(
        landing.texts("#rules li"),
        vec!["Be kind.", "No selling.", "Meet somewhere public first."]
    );

    let refused = admin
        .submit(
            "/admin",
            "#settings-form",
            &[("name", "  "), ("description", "Still here"), ("rules", "")],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.text("#name-error").is_some());
    assert_eq!(refused.text("#description").as_deref(), Some("Still here"));

    let log = admin.get("/moderation/log").await;
    assert!(
        log.text("#log")
            .is_some_and(|t| t.contains("Changed the site's name") && t.contains("Grace Admin"))
    );
}

#[actix_web::test]
async fn categories_are_added_renamed_reordered_and_retired_without_touching_old_needs() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let member = app.member("Amara", "amara@example.org").await;
    let need = post_need(&app, &member, "Lift to the clinic", &[]).await;
    let first = admin.get("/admin/categories").await.texts(".category-name")[0].clone();

    let added = admin
        .submit(
            "/admin/categories",
            "#add-category-form",
            &[("name", "Bikes & repairs")],
        )
        .await;
    assert_eq!(added.status, 303);
    let again = admin
        .submit(
            "/admin/categories",
            "#add-category-form",
            &[("name", "Bikes & repairs")],
        )
        .await;
    assert_eq!(again.status, 422, "names are unique");
    assert_eq!(
        again.input_value("#add-category-form", "name").as_deref(),
        Some("Bikes & repairs")
    );

    let page = admin.get("/admin/categories").await;
    let first_id = page
        .attr("#categories li", "id")
        .expect("a category")
        .trim_start_matches("category-")
        .to_owned();
    let token = page
        .input_value("#add-category-form", "csrf_token")
        .expect("token");
    let rename = admin
        .post(
            &format!("/admin/categories/{first_id}/rename"),
            &[("csrf_token", &token), ("name", "Errands")],
        )
        .await;
    assert_eq!(rename.status, 303);
    let down = admin
        .post(
            &format!("/admin/categories/{first_id}/move"),
            &[("csrf_token", &token), ("direction", "down")],
        )
        .await;
    assert_eq!(down.status, 303);
    let names = admin.get("/admin/categories").await.texts(".category-name");
    assert_eq!(names[1], "Errands");
    assert_eq!(names.last().map(String::as_str), Some("Bikes & repairs"));
    let odd = admin
        .post(
            &format!("/admin/categories/{first_id}/move"),
            &[("csrf_token", &token), ("direction", "sideways")],
        )
        .await;
    assert_eq!(odd.status, 400);

    let retire = admin
        .post(
            &format!("/admin/categories/{first_id}/retire"),
            &[("csrf_token", &token), ("retired", "true")],
        )
        .await;
    assert_eq!(retire.status, 303);
    let form = member.get("/needs/new").await;
    assert!(
        !form
            .texts("#category_id option")
            .contains(&"Errands".to_owned()),
        "retired categories are not offered"
    );
    assert!(
        form.texts("#category_id option")
            .contains(&"Bikes & repairs".to_owned())
    );
    let old = member.get(&format!("/needs/{need}")).await;
    assert_eq!(
        old.text("#need-category").as_deref(),
        Some("Errands"),
        "old needs keep their category"
    );
    assert!(first.len() > 1);

    let log = admin
        .get("/moderation/log")
        .await
        .text("#log")
        .expect("log");
    for words in [
        "Added the category “Bikes & repairs”",
        "Renamed the category",
        "Moved the category “Errands” down",
        "Retired the category “Errands”",
    ] {
        assert!(log.contains(words), "{words} not logged");
    }
}

#[actix_web::test]
async fn the_moderation_log_refuses_to_be_edited_or_deleted() {
    use diesel::RunQueryDsl;
    let app = spawn_app().await;
    let admin = app.admin().await;
    assert_eq!(
        admin
            .submit(
                "/admin/categories",
                "#add-category-form",
                &[("name", "Bikes")]
            )
            .await
            .status,
        303
    );
    for statement in [
        "UPDATE moderation_log SET reason = 'rewritten'",
        "DELETE FROM moderation_log",
    ] {
        let outcome = app
            .state
            .db
            .run(move |conn| Ok(diesel::sql_query(statement).execute(conn)))
            .await
            .expect("ran");
        assert!(outcome.is_err(), "{statement} was allowed");
    }
    let log = admin.get("/moderation/log").await;
    assert_eq!(log.texts("#log li").len(), 1);
}
