//! Reports and the review queue.

use crate::helpers::{Browser, TestApp, offer_id, post_need, spawn_app};

async fn moderator(app: &TestApp, admin: &Browser) -> Browser {
    let moderator = app.member("Mo Moderator", "mo@example.org").await;
    let page = admin.get("/moderation/people?q=mo%40").await;
    let id = page.attr("#people a", "href").expect("found");
    assert_eq!(
        admin
            .submit(&id, "#role-form", &[("role", "moderator")])
            .await
            .status,
        303
    );
    moderator
}

async fn report(
    browser: &Browser,
    kind: &str,
    id: i64,
    reason: &str,
    note: &str,
) -> crate::helpers::Page {
    browser
        .submit(
            &format!("/report?kind={kind}&id={id}"),
            "#report-form",
            &[("reason", reason), ("note", note)],
        )
        .await
}

#[actix_web::test]
async fn members_report_a_need_and_moderators_see_the_reports_grouped_with_the_text_as_it_was() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin).await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let chen = app.member("Chen", "chen@example.org").await;
    let need = post_need(
        &app,
        &amara,
        "Cheap watches for sale",
        &[("details", "Cash only, DM me")],
    )
    .await;

    assert!(
        ben.get(&format!("/needs/{need}"))
            .await
            .attr("#report-need", "href")
            .is_some()
    );
    assert_eq!(
        report(&ben, "need", need, "spam", "Selling, not asking")
            .await
            .status,
        303
    );
    assert_eq!(report(&chen, "need", need, "scam", "").await.status, 303);
    let again = report(&ben, "need", need, "spam", "Again").await;
    assert_eq!(again.status, 409, "one open report per reporter per target");
    assert!(
        again
            .text("#form-error")
            .is_some_and(|t| t.contains("already reported"))
    );

    // The author edits the need afterwards; the queue keeps what was reported.
    let edit = amara.get(&format!("/needs/{need}/edit")).await;
    let category = edit
        .attr("#category_id option[selected]", "value")
        .expect("category");
    let date = edit.input_value("#need-form", "date").expect("date");
    let edited = amara
        .submit(
            &format!("/needs/{need}/edit"),
            "#need-form",
            &[
                ("title", "Help with the garden"),
                ("details", "Nothing to see"),
                ("category_id", &category),
                ("when_kind", "date"),
                ("date", &date),
                ("helpers_wanted", "1"),
                ("urgency", "normal"),
            ],
        )
        .await;
    assert_eq!(edited.status, 303);

    let queue = mo.get("/moderation").await;
    assert_eq!(queue.status, 200);
    let group = format!("#reports-need-{need}");
    assert!(
        queue
            .text(&format!("{group} h2"))
            .is_some_and(|t| t.starts_with("2 reports"))
    );
    assert!(
        queue
            .text(&format!("{group} .snapshot"))
            .is_some_and(|t| t.contains("Cheap watches for sale") && t.contains("Cash only"))
    );
    let reasons = queue.texts(&format!("{group} .reasons li"));
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("Spam") && r.contains("Selling, not asking"))
    );
    assert!(reasons.iter().any(|r| r.contains("scam")));
    assert_eq!(amara.get("/moderation").await.status, 403);
}

#[actix_web::test]
async fn nobody_reports_what_they_cannot_see() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let chen = app.member("Chen", "chen@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    assert_eq!(
        ben.submit(&format!("/needs/{need}"), "#volunteer-form", &[])
            .await
            .status,
        303
    );
    let offer = offer_id(&amara, need, "Ben").await;
    let thread = format!("/needs/{need}/offers/{offer}/messages");
    assert_eq!(
        amara
            .submit(
                &thread,
                "#message-form",
                &[("body", "My door code is 4321")]
            )
            .await
            .status,
        303
    );
    let message: i64 = ben
        .get(&thread)
        .await
        .attr(".report-message", "href")
        .and_then(|h| h.rsplit('=').next().and_then(|id| id.parse().ok()))
        .expect("Ben can report Amara's message");

    // Chen is not in the conversation: the message does not exist for him.
    assert_eq!(
        chen.get(&format!("/report?kind=message&id={message}"))
            .await
            .status,
        404
    );
    let token = chen.csrf_token().await;
    let sneaky = chen
        .post(
            "/report",
            &[
                ("csrf_token", &token),
                ("kind", "message"),
                ("id", &message.to_string()),
                ("reason", "spam"),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(sneaky.status, 404);
    assert!(!sneaky.body.contains("4321"));
    assert_eq!(
        report(&ben, "message", message, "harassment", "")
            .await
            .status,
        303
    );

    assert_eq!(chen.get("/report?kind=need&id=999999").await.status, 404);
    assert_eq!(chen.get("/report?kind=comment&id=1").await.status, 404);
    let me = chen
        .get("/profile")
        .await
        .attr("main a[href^='/people/']", "href")
        .expect("profile");
    let my_id = me.trim_start_matches("/people/");
    assert_eq!(
        chen.get(&format!("/report?kind=member&id={my_id}"))
            .await
            .status,
        404,
        "nobody reports themself"
    );
}

#[actix_web::test]
async fn a_report_needs_a_reason_and_keeps_the_note() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let page = report(&ben, "need", need, "", "It looks odd to me").await;
    assert_eq!(page.status, 422);
    assert!(page.text("#reason-error").is_some());
    assert_eq!(page.text("#note").as_deref(), Some("It looks odd to me"));
    let odd = report(&ben, "need", need, "because", "").await;
    assert_eq!(odd.status, 422);
}

#[actix_web::test]
async fn dismissing_needs_a_reason_tells_each_reporter_and_goes_in_the_log() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin).await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    assert_eq!(
        report(&ben, "need", need, "other", "Not sure about this")
            .await
            .status,
        303
    );

    let form = format!("form[action='/moderation/reports/need/{need}/dismiss']");
    let refused = mo.submit("/moderation", &form, &[("reason", "  ")]).await;
    assert_eq!(refused.status, 422);
    assert!(refused.text(".report-group .field-error").is_some());
    let dismissed = mo
        .submit(
            "/moderation",
            &form,
            &[("reason", "An ordinary request for a lift.")],
        )
        .await;
    assert_eq!(dismissed.status, 303);
    assert!(mo.get("/moderation").await.text("#queue-empty").is_some());

    let notes = ben
        .get("/notifications")
        .await
        .text("#notifications")
        .expect("notifications");
    assert!(notes.contains("looked into your report about “Lift to the clinic”"));
    assert!(
        !notes.contains("Mo Moderator"),
        "reporters are not told who decided"
    );
    let entries = ben.get("/modlog").await.texts("#modlog li");
    let dismissal = entries
        .iter()
        .find(|e| e.contains("Looked into a report about a need and took no action."))
        .expect("a public entry");
    assert!(dismissal.contains("An ordinary request for a lift."));
    assert!(
        !dismissal.contains("Mo Moderator"),
        "the public log does not say who decided"
    );
}
