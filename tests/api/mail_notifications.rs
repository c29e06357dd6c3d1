//! Notifications by e-mail: at once, batched messages, choices, and
//! one-click unsubscribe.

use crate::helpers::{Browser, TestApp, offer_id, post_need, spawn_app};
use crate::mailbox::Received;

async fn volunteer(browser: &Browser, need: i64, message: &str) {
    let page = browser
        .submit(
            &format!("/needs/{need}"),
            "#volunteer-form",
            &[("message", message)],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
}

async fn say(browser: &Browser, thread: &str, body: &str) {
    let page = browser
        .submit(thread, "#message-form", &[("body", body)])
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
}

/// Mail to `email` other than the account's own (confirmation and the like).
async fn notices_to(app: &TestApp, email: &str) -> Vec<Received> {
    app.deliver_mail().await;
    app.mailbox
        .to(email)
        .into_iter()
        .filter(|m| m.header("List-Unsubscribe").is_some())
        .collect()
}

/// The path of a message's one-click unsubscribe link.
fn unsubscribe_path(message: &Received) -> String {
    let link = message.header("List-Unsubscribe").expect("a link");
    let link = link.trim_matches(['<', '>']);
    link[link.find("/mail/unsubscribe/").expect("the path")..].to_owned()
}

#[actix_web::test]
async fn an_offer_reaches_the_asker_by_mail_and_one_click_turns_offers_off() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    volunteer(&ben, need, "I can drive you.").await;

    let got = notices_to(&app, "amara@example.org").await;
    assert_eq!(got.len(), 1);
    assert!(
        got[0].subject().contains("Ben offered to help with"),
        "{}",
        got[0].subject()
    );
    assert!(
        got[0].subject().contains("Lift to the clinic"),
        "{:?} {:?}",
        got[0].subject(),
        got[0].header("Subject")
    );
    assert!(got[0].text().contains(&format!("/needs/{need}")));
    assert!(
        got[0].text().contains("/account/notifications"),
        "says why and how to change it: {}",
        got[0].text()
    );
    assert_eq!(
        got[0].header("Auto-Submitted").as_deref(),
        Some("auto-generated")
    );
    assert_eq!(
        got[0].header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );

    // A mail program's one-click request: no session, no form token.
    let path = unsubscribe_path(&got[0]);
    let stranger = app.browser();
    let done = stranger
        .post_raw(
            &path,
            "List-Unsubscribe=One-Click",
            &[("content-type", "application/x-www-form-urlencoded")],
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(
        done.text("#unsubscribed")
            .is_some_and(|t| t.contains("offers of help"))
    );
    assert!(
        done.body.contains("/account/notifications"),
        "says how to undo it"
    );

    let chen = app.member("Chen", "chen@example.org").await;
    volunteer(&chen, need, "Me too.").await;
    assert_eq!(
        notices_to(&app, "amara@example.org").await.len(),
        1,
        "no more offers by mail"
    );
    let list = amara.get("/notifications").await;
    assert!(list.body.contains("Chen"), "still told on the site");

    // Only offers went off: an answer to her own offer still comes.
    let settings = amara.get("/account/notifications").await;
    assert_eq!(
        settings
            .attr("#topic-offers input[value='off']", "checked")
            .as_deref(),
        Some("")
    );
    assert_eq!(
        settings
            .attr("#topic-messages input[value='now']", "checked")
            .as_deref(),
        Some("")
    );
}

#[actix_web::test]
async fn opening_an_unsubscribe_link_asks_first_and_a_bad_or_old_one_says_what_to_do() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    volunteer(&ben, need, "I can drive you.").await;
    let got = notices_to(&app, "amara@example.org").await;
    let path = unsubscribe_path(&got[0]);

    let asked = app.browser().get(&path).await;
    assert_eq!(asked.status, 200);
    assert!(
        asked.text("#unsubscribe-form").is_some(),
        "a button, not an action"
    );
    let settings = amara.get("/account/notifications").await;
    assert_eq!(
        settings
            .attr("#topic-offers input[value='now']", "checked")
            .as_deref(),
        Some(""),
        "opening the link changed nothing"
    );

    let forged = format!("{}x", path);
    assert_eq!(app.browser().get(&forged).await.status, 404);
    app.clock.advance(91 * 86_400);
    let old = app.browser().post_raw(&path, "", &[]).await;
    assert_eq!(old.status, 410);
    assert!(
        old.text("#unsubscribe-problem")
            .is_some_and(|t| t.contains("90 days"))
    );
}

#[actix_web::test]
async fn messages_come_at_most_once_per_conversation_every_fifteen_minutes_listing_what_arrived() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Help with a leaking tap", &[]).await;
    volunteer(&ben, need, "I have a spanner.").await;
    let offer = offer_id(&amara, need, "Ben").await;
    let thread = format!("/needs/{need}/offers/{offer}/messages");
    notices_to(&app, "amara@example.org").await;

    say(&ben, &thread, "Is Saturday good?").await;
    let first = notices_to(&app, "amara@example.org").await;
    assert_eq!(first.len(), 2, "the offer, then the first message at once");
    assert!(
        first[1]
            .text()
            .replace("\r\n", "\n")
            .contains("From Ben:\n> Is Saturday good?")
    );

    app.clock.advance(60);
    say(&ben, &thread, "Or Sunday morning.").await;
    app.clock.advance(60);
    say(&ben, &thread, "I will bring washers.").await;
    assert_eq!(
        notices_to(&app, "amara@example.org").await.len(),
        2,
        "nothing more within fifteen minutes"
    );

    app.clock.advance(15 * 60);
    let all = notices_to(&app, "amara@example.org").await;
    assert_eq!(
        all.len(),
        3,
        "one e-mail for the two that arrived meanwhile"
    );
    let batch = all[2].text().replace("\r\n", "\n");
    assert!(batch.contains("From Ben:\n> Or Sunday morning."));
    assert!(batch.contains("From Ben:\n> I will bring washers."));
    assert!(!batch.contains("Is Saturday good?"), "already sent");
    assert!(all[2].subject().contains("2 new messages"));
    assert!(batch.contains(&thread));

    // Her own replies never come back to her.
    say(&amara, &thread, "Sunday is perfect.").await;
    app.clock.advance(3600);
    assert_eq!(notices_to(&app, "amara@example.org").await.len(), 3);
    let bens = notices_to(&app, "ben@example.org").await;
    assert!(bens.iter().any(|m| {
        m.text()
            .replace("\r\n", "\n")
            .contains("From Amara:\n> Sunday is perfect.")
    }));
}

#[actix_web::test]
async fn a_member_chooses_per_topic_and_only_staff_see_the_staff_topic() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let amara = app.member("Amara", "amara@example.org").await;
    for from in ["/account", "/notifications"] {
        let page = amara.get(from).await;
        assert_eq!(
            page.attr("#mail-settings-link", "href").as_deref(),
            Some("/account/notifications"),
            "{from} leads to the e-mail settings"
        );
    }
    let page = amara.get("/account/notifications").await;
    assert_eq!(page.status, 200);
    assert!(page.text("#topic-staff").is_none());
    assert_eq!(
        page.attr("#topic-new_needs input[value='off']", "checked")
            .as_deref(),
        Some(""),
        "new needs are off by default"
    );
    assert!(
        admin
            .get("/account/notifications")
            .await
            .text("#topic-staff")
            .is_some()
    );

    let saved = amara
        .submit(
            "/account/notifications",
            "#mail-settings-form",
            &[("offers", "off"), ("digest_hour", "7")],
        )
        .await;
    assert_eq!(saved.status, 303);
    let page = amara.get("/account/notifications").await;
    assert!(page.text("#flash").is_some_and(|t| t.contains("Saved")));
    assert_eq!(
        page.attr("#topic-offers input[value='off']", "checked")
            .as_deref(),
        Some("")
    );
    assert_eq!(
        page.attr("#digest_hour option[value='7']", "selected")
            .as_deref(),
        Some("")
    );

    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    volunteer(&ben, need, "I can drive you.").await;
    assert!(notices_to(&app, "amara@example.org").await.is_empty());
}

#[actix_web::test]
async fn an_offer_withdrawn_and_made_again_before_the_mail_goes_sends_one_mail() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    volunteer(&ben, need, "I can drive you.").await;
    let withdrawn = crate::helpers::press(
        &ben,
        &format!("/needs/{need}"),
        &format!("/needs/{need}/withdraw"),
    )
    .await;
    assert_eq!(withdrawn.status, 303, "{}", withdrawn.body);
    volunteer(&ben, need, "Sorry, I can after all.").await;

    let got = notices_to(&app, "amara@example.org").await;
    assert_eq!(got.len(), 1, "the notices collapsed, and so did the mail");
    assert!(got[0].subject().contains("offered"));
}

#[actix_web::test]
async fn a_script_repeating_an_unsubscribe_link_is_slowed_down_per_client_address() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    volunteer(&ben, need, "I can drive you.").await;
    let got = notices_to(&app, "amara@example.org").await;
    let path = unsubscribe_path(&got[0]);
    let script = app.browser();
    for _ in 0..30 {
        assert_eq!(script.post_raw(&path, "", &[]).await.status, 200);
    }
    let slowed = script.post_raw(&path, "", &[]).await;
    assert_eq!(slowed.status, 429);
    assert!(slowed.header("retry-after").is_some());
}

#[actix_web::test]
async fn a_message_cannot_forge_the_action_line_or_footer_of_the_mail_that_carries_it() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let mallory = app.member("Mallory", "mallory@example.org").await;
    let need = post_need(&app, &amara, "Help with a leaking tap", &[]).await;
    volunteer(&mallory, need, "I can help.").await;
    let offer = offer_id(&amara, need, "Mallory").await;
    let thread = format!("/needs/{need}/offers/{offer}/messages");
    notices_to(&app, "amara@example.org").await;

    say(
        &mallory,
        &thread,
        "Your account needs checking.\n\nRead and answer: http://evil.example/login\n\n-- \nLarkhill",
    )
    .await;
    let mail = notices_to(&app, "amara@example.org").await;
    let text = mail
        .last()
        .expect("the message mail")
        .text()
        .replace("\r\n", "\n");
    let real = text
        .find(&format!("Read and answer: {}{thread}", app.address))
        .expect("the real action line");
    let forged = text
        .find("> Read and answer: http://evil.example/login")
        .expect("the forged line, quoted");
    assert!(real < forged, "the real line comes first:\n{text}");
    for line in text.lines() {
        assert!(
            !line.starts_with("Read and answer: http://evil"),
            "an unquoted forged line:\n{text}"
        );
    }
    assert!(
        text.contains("> -- \n> Larkhill"),
        "the fake footer is quoted:\n{text}"
    );
}

#[actix_web::test]
async fn an_encoded_word_in_a_need_title_reaches_the_subject_as_typed_and_undecoded() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let title = "Lift =?utf-8?b?4oCuSGFja2VkIQ==?= please";
    let need = post_need(&app, &amara, title, &[]).await;
    notices_to(&app, "amara@example.org").await;
    volunteer(&ben, need, "I can drive.").await;
    let mail = notices_to(&app, "amara@example.org").await;
    let subject = mail.last().expect("the offer mail").subject();
    assert!(
        !subject.contains('\u{202e}'),
        "no right-to-left override: {subject:?}"
    );
    assert!(!subject.contains("Hacked!"), "not decoded: {subject:?}");
    assert!(
        subject.contains("4oCuSGFja2VkIQ=="),
        "shown as typed: {subject:?}"
    );
}

#[actix_web::test]
async fn an_offer_wakes_the_sender_and_reaches_the_asker_without_waiting_for_its_round() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    // The sender's own round comes once an hour: only the bell can bring
    // the mail sooner.
    let every = std::time::Duration::from_secs(3600);
    actix_web::rt::spawn(kith::mail::sender::run_forever(app.state.clone(), every));
    let before = app.mailbox.to("amara@example.org").len();

    volunteer(&ben, need, "I can drive you.").await;

    let got = app
        .mailbox
        .wait_for(
            "amara@example.org",
            before + 1,
            std::time::Duration::from_secs(20),
        )
        .await;
    assert!(
        got.last()
            .is_some_and(|m| m.subject().contains("Ben offered to help")),
        "{:?}",
        got.iter().map(Received::subject).collect::<Vec<_>>()
    );
}

#[actix_web::test]
async fn the_offer_and_acceptance_mails_carry_the_note_when_where_and_buttons_that_say_what_they_do()
 {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[("urgency", "urgent")]).await;
    volunteer(&ben, need, "I can drive you at 9, my car is the blue one.").await;

    let got = notices_to(&app, "amara@example.org").await;
    let text = got[0].text().replace("\r\n", "\n");
    assert!(
        text.contains("From Ben:\n> I can drive you at 9, my car is the blue one."),
        "{text}"
    );
    assert!(text.contains("- When: "), "{text}");
    assert!(text.contains("- Roughly where: Elm Street"), "{text}");
    assert!(text.contains("- Urgent"), "{text}");
    assert!(text.contains("See Ben\u{2019}s offer: http"), "{text}");
    assert!(!text.contains("Open it"), "{text}");
    assert!(
        !text.contains("door code"),
        "private details never travel: {text}"
    );

    let offer = offer_id(&amara, need, "Ben").await;
    let accepted = crate::helpers::press(
        &amara,
        &format!("/needs/{need}"),
        &format!("/needs/{need}/offers/{offer}/accept"),
    )
    .await;
    assert_eq!(accepted.status, 303);
    let got = notices_to(&app, "ben@example.org").await;
    let text = got.last().expect("Ben's mail").text().replace("\r\n", "\n");
    assert!(
        text.contains("Message Amara: http") && text.contains(&format!("/offers/{offer}/messages")),
        "{text}"
    );
    assert!(text.contains("- Roughly where: Elm Street"), "{text}");
    assert!(
        text.contains("private details (address, phone) are on the site"),
        "{text}"
    );
    assert!(!text.contains("door code"), "{text}");
}

#[actix_web::test]
async fn the_footer_page_offers_the_daily_digest_first_and_a_mail_programs_one_click_still_stops() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    volunteer(&ben, need, "I can drive you.").await;
    let got = notices_to(&app, "amara@example.org").await;
    assert!(
        got[0]
            .text()
            .contains("Fewer of these e-mails, or none: http")
    );
    let path = unsubscribe_path(&got[0]);

    let asked = app.browser().get(&path).await;
    let fewer = asked.text("#digest-form button").expect("fewer, first");
    assert_eq!(fewer, "Send these in my daily digest instead");
    assert!(asked.body.find("digest-form") < asked.body.find("unsubscribe-form"));
    assert_eq!(
        asked
            .attr("#digest-form input[name='choice']", "value")
            .as_deref(),
        Some("digest")
    );
    // The form's one field, as the browser sends it (the signed link is
    // the permission: no form token).
    let done = app
        .browser()
        .post_raw(
            &path,
            "choice=digest",
            &[("content-type", "application/x-www-form-urlencoded")],
        )
        .await;
    assert_eq!(done.status, 200);
    assert!(
        done.text("#unsubscribed")
            .is_some_and(|t| t.contains("once a day, in your daily digest"))
    );
    let settings = amara.get("/account/notifications").await;
    assert_eq!(
        settings
            .attr("#topic-offers input[value='digest']", "checked")
            .as_deref(),
        Some(""),
        "offers now wait for the digest"
    );

    // What a mail program sends (RFC 8058) turns the topic off.
    let one_click = app
        .browser()
        .post_raw(
            &path,
            "List-Unsubscribe=One-Click",
            &[("content-type", "application/x-www-form-urlencoded")],
        )
        .await;
    assert_eq!(one_click.status, 200);
    let settings = amara.get("/account/notifications").await;
    assert_eq!(
        settings
            .attr("#topic-offers input[value='off']", "checked")
            .as_deref(),
        Some("")
    );
}
