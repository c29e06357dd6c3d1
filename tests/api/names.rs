//! Display names: nobody passes for a moderator or an admin, invisible and
//! blank names are refused, staff names carry a badge, and need titles lose
//! invisible direction overrides.

use crate::helpers::{
    Browser, GOOD_PASSWORD, TestApp, count_users, post_need, spawn_app, try_sign_up,
};

const LOOKS_LIKE_STAFF: &str = "looks too much like the name of one of the moderators or admins";

/// Cyrillic capital A (U+0410) in place of the Latin one.
const CYRILLIC_ADA_ADMIN: &str = "\u{0410}da Admin";

/// The first admin, named Ada Admin, through the setup link.
async fn ada_admin(app: &TestApp) -> Browser {
    let link = app.setup_link.as_deref().expect("a setup link");
    let path = &link[link.find("/setup").expect("a /setup link")..];
    let browser = app.browser();
    let page = browser
        .submit(
            path,
            "#setup-form",
            &[
                ("display_name", "Ada Admin"),
                ("email", "ada@example.org"),
                ("password", GOOD_PASSWORD),
                ("password_confirm", GOOD_PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "setup failed: {}", page.body);
    browser
}

async fn rename(browser: &Browser, name: &str) -> crate::helpers::Page {
    browser
        .submit("/account", "#name-form", &[("display_name", name)])
        .await
}

#[actix_web::test]
async fn nobody_can_sign_up_as_the_admin_or_as_a_cyrillic_look_alike() {
    let app = spawn_app().await;
    let _ada = ada_admin(&app).await;
    let before = count_users(&app).await;

    for (name, email) in [
        ("Ada Admin", "copy@example.org"),
        (CYRILLIC_ADA_ADMIN, "cyrillic@example.org"),
        ("ada  ADMIN", "shouting@example.org"),
        // Small capital A (U+1D00), and n with a combining dot above.
        ("\u{1D00}da Admin", "small-capital@example.org"),
        ("Ada Admin\u{0307}", "dotted@example.org"),
        ("Ada Admi\u{1E45}", "precomposed@example.org"),
    ] {
        let page = try_sign_up(&app.browser(), name, email).await;
        assert_eq!(page.status, 422, "{name:?} was accepted");
        assert!(
            page.text("#display_name-error")
                .is_some_and(|t| t.contains(LOOKS_LIKE_STAFF)),
            "{name:?}: {:?}",
            page.text("#display_name-error")
        );
        assert_eq!(
            page.input_value("#signup-form", "display_name").as_deref(),
            Some(name)
        );
        assert_eq!(
            page.input_value("#signup-form", "email").as_deref(),
            Some(email)
        );
    }
    assert_eq!(count_users(&app).await, before, "no account was made");

    app.sign_up(&app.browser(), "Ada Adams", "adams@example.org")
        .await;
}

#[actix_web::test]
async fn a_member_cannot_rename_themselves_as_the_admin_or_a_look_alike() {
    let app = spawn_app().await;
    let _ada = ada_admin(&app).await;
    let ben = app.member("Ben", "ben@example.org").await;

    for name in ["Ada Admin", CYRILLIC_ADA_ADMIN] {
        let page = rename(&ben, name).await;
        assert_eq!(page.status, 422, "{name:?} was accepted");
        assert!(
            page.text("#display_name-error")
                .is_some_and(|t| t.contains(LOOKS_LIKE_STAFF))
        );
        assert_eq!(
            page.input_value("#name-form", "display_name").as_deref(),
            Some(name)
        );
    }
    let home = ben.get("/").await;
    assert_eq!(home.text("#welcome").as_deref(), Some("Welcome, Ben"));
}

#[actix_web::test]
async fn the_admin_may_keep_their_own_name_in_another_case() {
    let app = spawn_app().await;
    let ada = ada_admin(&app).await;

    let page = rename(&ada, "ADA ADMIN").await;
    assert_eq!(page.status, 303, "{}", page.body);
    let home = ada.get("/").await;
    assert_eq!(home.text("#welcome").as_deref(), Some("Welcome, ADA ADMIN"));
}

#[actix_web::test]
async fn once_a_member_is_made_a_moderator_nobody_new_can_take_their_name() {
    let app = spawn_app().await;
    let ada = ada_admin(&app).await;
    let _mo = app.member("Mo Reyes", "mo@example.org").await;
    let people = ada.get("/moderation/people?q=mo%40example").await;
    let mo_page = people.attr("#people a", "href").expect("Mo is found");
    let made = ada
        .submit(&mo_page, "#role-form", &[("role", "moderator")])
        .await;
    assert_eq!(made.status, 303);

    let page = try_sign_up(&app.browser(), "M\u{043E} Reyes", "fake-mo@example.org").await;
    assert_eq!(page.status, 422);
    assert!(
        page.text("#display_name-error")
            .is_some_and(|t| t.contains(LOOKS_LIKE_STAFF))
    );
}

#[actix_web::test]
async fn invisible_and_blank_names_are_refused_with_the_name_kept_in_the_form() {
    let app = spawn_app().await;
    for (name, says) in [
        ("Ann\u{200D}Lee", "invisible characters"),
        ("Ann\u{E0041}", "invisible characters"),
        ("\u{3164}", "invisible characters"),
        ("\u{2800}\u{2800}", "looks blank"),
    ] {
        let page = try_sign_up(&app.browser(), name, "ann@example.org").await;
        assert_eq!(page.status, 422, "{name:?} was accepted");
        assert!(
            page.text("#display_name-error")
                .is_some_and(|t| t.contains(says)),
            "{name:?}: {:?}",
            page.text("#display_name-error")
        );
        assert_eq!(
            page.input_value("#signup-form", "display_name").as_deref(),
            Some(name)
        );
    }
    assert_eq!(count_users(&app).await, 0);
}

#[actix_web::test]
async fn the_admins_name_carries_a_badge_on_the_board_and_their_need_page_and_a_members_does_not() {
    let app = spawn_app().await;
    let ada = ada_admin(&app).await;
    let ben = app.member("Ben", "ben@example.org").await;
    let adas = post_need(&app, &ada, "Chairs for the street party", &[]).await;
    let bens = post_need(&app, &ben, "Lift to the clinic", &[]).await;

    let board = ben.get("/needs").await;
    assert_eq!(
        board.text(&format!("#need-{adas} .role-badge")).as_deref(),
        Some("Admin")
    );
    assert!(
        board
            .text(&format!("#need-{adas}"))
            .is_some_and(|t| t.contains("Asked by Ada Admin, Admin"))
    );
    assert_eq!(board.text(&format!("#need-{bens} .role-badge")), None);

    let page = ben.get(&format!("/needs/{adas}")).await;
    assert_eq!(
        page.text("#need-author").as_deref(),
        Some("Ada Admin, Admin")
    );
    assert_eq!(
        page.text("#need-author .role-badge").as_deref(),
        Some("Admin")
    );
    let page = ada.get(&format!("/needs/{bens}")).await;
    assert_eq!(page.text("#need-author").as_deref(), Some("Ben"));
    assert_eq!(page.text("#need-author .role-badge"), None);
}

#[actix_web::test]
async fn a_title_and_place_with_direction_overrides_are_saved_without_them() {
    let app = spawn_app().await;
    let ann = app.member("Ann", "ann@example.org").await;
    let id = post_need(
        &app,
        &ann,
        "Lift to the \u{202E}cinilc\u{202C} please",
        &[("place", "\u{2067}Elm Street\u{2069}")],
    )
    .await;

    let page = ann.get(&format!("/needs/{id}")).await;
    assert_eq!(
        page.text("#need-title").as_deref(),
        Some("Lift to the cinilc please")
    );
    assert_eq!(page.text("#need-place").as_deref(), Some("Elm Street"));
    let edit = ann.get(&format!("/needs/{id}/edit")).await;
    assert_eq!(
        edit.input_value("#need-form", "title").as_deref(),
        Some("Lift to the cinilc please")
    );
}
