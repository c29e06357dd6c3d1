//! Warning, suspending and banning ask first, on a page of their own; a
//! member's page shows a warning; the public log names nobody unless the
//! admin chooses it.

use crate::helpers::{post_need, spawn_app};
use crate::moderation_actions::{act_on_person, log_entries, person_id, say_yes};

#[actix_web::test]
async fn suspending_asks_first_and_changes_nothing_until_the_moderator_says_yes() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let bart = app.member("Bartholomew", "bart@example.org").await;
    let id = person_id(&admin, "bart@example.org").await;
    let person = format!("/moderation/people/{id}");
    let form = format!("form[action='/moderation/people/{id}/suspend']");

    let asked = admin
        .submit(
            &person,
            &form,
            &[("reason", "Shouting at neighbours."), ("days", "7")],
        )
        .await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    assert_eq!(
        asked.text("#confirm-question").as_deref(),
        Some("Suspend Bartholomew for 7 days?")
    );
    let consequences = asked.text("#confirm-consequences").expect("what happens");
    assert!(consequences.contains("read, but not post"));
    assert!(consequences.contains("appeal within 14 days"));
    assert_eq!(
        asked.text("#confirm-reason").as_deref(),
        Some("Shouting at neighbours.")
    );
    assert_eq!(
        asked.text("#confirm-act-form button").as_deref(),
        Some("Yes, suspend Bartholomew")
    );
    assert!(
        asked
            .attr("#confirm-act-form button", "class")
            .is_some_and(|c| c.contains("danger"))
    );
    assert!(
        log_entries(&app)
            .await
            .iter()
            .all(|(a, _, _)| a != "member_suspended"),
        "nothing happened yet"
    );
    assert_eq!(
        admin.get(&person).await.text("#person-standing").as_deref(),
        Some("In good standing")
    );

    // "Go back" shows the form again with what was typed.
    let action = asked
        .attr("#change-act-form", "action")
        .expect("a way back");
    let hidden = asked.hidden_inputs("#change-act-form");
    let fields: Vec<(&str, &str)> = hidden
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let again = admin.post(&action, &fields).await;
    assert_eq!(again.status, 200);
    assert_eq!(
        again.raw_text("#reason").as_deref(),
        Some("Shouting at neighbours.")
    );
    assert_eq!(again.input_value("#act-form", "days").as_deref(), Some("7"));

    let done = say_yes(&admin, asked).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert!(
        log_entries(&app)
            .await
            .iter()
            .any(|(a, r, _)| a == "member_suspended" && r == "Shouting at neighbours.")
    );
    assert!(
        admin
            .get(&person)
            .await
            .text("#person-standing")
            .is_some_and(|t| t.starts_with("Suspended until"))
    );
    drop(bart);
}

#[actix_web::test]
async fn saying_yes_still_needs_the_form_token_and_a_moderator() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let bart = app.member("Bartholomew", "bart@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let id = person_id(&admin, "bart@example.org").await;
    let path = format!("/moderation/people/{id}/ban");
    let confirm = [("reason", "Scams."), ("step", "confirm")];

    let no_token = admin.post(&path, &confirm).await;
    assert_eq!(no_token.status, 403);
    let token = ben.csrf_token().await;
    let member = ben
        .post(
            &path,
            &[("csrf_token", token.as_str()), confirm[0], confirm[1]],
        )
        .await;
    assert_eq!(member.status, 403);
    assert!(
        log_entries(&app)
            .await
            .iter()
            .all(|(a, _, _)| a != "member_banned")
    );
    drop(bart);
}

#[actix_web::test]
async fn a_warned_members_page_shows_the_warning_until_they_read_it() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let bart = app.member("Bartholomew", "bart@example.org").await;
    let id = person_id(&admin, "bart@example.org").await;
    let person = format!("/moderation/people/{id}");
    let warned = act_on_person(&admin, id, "warn", &[("reason", "Mind your tone.")]).await;
    assert_eq!(warned.status, 303, "{}", warned.body);

    let page = admin.get(&person).await;
    assert_eq!(page.text("#person-standing").as_deref(), Some("Warned"));
    let warning = page.text("#person-warning").expect("the warning");
    assert!(warning.contains("Mind your tone."), "{warning}");
    assert!(warning.contains(" on "), "says when: {warning}");
    assert!(warning.contains("until they mark it read"), "{warning}");

    let token = bart.csrf_token().await;
    assert_eq!(
        bart.post("/warning", &[("csrf_token", &token)])
            .await
            .status,
        303
    );
    let page = admin.get(&person).await;
    assert_eq!(
        page.text("#person-standing").as_deref(),
        Some("In good standing")
    );
    assert!(
        page.text("#person-warning")
            .is_some_and(|t| t.contains("marked it read"))
    );
}

#[actix_web::test]
async fn the_public_log_names_the_action_and_the_rule_but_not_the_member_unless_the_admin_chooses()
{
    let app = spawn_app().await;
    let admin = app.admin().await;
    let bart = app.member("Bartholomew", "bart@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &bart, "Bartholomew's lawnmower", &[]).await;
    let rule = app
        .browser()
        .get("/")
        .await
        .texts("#rules li")
        .first()
        .expect("a rule")
        .clone();
    let id = person_id(&admin, "bart@example.org").await;
    let suspended = act_on_person(
        &admin,
        id,
        "suspend",
        &[("reason", "Shouting."), ("days", "7"), ("rule", "1")],
    )
    .await;
    assert_eq!(suspended.status, 303, "{}", suspended.body);
    let hidden = admin
        .submit(
            &format!("/moderation/needs/{need}/hide"),
            "#act-form",
            &[("reason", "Not a need.")],
        )
        .await;
    assert_eq!(hidden.status, 303, "a hide is one step: {}", hidden.body);

    let log = ben.get("/modlog").await.text("#modlog").expect("the log");
    assert!(log.contains("A member was suspended for 7 days."), "{log}");
    assert!(
        log.contains(&format!("Rule 1, “{rule}”: Shouting.")),
        "{log}"
    );
    assert!(log.contains("A need was hidden."), "{log}");
    assert!(!log.contains("Bartholomew"), "{log}");
    assert!(!log.contains(&format!("#{need}")), "{log}");
    let staff_log = admin.get("/moderation/log").await.body;
    assert!(staff_log.contains("Suspended Bartholomew for 7 days"));

    let saved = admin
        .submit(
            "/admin/settings",
            "#public-log-form",
            &[("public_log_names", "on")],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(
        admin
            .get("/admin/settings")
            .await
            .attr("#public_log_names", "checked")
            .is_some()
    );
    let log = ben.get("/modlog").await.text("#modlog").expect("the log");
    assert!(log.contains("Suspended Bartholomew for 7 days"), "{log}");
    assert!(log.contains(&format!("Hid need #{need}.")), "{log}");
}
