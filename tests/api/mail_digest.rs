//! The daily digest and the day-before reminder, with a hand-moved clock.

use chrono::Timelike;

use crate::helpers::{Browser, TestApp, day, offer_id, post_need, press, spawn_app};
use crate::mailbox::Received;

async fn volunteer(browser: &Browser, need: i64) {
    let page = browser
        .submit(
            &format!("/needs/{need}"),
            "#volunteer-form",
            &[("message", "I can help.")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
}

/// Sets a member's mail choices through the settings form.
async fn choose(browser: &Browser, fields: &[(&str, &str)]) {
    let saved = browser
        .submit("/account/notifications", "#mail-settings-form", fields)
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
}

/// The hour it is now in the neighbourhood, as the settings form takes it.
fn this_hour(app: &TestApp) -> String {
    app.clock.local(app.clock.now()).hour().to_string()
}

async fn digests_to(app: &TestApp, email: &str) -> Vec<Received> {
    app.deliver_mail().await;
    app.mailbox
        .to(email)
        .into_iter()
        .filter(|m| m.subject().contains("daily digest"))
        .collect()
}

async fn send_digests(app: &TestApp) -> usize {
    kith::notifications::email::digest::send_due(&app.state)
        .await
        .expect("the digest job runs")
        .expect("no other process holds the job")
}

#[actix_web::test]
async fn the_digest_comes_once_a_day_at_the_chosen_hour_and_not_when_nothing_is_new() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let hour = this_hour(&app);
    choose(
        &amara,
        &[
            ("offers", "digest"),
            ("new_needs", "digest"),
            ("digest_hour", &hour),
        ],
    )
    .await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    volunteer(&ben, need).await;
    post_need(&app, &ben, "Walk my dog on Sunday", &[]).await;
    app.deliver_mail().await;
    assert!(
        app.mailbox
            .to("amara@example.org")
            .iter()
            .all(|m| !m.subject().contains("offered")),
        "offers wait for the digest"
    );

    // The job comes round a minute later.
    app.clock.advance(60);
    assert_eq!(send_digests(&app).await, 1);
    let got = digests_to(&app, "amara@example.org").await;
    assert_eq!(got.len(), 1);
    let text = got[0].text();
    assert!(text.contains("Ben offered to help with"), "{text}");
    assert!(text.contains("New need: Walk my dog on Sunday"), "{text}");
    assert!(
        !text.contains("New need: Lift to the clinic"),
        "not her own"
    );
    assert!(got[0].header("List-Unsubscribe").is_some());

    // Once a day: not again this hour, and not tomorrow with nothing new.
    app.clock.advance(30 * 60);
    assert_eq!(send_digests(&app).await, 0);
    app.clock.advance(24 * 3600 - 31 * 60);
    assert_eq!(send_digests(&app).await, 0, "nothing new, nothing sent");
    assert_eq!(digests_to(&app, "amara@example.org").await.len(), 1);

    post_need(&app, &ben, "Borrow a ladder", &[]).await;
    app.clock.advance(24 * 3600);
    assert_eq!(send_digests(&app).await, 1);
    let got = digests_to(&app, "amara@example.org").await;
    assert_eq!(got.len(), 2);
    let text = got[1].text();
    assert!(text.contains("New need: Borrow a ladder"));
    assert!(
        !text.contains("Walk my dog"),
        "only what is new since the last"
    );

    // Its one-click unsubscribe turns off everything that came in it.
    let link = got[1].header("List-Unsubscribe").expect("a link");
    let link = link.trim_matches(['<', '>']);
    let path = &link[link.find("/mail/unsubscribe/").expect("path")..];
    let done = app
        .browser()
        .post_raw(path, "List-Unsubscribe=One-Click", &[])
        .await;
    assert_eq!(done.status, 200);
    let settings = amara.get("/account/notifications").await;
    assert_eq!(
        settings
            .attr("#topic-offers input[value='off']", "checked")
            .as_deref(),
        Some("")
    );
    assert_eq!(
        settings
            .attr("#topic-new_needs input[value='off']", "checked")
            .as_deref(),
        Some("")
    );
    assert_eq!(
        settings
            .attr("#topic-messages input[value='now']", "checked")
            .as_deref(),
        Some(""),
        "what came at once still does"
    );
}

#[actix_web::test]
async fn new_needs_in_the_digest_keep_to_the_categories_picked() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let form = amara.get("/account/notifications").await;
    let boxes = form.texts("#new-needs-categories label");
    assert!(boxes.len() >= 2, "categories to pick from: {boxes:?}");
    // Pick the category `post_need` does not use (it takes the first).
    let new_need = ben.get("/needs/new").await;
    let first = new_need
        .attr("#category_id option:nth-child(2)", "value")
        .expect("a category");
    let second = new_need
        .attr("#category_id option:nth-child(3)", "value")
        .expect("another category");
    let hour = this_hour(&app);
    let picked = format!("category_{second}");
    choose(
        &amara,
        &[
            ("new_needs", "digest"),
            ("digest_hour", &hour),
            (&picked, "on"),
        ],
    )
    .await;
    post_need(&app, &ben, "In the first category", &[]).await;
    post_need(
        &app,
        &ben,
        "In the second category",
        &[
            ("category_id", &second),
            ("place", "Mill Lane"),
            ("urgency", "urgent"),
        ],
    )
    .await;
    assert_ne!(first, second);

    app.clock.advance(60);
    assert_eq!(send_digests(&app).await, 1);
    let text = digests_to(&app, "amara@example.org").await[0].text();
    // Each need with its day, rough place and urgency, on its line.
    let line = text
        .lines()
        .find(|l| l.contains("In the second category"))
        .expect("the need is listed");
    assert!(line.contains(", Mill Lane (urgent)"), "{line}");
    assert!(line.contains(" \u{2014} "), "when it is: {line}");
    assert!(!text.contains("In the first category"));
    assert!(!text.contains("door code"), "private details never travel");
}

#[actix_web::test]
async fn the_day_before_the_author_and_each_accepted_helper_get_one_reminder() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let chen = app.member("Chen", "chen@example.org").await;
    let tomorrow = day(&app, 1);
    let need = post_need(
        &app,
        &amara,
        "Lift to the clinic",
        &[("date", &tomorrow), ("helpers_wanted", "2")],
    )
    .await;
    let later = post_need(&app, &amara, "Walk the dog", &[("date", &day(&app, 3))]).await;
    volunteer(&ben, need).await;
    volunteer(&chen, need).await;
    let offer = offer_id(&amara, need, "Ben").await;
    let accepted = press(
        &amara,
        &format!("/needs/{need}"),
        &format!("/needs/{need}/offers/{offer}/accept"),
    )
    .await;
    assert_eq!(accepted.status, 303);

    let reminded = kith::needs::reminders::remind_due(&app.state)
        .await
        .expect("runs")
        .expect("not held elsewhere");
    assert_eq!(reminded, 1, "only tomorrow's need");
    app.deliver_mail().await;
    let reminders = |email: &str| -> Vec<Received> {
        app.mailbox
            .to(email)
            .into_iter()
            .filter(|m| m.subject().starts_with("Reminder:"))
            .collect()
    };
    for email in ["amara@example.org", "ben@example.org"] {
        let got = reminders(email);
        assert_eq!(got.len(), 1, "{email}");
        let text = got[0].text();
        assert!(text.contains("Lift to the clinic") && text.contains("is tomorrow"));
        assert!(text.contains("When: "), "{text}");
        assert!(text.contains("Roughly where: Elm Street"));
        assert!(
            !text.contains("door code"),
            "the private details stay on the site"
        );
        assert!(text.contains(&format!("/needs/{need}")));
    }
    assert!(reminders("chen@example.org").is_empty(), "not accepted");

    // Once only, even if the job runs again.
    let again = kith::needs::reminders::remind_due(&app.state)
        .await
        .expect("runs")
        .expect("not held elsewhere");
    assert_eq!(again, 0);
    app.clock.advance(2 * 86_400);
    let later_day = kith::needs::reminders::remind_due(&app.state)
        .await
        .expect("runs")
        .expect("not held elsewhere");
    assert_eq!(later_day, 1, "the later need, the day before its own date");
    app.deliver_mail().await;
    assert_eq!(reminders("amara@example.org").len(), 2);
    assert!(later > need);
}
