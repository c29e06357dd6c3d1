//! Reading notifications: the list only shows them; opening one, or "Mark
//! all read", marks them read, and only the member's own.

use crate::helpers::{Browser, TestApp, open_notification, post_need, spawn_app};

/// Ben offers to help with `need`.
async fn offer_help(ben: &Browser, need: i64) {
    let offered = ben
        .submit(
            &format!("/needs/{need}"),
            "#volunteer-form",
            &[("message", "")],
        )
        .await;
    assert_eq!(offered.status, 303, "{}", offered.body);
}

/// The number in the header's unread badge, if it shows.
async fn badge(member: &Browser) -> Option<String> {
    member.get("/").await.text("#unread-count")
}

/// Amara with a need Ben offered to help with.
async fn amara_hears_from_ben(app: &TestApp) -> (Browser, Browser, i64) {
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(app, &amara, "Lift to the clinic", &[]).await;
    offer_help(&ben, need).await;
    (amara, ben, need)
}

#[actix_web::test]
async fn looking_at_the_list_leaves_notifications_unread() {
    let app = spawn_app().await;
    let (amara, _ben, _) = amara_hears_from_ben(&app).await;
    assert_eq!(badge(&amara).await.as_deref(), Some("1"));
    for _ in 0..2 {
        let list = amara.get("/notifications").await;
        assert_eq!(list.texts("#notifications li.unread").len(), 1);
        assert_eq!(
            list.text("#notifications li.unread .visually-hidden")
                .as_deref(),
            Some("(new)")
        );
    }
    assert_eq!(badge(&amara).await.as_deref(), Some("1"));
}

#[actix_web::test]
async fn opening_a_notification_marks_that_one_read_and_leads_to_what_it_is_about() {
    let app = spawn_app().await;
    let (amara, ben, lift) = amara_hears_from_ben(&app).await;
    let sofa = post_need(&app, &amara, "Carry a sofa", &[]).await;
    offer_help(&ben, sofa).await;
    assert_eq!(badge(&amara).await.as_deref(), Some("2"));

    let led = open_notification(&amara, "Carry a sofa").await;
    assert_eq!(led, format!("/needs/{sofa}"));
    assert_eq!(badge(&amara).await.as_deref(), Some("1"));
    let list = amara.get("/notifications").await;
    let unread = list.texts("#notifications li.unread");
    assert_eq!(unread.len(), 1);
    assert!(unread[0].contains("Lift to the clinic"), "{unread:?}");

    // Opening it again still leads there.
    assert_eq!(
        open_notification(&amara, "Lift to the clinic").await,
        format!("/needs/{lift}")
    );
    assert_eq!(
        open_notification(&amara, "Lift to the clinic").await,
        format!("/needs/{lift}")
    );
    assert_eq!(badge(&amara).await, None);
}

#[actix_web::test]
async fn mark_all_read_clears_the_badge_but_not_a_notification_newer_than_the_page() {
    let app = spawn_app().await;
    let (amara, _ben, need) = amara_hears_from_ben(&app).await;
    let list = amara.get("/notifications").await;
    let up_to = list
        .input_value("#mark-all-read", "up_to")
        .expect("a mark-all-read form");
    let token = list
        .input_value("#mark-all-read", "csrf_token")
        .expect("a CSRF token");

    // Chen offers while Amara reads the page.
    let chen = app.member("Chen", "chen@example.org").await;
    offer_help(&chen, need).await;
    assert_eq!(badge(&amara).await.as_deref(), Some("2"));

    let marked = amara
        .post(
            "/notifications/read",
            &[("csrf_token", token.as_str()), ("up_to", up_to.as_str())],
        )
        .await;
    assert_eq!(marked.status, 303);
    assert_eq!(marked.location(), Some("/notifications"));
    assert_eq!(badge(&amara).await.as_deref(), Some("1"));
    let unread = amara
        .get("/notifications")
        .await
        .texts("#notifications li.unread");
    assert_eq!(unread.len(), 1);
    assert!(unread[0].contains("Chen offered"), "{unread:?}");

    // The button on a fresh page takes the rest, and then is gone.
    let marked = amara.submit("/notifications", "#mark-all-read", &[]).await;
    assert_eq!(marked.status, 303);
    assert_eq!(badge(&amara).await, None);
    let list = amara.get("/notifications").await;
    assert!(list.texts("#notifications li.unread").is_empty());
    assert!(list.text("#mark-all-read").is_none());
}

#[actix_web::test]
async fn mark_all_read_needs_the_forms_token() {
    let app = spawn_app().await;
    let (amara, _ben, _) = amara_hears_from_ben(&app).await;
    let forged = amara
        .post("/notifications/read", &[("up_to", "1000000")])
        .await;
    assert_eq!(forged.status, 403);
    assert_eq!(badge(&amara).await.as_deref(), Some("1"));
}

#[actix_web::test]
async fn another_member_can_neither_open_nor_mark_my_notifications() {
    let app = spawn_app().await;
    let (amara, ben, _) = amara_hears_from_ben(&app).await;
    let mine = amara
        .get("/notifications")
        .await
        .attr("#notifications a", "href")
        .expect("a notification");

    let peeked = ben.get(&mine).await;
    assert_eq!(peeked.status, 404);
    assert_eq!(peeked.location(), None);
    let token = ben.csrf_token().await;
    let marked = ben
        .post(
            "/notifications/read",
            &[("csrf_token", token.as_str()), ("up_to", "1000000")],
        )
        .await;
    assert_eq!(marked.status, 303);
    assert_eq!(badge(&amara).await.as_deref(), Some("1"));

    // A visitor is sent to log in; a number that is nobody's is a 404.
    let visitor = app.browser();
    assert_eq!(visitor.get(&mine).await.status, 303);
    assert_eq!(amara.get("/notifications/999999").await.status, 404);
}

#[actix_web::test]
async fn a_message_notification_previews_the_message_cut_short_and_escaped() {
    let app = spawn_app().await;
    let (amara, ben, need) = amara_hears_from_ben(&app).await;
    let offer = crate::helpers::offer_id(&amara, need, "Ben").await;
    let thread = format!("/needs/{need}/offers/{offer}/messages");
    let body = "<b>Bold</b> of you to offer!\nI can pick you up at the corner of \
                Elm Street and Mill Lane at half past nine, if that suits you.";
    let sent = amara
        .submit(&thread, "#message-form", &[("body", body)])
        .await;
    assert_eq!(sent.status, 303);

    let list = ben.get("/notifications").await;
    let preview = list
        .text("#notifications .notification-preview")
        .expect("a preview");
    assert!(
        preview.starts_with("<b>Bold</b> of you to offer! I can pick you up"),
        "{preview}"
    );
    assert!(preview.ends_with('…'), "{preview}");
    assert!(preview.chars().count() <= 81, "{preview}");
    assert!(!preview.contains("half past nine"), "{preview}");
    // Shown as typed, never as markup.
    assert!(!list.body.contains("<b>"));
    assert_eq!(
        open_notification(&ben, "Amara sent you a message").await,
        format!("{thread}#latest")
    );
}

#[actix_web::test]
async fn an_offer_notification_previews_the_volunteers_note() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let offered = ben
        .submit(
            &format!("/needs/{need}"),
            "#volunteer-form",
            &[("message", "I drive past the clinic on Tuesdays.")],
        )
        .await;
    assert_eq!(offered.status, 303);
    assert_eq!(
        amara
            .get("/notifications")
            .await
            .text("#notifications .notification-preview")
            .as_deref(),
        Some("I drive past the clinic on Tuesdays.")
    );
}
