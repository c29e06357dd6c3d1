//! When mail to a member does not get through: they are asked to check
//! their address, and whoever waits on them is told.

use crate::helpers::{offer_id, post_need, press, spawn_app};
use crate::mailbox::Mode;

#[actix_web::test]
async fn a_refused_address_shows_its_owner_a_banner_and_the_asker_a_warning_until_mail_gets_through()
 {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let offered = ben
        .submit(
            &format!("/needs/{need}"),
            "#volunteer-form",
            &[("message", "I can drive.")],
        )
        .await;
    assert_eq!(offered.status, 303);
    app.deliver_mail().await;
    let offer = offer_id(&amara, need, "Ben").await;

    // Ben's server refuses the news that he was accepted.
    app.mailbox.set_mode(Mode::Refusing);
    let accepted = press(
        &amara,
        &format!("/needs/{need}"),
        &format!("/needs/{need}/offers/{offer}/accept"),
    )
    .await;
    assert_eq!(accepted.status, 303);
    let done = app.deliver_mail().await;
    assert_eq!(done.failed, 1);

    let home = ben.get("/").await;
    assert!(
        home.text("#bounce-banner")
            .is_some_and(|t| t.contains("ben@example.org") && t.contains("not getting through"))
    );
    let page = amara.get(&format!("/needs/{need}")).await;
    assert!(
        page.text(&format!("#unreachable-{offer}"))
            .is_some_and(|t| t.contains("Ben") && t.contains("may not have been told"))
    );
    assert!(amara.get("/").await.text("#bounce-banner").is_none());

    // Once a message gets through, both notices go.
    app.mailbox.set_mode(Mode::Accepting);
    let thread = format!("/needs/{need}/offers/{offer}/messages");
    let sent = amara
        .submit(&thread, "#message-form", &[("body", "Ten o'clock?")])
        .await;
    assert_eq!(sent.status, 303);
    assert_eq!(app.deliver_mail().await.sent, 1);
    assert!(ben.get("/").await.text("#bounce-banner").is_none());
    let page = amara.get(&format!("/needs/{need}")).await;
    assert!(page.text(&format!("#unreachable-{offer}")).is_none());
}
