//! The admin page: settings, categories, and the moderation log that
//! records every change.

use crate::helpers::{post_need, spawn_app, spawn_app_with};

#[actix_web::test]
async fn admin_and_moderation_pages_refuse_members_and_send_visitors_to_log_in() {
    let app = spawn_app().await;
    let member = app.member("Amara", "amara@example.org").await;
    let visitor = app.browser();
    for path in [
        "/admin",
        "/admin/settings",
        "/admin/categories",
        "/moderation/log",
    ] {
        assert_eq!(member.get(path).await.status, 403, "{path}");
        let back = format!("/login?next={}", path.replace('/', "%2F"));
        assert_eq!(
            visitor.get(path).await.location(),
            Some(back.as_str()),
            "{path}"
        );
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
            "/admin/settings",
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
                ("new_member_days", "7"),
                ("new_member_needs_per_day", "3"),
                ("new_member_offers_per_day", "10"),
                ("needs_per_day", "10"),
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
            "/admin/settings",
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
    assert_eq!(
        names[names.len() - 2..],
        ["Bikes & repairs", "Other"],
        "added before Other, which stays last"
    );
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

async fn person_id(admin: &crate::helpers::Browser, query: &str) -> String {
    let page = admin.get(&format!("/moderation/people?q={query}")).await;
    page.attr("#people a", "href")
        .expect("someone found")
        .trim_start_matches("/moderation/people/")
        .to_owned()
}

#[actix_web::test]
async fn an_admin_makes_a_member_moderator_and_it_takes_effect_on_their_next_page() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let amara = app.member("Amara", "amara@example.org").await;
    assert_eq!(amara.get("/moderation/log").await.status, 403);

    let id = person_id(&admin, "amara").await;
    let page = admin
        .submit(
            &format!("/moderation/people/{id}"),
            "#role-form",
            &[("role", "moderator")],
        )
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(amara.get("/moderation/log").await.status, 200);
    assert!(amara.get("/").await.text("#nav-moderation").is_some());
    assert_eq!(
        amara.get("/admin").await.status,
        403,
        "a moderator does not run the site"
    );
    let log = admin
        .get("/moderation/log")
        .await
        .text("#log")
        .expect("log");
    assert!(log.contains("Made Amara a moderator (was member)."));

    let token = admin.csrf_token().await;
    let odd = admin
        .post(
            &format!("/admin/people/{id}/role"),
            &[("csrf_token", &token), ("role", "superuser")],
        )
        .await;
    assert_eq!(odd.status, 400);
}

#[actix_web::test]
async fn nobody_changes_their_own_role_and_the_last_admin_stays_admin() {
    let app = spawn_app_with(|config| config.workers = 2).await;
    let grace = app.admin().await;
    let me = person_id(&grace, "grace").await;
    assert!(
        grace
            .get(&format!("/moderation/people/{me}"))
            .await
            .text("#role-form")
            .is_none()
    );
    let token = grace.csrf_token().await;
    let own = grace
        .post(
            &format!("/admin/people/{me}/role"),
            &[("csrf_token", &token), ("role", "member")],
        )
        .await;
    assert_eq!(own.status, 403);

    let hal = app.member("Hal", "hal@example.org").await;
    let hal_id = person_id(&grace, "hal").await;
    assert_eq!(
        grace
            .submit(
                &format!("/moderation/people/{hal_id}"),
                "#role-form",
                &[("role", "admin")]
            )
            .await
            .status,
        303
    );
    // Both admins demote each other at the same moment: one must stay.
    let grace_token = grace.csrf_token().await;
    let hal_token = hal.csrf_token().await;
    let grace_path = format!("/admin/people/{hal_id}/role");
    let hal_path = format!("/admin/people/{me}/role");
    let grace_fields = [("csrf_token", grace_token.as_str()), ("role", "member")];
    let hal_fields = [("csrf_token", hal_token.as_str()), ("role", "member")];
    let (a, b) = futures_util::future::join(
        grace.post(&grace_path, &grace_fields),
        hal.post(&hal_path, &hal_fields),
    )
    .await;
    let mut statuses = [a.status, b.status];
    statuses.sort_unstable();
    assert!(
        statuses == [303, 409] || statuses == [303, 403],
        "{statuses:?}"
    );
    let admins = app
        .state
        .db
        .run(|conn| {
            use diesel::prelude::*;
            use kith::db::schema::users;
            Ok(users::table
                .filter(users::role.eq("admin"))
                .count()
                .get_result::<i64>(conn)?)
        })
        .await
        .expect("counted");
    assert_eq!(admins, 1);
}

#[actix_web::test]
async fn an_admin_logs_a_member_out_everywhere_at_once() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let id = person_id(&admin, "amara@").await;
    assert_eq!(
        admin
            .submit(&format!("/moderation/people/{id}"), "#sessions-form", &[])
            .await
            .status,
        303
    );
    assert_eq!(
        amara.get("/account").await.location(),
        Some("/login?next=%2Faccount")
    );
    assert!(
        admin
            .get("/moderation/log")
            .await
            .text("#log")
            .is_some_and(|t| t.contains("Logged Amara out everywhere"))
    );
}

#[actix_web::test]
async fn people_are_found_by_name_or_email_and_wildcards_are_plain_characters() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    app.member("Amara Okafor", "amara@example.org").await;
    app.member("Ben", "ben_b@example.org").await;
    let names = |page: crate::helpers::Page| page.texts("#people strong");
    assert_eq!(
        names(admin.get("/moderation/people?q=okaf").await),
        vec!["Amara Okafor"]
    );
    assert_eq!(
        names(admin.get("/moderation/people?q=BEN_B").await),
        vec!["Ben"]
    );
    assert!(
        names(admin.get("/moderation/people?q=%25").await).is_empty(),
        "% matches only itself"
    );
    assert!(names(admin.get("/moderation/people?q=_").await).contains(&"Ben".to_owned()));
    assert_eq!(names(admin.get("/moderation/people?q=a_").await).len(), 0);
}

#[actix_web::test]
async fn members_read_what_was_done_and_why_but_not_who_did_it() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let amara = app.member("Amara", "amara@example.org").await;
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
    let id = person_id(&admin, "amara").await;
    assert_eq!(
        admin
            .submit(&format!("/moderation/people/{id}"), "#sessions-form", &[])
            .await
            .status,
        303
    );
    let ben = app.member("Ben", "ben@example.org").await;
    let page = ben.get("/modlog").await;
    let log = page.text("#modlog").expect("a public log");
    assert!(log.contains("Added the category “Bikes”."));
    assert!(!log.contains("Grace"), "no moderator names");
    assert!(
        !log.contains("out everywhere"),
        "private security actions stay private"
    );
    assert_eq!(
        app.browser().get("/modlog").await.location(),
        Some("/login?next=%2Fmodlog")
    );
    drop(amara);
}

#[actix_web::test]
async fn a_refused_rename_keeps_what_was_typed_next_to_that_category() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let page = admin.get("/admin/categories").await;
    let id = page
        .attr("#categories li", "id")
        .expect("a category")
        .trim_start_matches("category-")
        .to_owned();
    let token = page
        .input_value("#add-category-form", "csrf_token")
        .expect("token");
    let long = "x".repeat(41);
    let refused = admin
        .post(
            &format!("/admin/categories/{id}/rename"),
            &[("csrf_token", &token), ("name", &long)],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert_eq!(
        refused.attr(&format!("#rename-{id}"), "value").as_deref(),
        Some(long.as_str())
    );
    assert!(
        refused
            .text(&format!("#rename-{id}-error"))
            .is_some_and(|t| t.contains("40 characters"))
    );
}

#[actix_web::test]
async fn a_new_category_goes_before_other_which_stays_last_even_renamed() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let page = admin.get("/admin/categories").await;
    assert!(
        page.text("#name-hint")
            .is_some_and(|t| t.contains("before “Other”"))
    );
    let add = |name: &'static str| {
        let admin = &admin;
        async move {
            admin
                .submit("/admin/categories", "#add-category-form", &[("name", name)])
                .await
                .status
        }
    };
    assert_eq!(add("Bikes").await, 303);
    let names = admin.get("/admin/categories").await.texts(".category-name");
    assert_eq!(names[names.len() - 2..], ["Bikes", "Other"]);

    let page = admin.get("/admin/categories").await;
    let other = page
        .attr("#categories li:last-child", "id")
        .expect("Other")
        .trim_start_matches("category-")
        .to_owned();
    // Each row is compact: renaming waits behind a disclosure.
    let rename = format!("form[action='/admin/categories/{other}/rename']");
    assert!(
        page.attr(
            &format!("#category-{other} details.rename {rename}"),
            "action"
        )
        .is_some()
    );
    assert_eq!(
        admin
            .submit("/admin/categories", &rename, &[("name", "Anything else")])
            .await
            .status,
        303
    );
    assert_eq!(add("Books").await, 303);
    let names = admin.get("/admin/categories").await.texts(".category-name");
    assert_eq!(
        names[names.len() - 3..],
        ["Bikes", "Books", "Anything else"]
    );
    let amara = app.member("Amara", "amara@example.org").await;
    let offered = amara.get("/needs/new").await.texts("#category_id option");
    assert_eq!(
        offered[offered.len() - 3..],
        ["Bikes", "Books", "Anything else"],
        "members choose in the same order"
    );
}
