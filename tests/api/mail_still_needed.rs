//! "Is it still needed?" answered from the e-mail, without logging in.

use crate::helpers::{Browser, TestApp, day, post_need, spawn_app};

async fn expire(app: &TestApp) {
    kith::needs::expiry::expire_due(&app.state)
        .await
        .expect("the expiry job runs");
}

/// The (renew, close) paths in the latest "still needed?" mail to `email`.
async fn buttons(app: &TestApp, email: &str) -> (String, String) {
    app.deliver_mail().await;
    let message = app
        .mailbox
        .to(email)
        .into_iter()
        .rev()
        .find(|m| m.subject().contains("Is it still needed?"))
        .expect("a still-needed mail");
    let path = |link: String| link[link.find("/mail/still-needed/").expect("path")..].to_owned();
    let text = message.text();
    let renew = text
        .split_whitespace()
        .find(|w| w.contains("answer=renew"))
        .expect("a renew button")
        .to_owned();
    let close = text
        .split_whitespace()
        .find(|w| w.contains("answer=close"))
        .expect("a close button")
        .to_owned();
    (path(renew), path(close))
}

async fn expired_need(app: &TestApp, author: &Browser, title: &str) -> i64 {
    post_need(app, author, title, &[("date", &day(app, 1))]).await
}

#[actix_web::test]
async fn the_author_gives_an_expired_need_a_new_date_from_the_mail_without_logging_in() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = expired_need(&app, &amara, "Lift to the clinic").await;
    let offered = ben
        .submit(
            &format!("/needs/{need}"),
            "#volunteer-form",
            &[("message", "I can drive.")],
        )
        .await;
    assert_eq!(offered.status, 303);
    app.clock.advance(2 * 86_400);
    expire(&app).await;
    let (renew, _) = buttons(&app, "amara@example.org").await;

    let phone = app.browser();
    let form = phone.get(&renew).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("Lift to the clinic"));
    let bad = phone
        .submit(
            &renew,
            "#renew-form",
            &[("when_kind", "date"), ("date", "")],
        )
        .await;
    assert_eq!(bad.status, 422, "a date is needed");
    let new_date = day(&app, 4);
    let done = phone
        .submit(
            &renew,
            "#renew-form",
            &[("when_kind", "date"), ("date", &new_date)],
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(
        done.text("#by-mail-done")
            .is_some_and(|t| t.contains("on the board again"))
    );
    assert!(
        phone.get("/account").await.status != 200,
        "no session was made"
    );

    let board = ben.get(&format!("/needs/{need}")).await;
    assert!(board.body.contains("Lift to the clinic"));
    assert!(!board.body.contains("Expired"), "open again");
    // Ben's offer ended when the date passed, and he was told; it stays
    // ended, and he may offer again now the need is back.
    let told = ben.get("/notifications").await;
    assert!(
        told.body.contains("so your offer is no longer needed"),
        "those who offered heard their offer ended"
    );
    assert!(
        board
            .text("#my-offer")
            .is_some_and(|t| t.contains("Not needed"))
    );
    assert!(board.text("#volunteer-form").is_some());

    let again = app.browser().get(&renew).await;
    assert_eq!(again.status, 409);
    assert!(
        again
            .text("#by-mail-problem")
            .is_some_and(|t| t.contains("already"))
    );
}

#[actix_web::test]
async fn the_author_closes_an_expired_need_from_the_mail_saying_how_it_went() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let need = expired_need(&app, &amara, "Borrow a ladder").await;
    app.clock.advance(2 * 86_400);
    expire(&app).await;
    let (_, close) = buttons(&app, "amara@example.org").await;

    let phone = app.browser();
    assert_eq!(phone.get(&close).await.status, 200);
    let unanswered = phone.submit(&close, "#close-form", &[]).await;
    assert_eq!(unanswered.status, 422);
    assert!(unanswered.text("#outcome-error").is_some());
    let closed = phone
        .submit(&close, "#close-form", &[("outcome", "not_needed")])
        .await;
    assert_eq!(closed.status, 200);
    let page = amara.get(&format!("/needs/{need}")).await;
    assert!(
        page.body.contains("no longer needed"),
        "closed with its outcome"
    );
}

#[actix_web::test]
async fn a_still_needed_link_works_for_fourteen_days_and_for_nothing_else() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    expired_need(&app, &amara, "Borrow a ladder").await;
    app.clock.advance(2 * 86_400);
    expire(&app).await;
    let (renew, _) = buttons(&app, "amara@example.org").await;
    let token = renew
        .trim_start_matches("/mail/still-needed/")
        .split('?')
        .next()
        .expect("a token")
        .to_owned();

    // The same signature cannot unsubscribe anyone, nor a made-up token act.
    assert_eq!(
        app.browser()
            .get(&format!("/mail/unsubscribe/{token}"))
            .await
            .status,
        404
    );
    assert_eq!(
        app.browser()
            .get("/mail/still-needed/nonsense")
            .await
            .status,
        404
    );

    app.clock.advance(14 * 86_400 + 1);
    let old = app.browser().get(&renew).await;
    assert_eq!(old.status, 410);
    assert!(
        old.text("#by-mail-problem")
            .is_some_and(|t| t.contains("14 days"))
    );
}

#[actix_web::test]
async fn closing_from_the_mail_as_helped_counts_on_both_profiles_and_ends_waiting_offers() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let chen = app.member("Chen", "chen@example.org").await;
    let need = post_need(
        &app,
        &amara,
        "Borrow a ladder",
        &[("date", &day(&app, 1)), ("helpers_wanted", "2")],
    )
    .await;
    for helper in [&ben, &chen] {
        let offered = helper
            .submit(&format!("/needs/{need}"), "#volunteer-form", &[])
            .await;
        assert_eq!(offered.status, 303);
    }
    let offer = crate::helpers::offer_id(&amara, need, "Ben").await;
    let accepted = crate::helpers::press(
        &amara,
        &format!("/needs/{need}"),
        &format!("/needs/{need}/offers/{offer}/accept"),
    )
    .await;
    assert_eq!(accepted.status, 303);
    app.clock.advance(2 * 86_400);
    expire(&app).await;
    let (_, close) = buttons(&app, "amara@example.org").await;
    let closed = app
        .browser()
        .submit(&close, "#close-form", &[("outcome", "helped")])
        .await;
    assert_eq!(closed.status, 200);

    let ben_page = ben.get("/profile").await;
    let ben_path = ben_page
        .attr("main a[href^='/people/']", "href")
        .expect("a link to the profile");
    assert_eq!(
        amara
            .get(&ben_path)
            .await
            .text("#profile-helped")
            .as_deref(),
        Some("1 time")
    );
    let chen_page = chen.get(&format!("/needs/{need}")).await;
    assert!(
        chen_page
            .text("#my-offer")
            .is_some_and(|t| t.contains("Not needed"))
    );
}

#[actix_web::test]
async fn a_banned_author_cannot_put_an_expired_need_back_on_the_board_from_the_mail() {
    use crate::moderation_actions::{act_on_person, moderator, person_id};
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo", "mo@example.org").await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = expired_need(&app, &amara, "Sell raffle tickets").await;
    app.clock.advance(2 * 86_400);
    expire(&app).await;
    let (renew, close) = buttons(&app, "amara@example.org").await;
    let amara_id = person_id(&mo, "amara@example.org").await;
    let banned = act_on_person(&mo, amara_id, "ban", &[("reason", "Spam.")]).await;
    assert_eq!(banned.status, 303, "{}", banned.body);

    // The link was mailed before the ban; a browser with no session tries
    // both buttons.
    let phone = app.browser();
    let form = phone.get(&renew).await;
    assert_eq!(form.status, 403);
    assert!(
        form.body.contains("This account is banned"),
        "{}",
        form.body
    );
    let token = phone.csrf_token().await;
    let renewed = phone
        .post(
            &renew.replace("?answer=renew", "/renew"),
            &[
                ("csrf_token", &token),
                ("when_kind", "date"),
                ("date", &day(&app, 4)),
            ],
        )
        .await;
    assert_eq!(renewed.status, 403, "{}", renewed.body);
    assert!(renewed.body.contains("This account is banned"));
    let closed = phone
        .post(
            &close.replace("?answer=close", "/close"),
            &[("csrf_token", &token), ("outcome", "helped")],
        )
        .await;
    assert_eq!(closed.status, 403, "{}", closed.body);

    // Nothing came back: the need is hidden with the ban, not on the board.
    let board = ben.get("/needs").await;
    assert!(
        !board.body.contains("Sell raffle tickets"),
        "{}",
        board.body
    );
    let page = ben.get(&format!("/needs/{need}")).await;
    assert_ne!(page.status, 200);
}

#[actix_web::test]
async fn a_suspended_author_is_told_why_the_mailed_buttons_do_not_work() {
    use crate::moderation_actions::{act_on_person, moderator, person_id};
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo", "mo@example.org").await;
    let amara = app.member("Amara", "amara@example.org").await;
    let need = expired_need(&app, &amara, "Borrow a drill").await;
    app.clock.advance(2 * 86_400);
    expire(&app).await;
    let (renew, close) = buttons(&app, "amara@example.org").await;
    let amara_id = person_id(&mo, "amara@example.org").await;
    let suspended = act_on_person(
        &mo,
        amara_id,
        "suspend",
        &[("reason", "Rude messages."), ("days", "3")],
    )
    .await;
    assert_eq!(suspended.status, 303, "{}", suspended.body);

    let phone = app.browser();
    let token = phone.csrf_token().await;
    for (path, fields) in [
        (
            renew.replace("?answer=renew", "/renew"),
            vec![("when_kind", "date".to_owned()), ("date", day(&app, 4))],
        ),
        (
            close.replace("?answer=close", "/close"),
            vec![("outcome", "helped".to_owned())],
        ),
    ] {
        let mut sent: Vec<(&str, &str)> = vec![("csrf_token", &token)];
        sent.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
        let page = phone.post(&path, &sent).await;
        assert_eq!(page.status, 403, "{path}: {}", page.body);
        assert!(
            page.body.contains("Your account is suspended"),
            "{}",
            page.body
        );
        assert!(page.body.contains("Rude messages."));
    }
    // A suspension ends her sessions; a moderator sees the need unchanged.
    drop(amara);
    let seen = mo.get(&format!("/needs/{need}")).await;
    assert!(
        seen.body.contains("Expired"),
        "still expired: {}",
        seen.body
    );

    // When the suspension ends, the same link works again.
    app.clock.advance(3 * 86_400 + 60);
    let form = phone.get(&renew).await;
    assert_eq!(form.status, 200, "{}", form.body);
}
