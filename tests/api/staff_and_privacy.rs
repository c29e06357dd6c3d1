//! Blocks never hide anything from moderators, moderators reach private
//! messages only through reports, remembered browsers are forgotten when
//! they should be, and addresses that are shared are shared for the same
//! time both ways.

use crate::helpers::{Browser, GOOD_PASSWORD, TestApp, post_need, spawn_app};
use crate::moderation_actions::{
    act_on_person, conversation, moderator, person_id, report, send_message,
};

async fn profile_id(browser: &Browser) -> i64 {
    browser
        .get("/profile")
        .await
        .attr("main a[href^='/people/']", "href")
        .and_then(|h| h.trim_start_matches("/people/").parse().ok())
        .expect("a profile link")
}

/// Stores a block straight in the database, as one made before its target
/// became a moderator would be.
async fn old_block(app: &TestApp, blocker: i64, blocked: i64) {
    use diesel::prelude::*;
    use kith::db::schema::blocks;
    app.state
        .db
        .write(move |conn| {
            diesel::insert_into(blocks::table)
                .values((
                    blocks::blocker_id.eq(blocker),
                    blocks::blocked_id.eq(blocked),
                    blocks::created_at.eq(0_i64),
                ))
                .execute(conn)
        })
        .await
        .expect("store the block");
}

#[actix_web::test]
async fn nobody_can_block_a_moderator_and_old_blocks_hide_nothing_from_staff() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo Moderator", "mo@example.org").await;
    let amara = app.member("Amara", "amara@example.org").await;
    let mo_id = profile_id(&mo).await;
    let amara_id = profile_id(&amara).await;

    let profile = amara.get(&format!("/people/{mo_id}")).await;
    assert!(
        profile.text("#block-form").is_none(),
        "no block form is offered for a moderator"
    );
    let token = amara.csrf_token().await;
    let refused = amara
        .post(&format!("/people/{mo_id}/block"), &[("csrf_token", &token)])
        .await;
    assert_eq!(refused.status, 403);
    assert!(
        refused.body.contains("Moderators cannot be blocked"),
        "{}",
        refused.body
    );

    // A block made before Mo was a moderator keeps nothing from him.
    old_block(&app, amara_id, mo_id).await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let page = mo.get(&format!("/needs/{need}")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains(&format!("action=\"/moderation/needs/{need}/hide\"")),
        "the Hide form is there"
    );
    assert!(mo.get("/needs").await.body.contains("Lift to the clinic"));
    let admin_id = person_id(&admin, "grace@example.org").await;
    old_block(&app, amara_id, admin_id).await;
    assert!(
        admin
            .get("/needs")
            .await
            .body
            .contains("Lift to the clinic")
    );
    // And Mo can still offer to help and write to her.
    let thread = conversation(&amara, &mo, "Mo Moderator", need).await;
    send_message(&mo, &amara, &thread, "I can drive you.").await;
}

#[actix_web::test]
async fn a_moderator_cannot_touch_a_private_message_nobody_reported() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo Moderator", "mo@example.org").await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let thread = conversation(&amara, &ben, "Ben", need).await;
    let message = send_message(&ben, &amara, &thread, "See you at nine.").await;

    let token = mo.csrf_token().await;
    for what in ["hide", "restore"] {
        let tried = mo
            .post(
                &format!("/moderation/messages/{message}/{what}"),
                &[("csrf_token", &token), ("reason", "Looking around.")],
            )
            .await;
        assert_eq!(tried.status, 404, "{what}: {}", tried.body);
    }
    assert!(amara.get(&thread).await.body.contains("See you at nine."));

    // Once someone reports it, the moderator can act; and after acting,
    // restore it too.
    report(&amara, "message", message, "Not sure about this").await;
    let hidden = mo
        .post(
            &format!("/moderation/messages/{message}/hide"),
            &[("csrf_token", &token), ("reason", "Checking.")],
        )
        .await;
    assert_eq!(hidden.status, 303, "{}", hidden.body);
    assert!(!amara.get(&thread).await.body.contains("See you at nine."));
    let restored = mo
        .post(
            &format!("/moderation/messages/{message}/restore"),
            &[("csrf_token", &token), ("reason", "It was fine.")],
        )
        .await;
    assert_eq!(restored.status, 303, "{}", restored.body);
    assert!(amara.get(&thread).await.body.contains("See you at nine."));
}

/// Browsers remembered for the account with this e-mail address.
async fn remembered_browsers(app: &TestApp, email: &'static str) -> i64 {
    use diesel::prelude::*;
    use kith::db::schema::{trusted_devices, users};
    app.state
        .db
        .run(move |conn| {
            Ok(trusted_devices::table
                .inner_join(users::table.on(users::id.eq(trusted_devices::user_id)))
                .filter(users::email.eq(email))
                .count()
                .get_result::<i64>(conn)?)
        })
        .await
        .expect("count remembered browsers")
}

#[actix_web::test]
async fn a_new_password_or_a_ban_forgets_every_remembered_browser() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    for browser in [app.browser(), app.browser()] {
        let logged_in = browser.log_in("amara@example.org", GOOD_PASSWORD).await;
        assert_eq!(logged_in.status, 303);
    }
    assert!(remembered_browsers(&app, "amara@example.org").await >= 2);

    let changed = amara
        .submit(
            "/account",
            "#password-form",
            &[
                ("current_password", GOOD_PASSWORD),
                ("new_password", "a brand new kettle lid"),
                ("new_password_confirm", "a brand new kettle lid"),
            ],
        )
        .await;
    assert_eq!(changed.status, 303, "{}", changed.body);
    assert_eq!(remembered_browsers(&app, "amara@example.org").await, 0);

    app.member("Ben", "ben@example.org").await;
    let ben = app.browser();
    assert_eq!(
        ben.log_in("ben@example.org", GOOD_PASSWORD).await.status,
        303
    );
    assert!(remembered_browsers(&app, "ben@example.org").await >= 1);
    let admin = app.admin().await;
    let ben_id = person_id(&admin, "ben@example.org").await;
    let banned = act_on_person(&admin, ben_id, "ban", &[("reason", "Spam.")]).await;
    assert_eq!(banned.status, 303, "{}", banned.body);
    assert_eq!(ben.get("/account").await.status, 303, "logged out");
    assert_eq!(remembered_browsers(&app, "ben@example.org").await, 0);
}

#[actix_web::test]
async fn the_author_and_the_helper_who_share_their_email_see_it_for_the_same_week() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    crate::helpers::share_email(&amara).await;
    crate::helpers::share_email(&ben).await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let offered = ben
        .submit(&format!("/needs/{need}"), "#volunteer-form", &[])
        .await;
    assert_eq!(offered.status, 303);
    let offer = crate::helpers::offer_id(&amara, need, "Ben").await;
    let accepted = crate::helpers::press(
        &amara,
        &format!("/needs/{need}"),
        &format!("/needs/{need}/offers/{offer}/accept"),
    )
    .await;
    assert_eq!(accepted.status, 303);
    let done = amara
        .submit(
            &format!("/needs/{need}/done"),
            "#done-form",
            &[("outcome", "helped")],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);

    let page = format!("/needs/{need}");
    assert!(ben.get(&page).await.text("#author-email").is_some());
    assert!(amara.get(&page).await.text(".volunteer-email").is_some());
    app.clock.advance(8 * 86_400);
    assert!(ben.get(&page).await.text("#author-email").is_none());
    assert!(
        amara.get(&page).await.text(".volunteer-email").is_none(),
        "the author no longer sees the helper's address either"
    );
}

#[actix_web::test]
async fn the_expired_form_page_never_links_to_another_host() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let host = amara.base().trim_start_matches("http://").to_owned();
    let origin = amara.base().to_owned();
    for referer in [
        format!("http://{host}/\\evil.example/"),
        format!("http://{host}//evil.example/"),
        format!("http://{host}/\t/evil.example"),
    ] {
        let page = amara
            .post_with(
                "/profile",
                &[("csrf_token", "wrong"), ("about", "x")],
                &[("origin", &origin), ("referer", &referer)],
            )
            .await;
        assert_eq!(page.status, 403);
        assert!(
            !page.body.contains("evil.example"),
            "{referer}: {}",
            page.body
        );
    }
    let page = amara
        .post_with(
            "/profile",
            &[("csrf_token", "wrong"), ("about", "x")],
            &[
                ("origin", &origin),
                ("referer", &format!("http://{host}/profile")),
            ],
        )
        .await;
    assert_eq!(page.status, 403);
    assert!(page.body.contains("href=\"/profile\""), "{}", page.body);
}
