//! Appeals: once per action, within 14 days, by the member it was about;
//! decided by a moderator other than the one who acted.

use crate::helpers::{
    Browser, GOOD_PASSWORD, Page, TestApp, open_notification, post_need, spawn_app,
};
use crate::moderation_actions::{
    act, act_on_person, conversation, log_entries, moderator, person_id, report, send_message,
};

/// The admin, two moderators (Mo acts, Nell decides appeals) and Amara.
async fn cast(app: &TestApp) -> (Browser, Browser, Browser, Browser) {
    let admin = app.admin().await;
    let mo = moderator(app, &admin, "Mo Moderator", "mo@example.org").await;
    let nell = moderator(app, &admin, "Nell", "nell@example.org").await;
    let amara = app.member("Amara", "amara@example.org").await;
    (admin, mo, nell, amara)
}

/// The appeal link of the newest notification about a moderation action
/// that may be appealed, found by opening them newest first.
pub async fn appeal_link(member: &Browser) -> String {
    let page = member.get("/notifications").await;
    let html = scraper::Html::parse_document(&page.body);
    let links = scraper::Selector::parse("#notifications a").expect("selector");
    let opens: Vec<String> = html
        .select(&links)
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    for open in opens {
        let led = member.get(&open).await;
        if let Some(to) = led.location().filter(|to| to.starts_with("/appeals/new")) {
            return to.to_owned();
        }
    }
    panic!("no appeal link: {}", page.body)
}

fn entry_of(link: &str) -> String {
    link.rsplit('=').next().expect("an entry id").to_owned()
}

async fn appeal(member: &Browser, link: &str, message: &str) -> Page {
    member
        .submit(link, "#appeal-form", &[("message", message)])
        .await
}

/// The id of the one appeal in the queue from `name`.
async fn appeal_id(moderator: &Browser, name: &str) -> i64 {
    let page = moderator.get("/moderation?kind=appeals").await;
    let html = scraper::Html::parse_document(&page.body);
    let selector = scraper::Selector::parse("li.appeal").expect("selector");
    html.select(&selector)
        .find(|li| li.text().collect::<String>().contains(name))
        .and_then(|li| li.value().attr("id"))
        .and_then(|id| id.strip_prefix("appeal-"))
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no appeal from {name}: {}", page.body))
}

async fn decide(moderator: &Browser, id: i64, decision: &str, reason: &str) -> Page {
    moderator
        .submit(
            "/moderation?kind=appeals",
            &format!("li#appeal-{id} form"),
            &[("decision", decision), ("reason", reason)],
        )
        .await
}

fn notifications(page: &Page) -> String {
    page.text("#notifications").unwrap_or_default()
}

fn on_board(page: &Page, need: i64) -> bool {
    page.attr(&format!("#board li#need-{need}"), "id").is_some()
}

#[actix_web::test]
async fn a_member_appeals_once_and_another_moderator_undoes_the_hiding() {
    let app = spawn_app().await;
    let (_admin, mo, nell, amara) = cast(&app).await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Free kittens to a good home", &[]).await;
    let hidden = act(
        &mo,
        "needs",
        need,
        "hide",
        &[("reason", "Pets are not allowed here.")],
    )
    .await;
    assert_eq!(hidden.status, 303);

    let link = appeal_link(&amara).await;
    let form = amara.get(&link).await;
    assert!(
        form.text("#appeal-summary")
            .is_some_and(|t| t.contains(&format!("Hid need #{need}.")))
    );
    assert_eq!(
        form.text("#appeal-reason").as_deref(),
        Some("Pets are not allowed here.")
    );
    let empty = appeal(&amara, &link, "  ").await;
    assert_eq!(empty.status, 422);
    assert!(empty.text("#message-error").is_some());
    let sent = appeal(&amara, &link, "Rehoming kittens is neighbourly help.").await;
    assert_eq!(sent.status, 303, "{}", sent.body);

    // Once only.
    let again = amara.get(&link).await;
    assert!(
        again
            .text("#appeal-closed")
            .is_some_and(|t| t.contains("appealed this action already"))
    );
    assert!(again.text("#appeal-form").is_none());
    let token = amara.csrf_token().await;
    let twice = amara
        .post(
            "/appeals",
            &[
                ("csrf_token", &token),
                ("entry", &entry_of(&link)),
                ("message", "Please!"),
            ],
        )
        .await;
    assert_eq!(twice.status, 409);

    // The moderator who hid it cannot decide.
    let id = appeal_id(&mo, "Amara").await;
    let queue = mo.get("/moderation?kind=appeals").await;
    assert!(
        queue
            .text(&format!("li#appeal-{id}"))
            .is_some_and(|t| t.contains("Rehoming kittens is neighbourly help.")
                && t.contains("another moderator decides"))
    );
    assert!(queue.text(&format!("li#appeal-{id} form")).is_none());
    let token = mo.csrf_token().await;
    let own = mo
        .post(
            &format!("/moderation/appeals/{id}/decide"),
            &[
                ("csrf_token", &token),
                ("decision", "overturn"),
                ("reason", "I changed my mind."),
            ],
        )
        .await;
    assert_eq!(own.status, 409);
    assert!(
        own.text(&format!("li#appeal-{id} .field-error"))
            .is_some_and(|t| t.contains("You took this action")),
        "{}",
        own.body
    );
    assert_eq!(ben.get(&format!("/needs/{need}")).await.status, 404);

    // Another moderator can, and undoing it restores the need.
    let decided = decide(
        &nell,
        id,
        "overturn",
        "Rehoming pets is fine; the rules will say so.",
    )
    .await;
    assert_eq!(decided.status, 303, "{}", decided.body);
    assert_eq!(ben.get(&format!("/needs/{need}")).await.status, 200);
    assert!(on_board(&ben.get("/needs").await, need));
    assert!(
        amara
            .get(&format!("/needs/{need}"))
            .await
            .text("#hidden-banner")
            .is_none()
    );
    let told = notifications(&amara.get("/notifications").await);
    assert!(
        told.contains("Your appeal was granted: the moderators' action was undone.")
            && told.contains("Rehoming pets is fine; the rules will say so."),
        "{told}"
    );
    let log = nell
        .get("/moderation/log")
        .await
        .text("#log li")
        .unwrap_or_default();
    assert!(
        log.contains(&format!(
            "Decided Amara's appeal against: Hid need #{need}."
        )) && log.contains("Rehoming pets is fine; the rules will say so.")
            && log.contains("Nell"),
        "{log}"
    );
    assert!(
        nell.get("/moderation?kind=appeals")
            .await
            .text("li.appeal")
            .is_none()
    );
    let late = decide_directly(&mo, id, "uphold", "Too late").await;
    assert_eq!(late.status, 404, "an appeal is decided once");
}

async fn decide_directly(moderator: &Browser, id: i64, decision: &str, reason: &str) -> Page {
    let token = moderator.csrf_token().await;
    moderator
        .post(
            &format!("/moderation/appeals/{id}/decide"),
            &[
                ("csrf_token", &token),
                ("decision", decision),
                ("reason", reason),
            ],
        )
        .await
}

#[actix_web::test]
async fn an_action_can_be_appealed_for_fourteen_days_only() {
    let app = spawn_app().await;
    let (_admin, mo, _nell, amara) = cast(&app).await;
    let amara_id = person_id(&mo, "amara@example.org").await;
    let warned = act_on_person(&mo, amara_id, "warn", &[("reason", "First warning.")]).await;
    assert_eq!(warned.status, 303);
    let old = appeal_link(&amara).await;

    // Fourteen days on (long enough for both to have to log in again).
    app.clock.advance(14 * 86_400);
    let (amara, mo) = (app.browser(), app.browser());
    for (browser, email) in [(&amara, "amara@example.org"), (&mo, "mo@example.org")] {
        assert_eq!(browser.log_in(email, GOOD_PASSWORD).await.status, 303);
    }
    let closed = amara.get(&old).await;
    assert_eq!(closed.status, 200);
    assert!(
        closed
            .text("#appeal-closed")
            .is_some_and(|t| t.contains("14 days")),
        "{}",
        closed.body
    );
    assert!(closed.text("#appeal-form").is_none());
    let token = amara.csrf_token().await;
    let late = amara
        .post(
            "/appeals",
            &[
                ("csrf_token", &token),
                ("entry", &entry_of(&old)),
                ("message", "I was away."),
            ],
        )
        .await;
    assert_eq!(late.status, 409);
    assert!(
        late.text("#appeal-closed")
            .is_some_and(|t| t.contains("14 days"))
    );

    // A newer action, thirteen days on, can still be appealed.
    let warned = act_on_person(&mo, amara_id, "warn", &[("reason", "Second warning.")]).await;
    assert_eq!(warned.status, 303);
    let new = appeal_link(&amara).await;
    assert_ne!(new, old);
    app.clock.advance(13 * 86_400);
    assert_eq!(
        appeal(&amara, &new, "That message was not mine.")
            .await
            .status,
        303
    );
    assert_eq!(
        mo.get("/moderation?kind=appeals")
            .await
            .texts("li.appeal")
            .len(),
        1
    );
}

#[actix_web::test]
async fn only_the_member_an_action_was_about_can_appeal_it() {
    let app = spawn_app().await;
    let (admin, mo, _nell, amara) = cast(&app).await;
    let ben = app.member("Ben", "ben@example.org").await;
    let amara_id = person_id(&mo, "amara@example.org").await;
    let warned = act_on_person(&mo, amara_id, "warn", &[("reason", "Be kind.")]).await;
    assert_eq!(warned.status, 303);
    let link = appeal_link(&amara).await;
    let entry = entry_of(&link);

    for someone in [&ben, &mo, &admin] {
        let page = someone.get(&link).await;
        assert_eq!(page.status, 404);
        assert!(!page.body.contains("Be kind."));
        let token = someone.csrf_token().await;
        let post = someone
            .post(
                "/appeals",
                &[
                    ("csrf_token", &token),
                    ("entry", &entry),
                    ("message", "On her behalf"),
                ],
            )
            .await;
        assert_eq!(post.status, 404);
    }
    for nonsense in [
        "/appeals/new?entry=999999",
        "/appeals/new?entry=x",
        "/appeals/new",
    ] {
        assert_eq!(amara.get(nonsense).await.status, 404, "{nonsense}");
    }
    assert!(
        mo.get("/moderation?kind=appeals")
            .await
            .text("li.appeal")
            .is_none()
    );

    // Lifting a suspension is about her too, but there is nothing to appeal.
    let suspended = act_on_person(
        &mo,
        amara_id,
        "suspend",
        &[("reason", "Cool off."), ("days", "2")],
    )
    .await;
    assert_eq!(suspended.status, 303);
    // A suspension ends her sessions: she logs in again and meets it.
    assert_eq!(
        amara
            .log_in("amara@example.org", GOOD_PASSWORD)
            .await
            .status,
        303
    );
    let lifted = act_on_person(&mo, amara_id, "lift", &[("reason", "Early.")]).await;
    assert_eq!(lifted.status, 303);
    // Its notification does not offer an appeal, and the appeal page says why.
    let lift = open_notification(&amara, "lifted your suspension").await;
    assert!(!lift.starts_with("/appeals"), "{lift}");
    let lift_entry = {
        use diesel::prelude::*;
        use kith::db::schema::moderation_log as log;
        app.state
            .db
            .run(|conn| {
                Ok(log::table
                    .filter(log::action.eq("suspension_lifted"))
                    .select(log::id)
                    .first::<i64>(conn)?)
            })
            .await
            .expect("the lifting is logged")
    };
    let lift_link = format!("/appeals/new?entry={lift_entry}");
    let page = amara.get(&lift_link).await;
    assert!(
        page.text("#appeal-closed")
            .is_some_and(|t| t.contains("cannot be appealed")),
        "{}",
        page.body
    );
    let token = amara.csrf_token().await;
    let refused = amara
        .post(
            "/appeals",
            &[
                ("csrf_token", &token),
                ("entry", &entry_of(&lift_link)),
                ("message", "Hm"),
            ],
        )
        .await;
    assert_eq!(refused.status, 409);
}

#[actix_web::test]
async fn an_upheld_appeal_leaves_the_action_and_tells_the_member_why() {
    let app = spawn_app().await;
    let (_admin, mo, nell, amara) = cast(&app).await;
    let amara_id = person_id(&mo, "amara@example.org").await;
    let suspended = act_on_person(
        &mo,
        amara_id,
        "suspend",
        &[("reason", "Spamming the board."), ("days", "7")],
    )
    .await;
    assert_eq!(suspended.status, 303);
    // A suspension ends her sessions: she logs in again and meets it.
    assert_eq!(
        amara
            .log_in("amara@example.org", GOOD_PASSWORD)
            .await
            .status,
        303
    );
    // A suspended member may still appeal.
    let link = appeal_link(&amara).await;
    assert_eq!(
        appeal(&amara, &link, "I posted the same need twice by mistake.")
            .await
            .status,
        303
    );
    let id = appeal_id(&nell, "Amara").await;

    let no_reason = decide(&nell, id, "uphold", " ").await;
    assert_eq!(no_reason.status, 422);
    assert!(
        no_reason
            .text(&format!("li#appeal-{id} .field-error"))
            .is_some_and(|t| t.contains("Give a reason"))
    );
    let no_choice = decide(&nell, id, "", "Hm").await;
    assert_eq!(no_choice.status, 422);

    let upheld = decide(
        &nell,
        id,
        "uphold",
        "Seven posts in an hour is not a mistake.",
    )
    .await;
    assert_eq!(upheld.status, 303, "{}", upheld.body);
    let home = amara.get("/").await;
    assert!(home.text("#suspension-banner").is_some());
    let told = notifications(&amara.get("/notifications").await);
    assert!(
        told.contains("Your appeal was decided: the moderators' action stands.")
            && told.contains("Seven posts in an hour is not a mistake."),
        "{told}"
    );
    assert!(!told.contains("Nell"));
    let entries = log_entries(&app).await;
    let (action, reason, subject) = entries.last().expect("an entry");
    assert_eq!(action, "appeal_upheld");
    assert_eq!(reason, "Seven posts in an hour is not a mistake.");
    assert_eq!(*subject, Some(amara_id));
}

#[actix_web::test]
async fn undoing_restores_a_hidden_message_clears_a_warning_and_ends_a_suspension() {
    let app = spawn_app().await;
    let (_admin, mo, nell, amara) = cast(&app).await;
    let ben = app.member("Ben", "ben@example.org").await;
    let amara_id = person_id(&mo, "amara@example.org").await;
    let bens_need = post_need(&app, &ben, "Help carrying a wardrobe", &[]).await;
    let thread = conversation(&ben, &amara, "Amara", bens_need).await;
    let message = send_message(&amara, &ben, &thread, "I have a van, call 07700 900123").await;
    report(&ben, "message", message, "A phone number").await;

    let hidden = act(
        &mo,
        "messages",
        message,
        "hide",
        &[("reason", "No phone numbers in messages.")],
    )
    .await;
    assert_eq!(hidden.status, 303);
    assert_eq!(
        appeal(
            &amara,
            &appeal_link(&amara).await,
            "He asked for my number."
        )
        .await
        .status,
        303
    );
    let warned = act_on_person(&mo, amara_id, "warn", &[("reason", "Tone.")]).await;
    assert_eq!(warned.status, 303);
    assert_eq!(
        appeal(&amara, &appeal_link(&amara).await, "I was polite.")
            .await
            .status,
        303
    );
    let suspended = act_on_person(
        &mo,
        amara_id,
        "suspend",
        &[("reason", "Repeated."), ("days", "30")],
    )
    .await;
    assert_eq!(suspended.status, 303);
    // A suspension ends her sessions: she logs in again and meets it.
    assert_eq!(
        amara
            .log_in("amara@example.org", GOOD_PASSWORD)
            .await
            .status,
        303
    );
    assert_eq!(
        appeal(&amara, &appeal_link(&amara).await, "Please look again.")
            .await
            .status,
        303
    );
    let queue = nell.get("/moderation?kind=appeals").await;
    let ids: Vec<i64> = {
        let html = scraper::Html::parse_document(&queue.body);
        let selector = scraper::Selector::parse("li.appeal").expect("selector");
        html.select(&selector)
            .filter_map(|li| li.value().attr("id")?.strip_prefix("appeal-")?.parse().ok())
            .collect()
    };
    assert_eq!(ids.len(), 3, "{}", queue.body);
    assert!(ben.get(&thread).await.text(".hidden-note").is_some());
    let home = amara.get("/").await;
    assert!(home.text("#warning-banner").is_some() && home.text("#suspension-banner").is_some());

    for id in ids {
        let page = decide(&nell, id, "overturn", "On reflection, fine.").await;
        assert_eq!(page.status, 303, "{}", page.body);
    }
    let his = ben.get(&thread).await;
    assert!(his.body.contains("07700 900123"));
    assert!(his.text(".hidden-note").is_none());
    let home = amara.get("/").await;
    assert!(home.text("#warning-banner").is_none());
    assert!(home.text("#suspension-banner").is_none());
    let sent = amara
        .submit(
            &thread,
            "#message-form",
            &[("body", "Thanks for checking.")],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let granted = log_entries(&app)
        .await
        .iter()
        .filter(|(a, r, _)| a == "appeal_granted" && r == "On reflection, fine.")
        .count();
    assert_eq!(granted, 3);
}

/// Logs in as a banned member: the ban page, with its appeal form.
async fn ban_page(browser: &Browser, email: &str) -> Page {
    let page = browser.log_in(email, GOOD_PASSWORD).await;
    assert_eq!(page.status, 403, "{}", page.body);
    page
}

async fn appeal_ban(browser: &Browser, page: &Page, password: &str, message: &str) -> Page {
    let hidden = page.hidden_inputs("#ban-appeal-form");
    let mut fields: Vec<(&str, &str)> = hidden
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    fields.push(("password", password));
    fields.push(("message", message));
    let action = page
        .attr("#ban-appeal-form", "action")
        .expect("a ban appeal form");
    browser.post(&action, &fields).await
}

#[actix_web::test]
async fn a_banned_member_appeals_from_the_ban_page_with_their_password() {
    let app = spawn_app().await;
    let (_admin, mo, nell, amara) = cast(&app).await;
    let ben = app.member("Ben", "ben@example.org").await;
    let amara_id = person_id(&mo, "amara@example.org").await;
    let need = post_need(&app, &amara, "Help with a broken fence", &[]).await;
    let banned = act_on_person(&mo, amara_id, "ban", &[("reason", "Fake account.")]).await;
    assert_eq!(banned.status, 303);

    let page = ban_page(&amara, "amara@example.org").await;
    assert!(
        page.text("#ban-reason")
            .is_some_and(|t| t.contains("Fake account."))
    );
    assert!(page.text("#ban-appeal-form").is_some());

    let wrong = appeal_ban(&amara, &page, "not my password", "It is really me.").await;
    assert_eq!(wrong.status, 422);
    assert!(
        wrong
            .text("#password-error")
            .is_some_and(|t| t.contains("do not match"))
    );
    assert!(
        wrong.text("#ban-reason").is_none(),
        "nothing about the account is shown"
    );
    assert_eq!(
        wrong.raw_text("#message").as_deref(),
        Some("It is really me.")
    );
    assert!(
        nell.get("/moderation?kind=appeals")
            .await
            .text("li.appeal")
            .is_none()
    );

    let sent = appeal_ban(
        &amara,
        &page,
        GOOD_PASSWORD,
        "It is really me, Amara from number 4.",
    )
    .await;
    assert_eq!(sent.status, 403);
    assert!(
        sent.text("#appeal-closed")
            .is_some_and(|t| t.contains("appeal has been received")),
        "{}",
        sent.body
    );
    assert!(amara.cookie("kith_session").is_none());
    let twice = appeal_ban(&amara, &page, GOOD_PASSWORD, "Again").await;
    assert!(twice.text("#ban-appeal-form").is_none());
    let again = ban_page(&amara, "amara@example.org").await;
    assert!(again.text("#ban-appeal-form").is_none());

    let id = appeal_id(&nell, "Amara").await;
    assert_eq!(
        nell.get("/moderation?kind=appeals")
            .await
            .texts("li.appeal")
            .len(),
        1,
        "one appeal, however often she sends it"
    );
    let own = decide_directly(&mo, id, "overturn", "Mine to undo").await;
    assert_eq!(own.status, 409);
    let decided = decide(&nell, id, "overturn", "She showed us her council tax bill.").await;
    assert_eq!(decided.status, 303, "{}", decided.body);

    let back = amara.log_in("amara@example.org", GOOD_PASSWORD).await;
    assert_eq!(back.status, 303, "{}", back.body);
    assert_eq!(ben.get(&format!("/needs/{need}")).await.status, 200);
    let told = notifications(&amara.get("/notifications").await);
    assert!(
        told.contains("Your appeal was granted")
            && told.contains("She showed us her council tax bill."),
        "{told}"
    );
}

#[actix_web::test]
async fn a_banned_member_whose_appeal_is_upheld_reads_the_decision_on_the_ban_page() {
    let app = spawn_app().await;
    let (_admin, mo, nell, amara) = cast(&app).await;
    let amara_id = person_id(&mo, "amara@example.org").await;
    let banned = act_on_person(&mo, amara_id, "ban", &[("reason", "Scamming neighbours.")]).await;
    assert_eq!(banned.status, 303);
    let page = ban_page(&amara, "amara@example.org").await;
    let sent = appeal_ban(&amara, &page, GOOD_PASSWORD, "I never did.").await;
    assert_eq!(sent.status, 403);
    let id = appeal_id(&nell, "Amara").await;
    let upheld = decide(&nell, id, "uphold", "Three neighbours lost money to you.").await;
    assert_eq!(upheld.status, 303);

    let after = ban_page(&amara, "amara@example.org").await;
    assert!(
        after.body.contains("Three neighbours lost money to you."),
        "{}",
        after.body
    );
    assert!(
        after
            .text("#appeal-decision")
            .is_some_and(|t| t.contains("Three neighbours lost money to you.")),
        "{}",
        after.body
    );
    assert!(
        after
            .text("#appeal-closed")
            .is_some_and(|t| t.contains("the ban stands"))
    );
    assert!(after.text("#ban-appeal-form").is_none());
}
