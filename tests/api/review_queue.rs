//! The review queue stays compact: each item's main action in sight, and
//! turning down, dismissing and naming a rule folded behind a disclosure.

use crate::helpers::{Page, TestApp, post_need, spawn_new_site};
use crate::moderation_actions::report;

/// Whether `css` matches anything on `page`.
fn has(page: &Page, css: &str) -> bool {
    let html = scraper::Html::parse_document(&page.body);
    let selector = scraper::Selector::parse(css).expect("valid selector");
    html.select(&selector).next().is_some()
}

/// Applies to join in approval mode and confirms the address.
pub(crate) async fn apply(app: &TestApp, name: &str, email: &str) {
    let page = crate::helpers::try_sign_up_with(
        &app.browser(),
        name,
        email,
        &[("answer", "Elm Street, number 4")],
    )
    .await;
    assert_eq!(page.status, 303, "{}", page.body);
    app.confirm_by_mail(&app.browser(), email).await;
}

#[actix_web::test]
async fn the_queue_keeps_the_main_action_in_sight_and_turning_down_or_dismissing_folded() {
    let app = spawn_new_site().await;
    let admin = app.admin().await;
    apply(&app, "Dana", "dana@example.org").await;
    app.set_registration(kith::site::RegistrationMode::Open)
        .await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    report(&ben, "need", need, "Looks odd").await;

    let queue = admin.get("/moderation").await;
    let dana = queue
        .attr("li.application", "id")
        .expect("Dana's application");
    let id = dana.trim_start_matches("application-");
    let approve = format!("form[action='/moderation/applications/{id}/approve']");
    let reject = format!("form[action='/moderation/applications/{id}/reject']");
    assert!(has(
        &queue,
        &format!("#{dana} {approve} button:not(.danger)")
    ));
    assert!(!has(&queue, &format!("#{dana} details {approve}")));
    assert!(has(
        &queue,
        &format!("#{dana} details {reject} button.danger")
    ));
    assert_eq!(
        queue.text(&format!("#{dana} details summary")).as_deref(),
        Some("Turn down… Dana's application")
    );
    assert!(
        queue
            .text(&format!("#{dana} .queue-facts"))
            .is_some_and(|t| t.starts_with("Applied") && t.contains("dana@example.org"))
    );
    assert!(
        queue
            .text("#queue-question")
            .is_some_and(|t| t.contains("Which street")),
        "the question is said once, above the applications"
    );

    let group = format!("#reports-need-{need}");
    let hide = format!("form[action='/moderation/needs/{need}/hide']");
    let dismiss = format!("form[action='/moderation/reports/need/{need}/dismiss']");
    assert!(has(&queue, &format!("{group} {hide} button.danger")));
    assert!(!has(&queue, &format!("{group} details.queue-more {hide}")));
    assert!(has(
        &queue,
        &format!("{group} {hide} details.rule-picker select")
    ));
    assert!(has(
        &queue,
        &format!("{group} details.queue-more {dismiss}")
    ));
    assert!(!has(&queue, &format!("{group} details[open]")));

    // A dismissal refused comes back unfolded, with why beside the field.
    let refused = admin
        .submit("/moderation", &dismiss, &[("reason", " ")])
        .await;
    assert_eq!(refused.status, 422);
    assert!(has(
        &refused,
        &format!("{group} details[open] #dismiss-need-{need}-error")
    ));
}
