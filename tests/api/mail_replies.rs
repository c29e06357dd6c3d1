//! Answering from the inbox: a reply to a conversation's mail is posted
//! into it, under the site's rules, or the member is told why not.

use crate::helpers::{
    Browser, TestApp, offer_id, post_need, press, receive_mail, spawn_app, url_for_cli,
};
use crate::mailbox::Received;

/// Amara asks, Ben offers with a note; returns the mail telling Amara.
async fn offered(app: &TestApp) -> (Browser, Browser, i64, i64, Received) {
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(app, &amara, "Lift to the clinic", &[]).await;
    let page = ben
        .submit(
            &format!("/needs/{need}"),
            "#volunteer-form",
            &[("message", "I can drive you at 9.")],
        )
        .await;
    assert_eq!(page.status, 303);
    let offer = offer_id(&amara, need, "Ben").await;
    app.deliver_mail().await;
    let mail = app
        .mailbox
        .to("amara@example.org")
        .into_iter()
        .find(|m| m.subject().contains("offered"))
        .expect("the offer's mail");
    (amara, ben, need, offer, mail)
}

/// A reply as a mail program writes it: new text above the quoted mail.
fn reply(from: &str, to: &str, new_text: &str, extra_headers: &str) -> Vec<u8> {
    format!(
        "From: Amara <{from}>\r\n\
         To: {to}\r\n\
         Subject: Re: Ben offered to help\r\n\
         Date: Tue, 8 Dec 2026 10:05:00 +0000\r\n\
         Message-ID: <r{n}@mail.example.org>\r\n\
         {extra_headers}\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         \r\n\
         {new_text}\r\n\
         \r\n\
         On Tue, 8 Dec 2026 at 10:02, Kith <kith@localhost.localdomain> wrote:\r\n\
         > Reply above this line to answer Ben: your answer goes to them on Kith.\r\n\
         >\r\n\
         > Hello Amara,\r\n",
        n = new_text.len()
    )
    .into_bytes()
}

/// The reply address a mail carries, without its angle brackets.
fn reply_address(mail: &Received) -> String {
    mail.header("Reply-To")
        .expect("a reply address")
        .trim_matches(['<', '>'])
        .to_owned()
}

async fn conversation(browser: &Browser, need: i64, offer: i64) -> String {
    let page = browser
        .get(&format!("/needs/{need}/offers/{offer}/messages"))
        .await;
    assert_eq!(page.status, 200);
    page.texts("#messages li").join("\n")
}

#[actix_web::test]
async fn an_answer_to_the_offers_mail_lands_in_the_conversation_without_the_quoted_mail() {
    let app = spawn_app().await;
    let (_amara, ben, need, offer, mail) = offered(&app).await;
    let reply_to = reply_address(&mail);
    assert!(reply_to.starts_with("reply+"), "{reply_to}");
    assert!(
        !reply_to.contains(&offer.to_string()),
        "no id in the clear: {reply_to}"
    );
    assert!(
        mail.text()
            .starts_with("Reply above this line to answer Ben"),
        "{}",
        mail.text()
    );
    let database = url_for_cli(&app.state.config.database_url);

    let answer = reply(
        "Amara@Example.org",
        &reply_to,
        "Yes please, 9 is perfect.\r\nRing twice.",
        "",
    );
    assert_eq!(receive_mail(&database, Some(&reply_to), answer).await, 0);

    let said = conversation(&ben, need, offer).await;
    assert!(said.contains("Yes please, 9 is perfect."), "{said}");
    assert!(said.contains("Ring twice."), "{said}");
    assert!(!said.contains("wrote:"), "{said}");
    assert!(!said.contains("Reply above this line"), "{said}");
    // Ben hears of it by mail, and can answer the same way.
    app.deliver_mail().await;
    let told = app
        .mailbox
        .to("ben@example.org")
        .into_iter()
        .find(|m| m.subject().contains("sent you a message"))
        .expect("Ben's mail");
    assert!(told.text().contains("Yes please"), "{}", told.text());
    assert_ne!(reply_address(&told), reply_to, "one per member");
}

#[actix_web::test]
async fn answers_from_another_address_from_a_robot_or_to_a_closed_conversation_are_not_posted() {
    let app = spawn_app().await;
    let (_amara, ben, need, offer, mail) = offered(&app).await;
    let reply_to = reply_address(&mail);
    let database = url_for_cli(&app.state.config.database_url);
    let refusals = |app: &TestApp| {
        app.mailbox
            .to("amara@example.org")
            .into_iter()
            .filter(|m| m.subject().contains("was not posted"))
            .collect::<Vec<_>>()
    };

    // Someone else writes to Amara's reply address: Amara is told, at her
    // own address, and the stranger is not answered.
    let forged = reply(
        "mallory@example.org",
        &reply_to,
        "Send me your door code.",
        "",
    );
    assert_eq!(receive_mail(&database, Some(&reply_to), forged).await, 0);
    app.deliver_mail().await;
    let told = refusals(&app);
    assert_eq!(told.len(), 1);
    assert!(
        told[0].text().contains("mallory@example.org"),
        "{}",
        told[0].text()
    );
    assert!(app.mailbox.to("mallory@example.org").is_empty());

    // An out-of-office: dropped without a word.
    let away = reply(
        "amara@example.org",
        &reply_to,
        "I am away until Monday.",
        "Auto-Submitted: auto-replied\r\n",
    );
    assert_eq!(receive_mail(&database, Some(&reply_to), away).await, 0);
    // Only the quoted mail: nothing new to post.
    let empty = reply("amara@example.org", &reply_to, "", "");
    assert_eq!(receive_mail(&database, Some(&reply_to), empty).await, 0);
    app.deliver_mail().await;
    let told = refusals(&app);
    assert_eq!(told.len(), 2, "the robot is not answered");
    assert!(told[1].text().contains("no new text"), "{}", told[1].text());

    // Ben withdraws: the conversation takes no more messages.
    let withdrawn = press(
        &ben,
        &format!("/needs/{need}"),
        &format!("/needs/{need}/withdraw"),
    )
    .await;
    assert_eq!(withdrawn.status, 303);
    let late = reply("amara@example.org", &reply_to, "Are you still coming?", "");
    assert_eq!(receive_mail(&database, Some(&reply_to), late).await, 0);
    // More refusals the same day are not mailed: a loop of robots gets
    // three answers at most.
    for _ in 0..3 {
        let late = reply("amara@example.org", &reply_to, "Hello?", "");
        assert_eq!(receive_mail(&database, Some(&reply_to), late).await, 0);
    }
    app.deliver_mail().await;
    let told = refusals(&app);
    assert_eq!(told.len(), 3, "three a day at most");
    assert!(
        told[2].text().contains("no longer takes messages"),
        "{}",
        told[2].text()
    );

    let said = conversation(&ben, need, offer).await;
    for words in ["door code", "away until", "still coming", "Hello?"] {
        assert!(!said.contains(words), "{words} was posted: {said}");
    }

    // A code Kith never gave out.
    let stray = reply(
        "amara@example.org",
        "reply+zzzzzzzzzzzzzzzzzzzzzzzz@localhost.localdomain",
        "Hi",
        "",
    );
    assert_eq!(
        receive_mail(
            &database,
            Some("reply+zzzzzzzzzzzzzzzzzzzzzzzz@localhost.localdomain"),
            stray
        )
        .await,
        67
    );
}

#[actix_web::test]
async fn a_suspended_member_cannot_answer_by_mail_and_is_told_why() {
    let app = spawn_app().await;
    let (_amara, ben, need, offer, mail) = offered(&app).await;
    let reply_to = reply_address(&mail);
    let until = app.clock.now().plus(3 * 86_400);
    app.state
        .db
        .write(move |conn| {
            use diesel::prelude::*;
            use kith::db::schema::users;
            diesel::update(users::table.filter(users::email.eq("amara@example.org")))
                .set((
                    users::suspended_until.eq(Some(until)),
                    users::suspension_reason.eq("Shouting at a neighbour."),
                ))
                .execute(conn)
                .map(drop)
        })
        .await
        .expect("suspended");
    let database = url_for_cli(&app.state.config.database_url);

    let answer = reply("amara@example.org", &reply_to, "I will be ready at 9.", "");
    assert_eq!(receive_mail(&database, Some(&reply_to), answer).await, 0);

    assert!(!conversation(&ben, need, offer).await.contains("ready at 9"));
    app.deliver_mail().await;
    let told = app
        .mailbox
        .to("amara@example.org")
        .into_iter()
        .find(|m| m.subject().contains("was not posted"))
        .expect("Amara is told");
    assert!(told.text().contains("suspended"), "{}", told.text());
}
