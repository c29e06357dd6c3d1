//! Closing a need says how it turned out (nothing chosen for the author),
//! helpers can be thanked after it closed, a closed need's action pages say
//! so, a hidden need says so to its author, and the account page leads to
//! the member's profile.

use crate::helpers::{Browser, offer_id, post_need, press, spawn_app};

async fn accepted(author: &Browser, need: i64, helper: &Browser, name: &str) -> i64 {
    let offered = helper
        .submit(&format!("/needs/{need}"), "#volunteer-form", &[])
        .await;
    assert_eq!(offered.status, 303);
    let offer = offer_id(author, need, name).await;
    let page = press(
        author,
        &format!("/needs/{need}"),
        &format!("/needs/{need}/offers/{offer}/accept"),
    )
    .await;
    assert_eq!(page.status, 303, "{}", page.body);
    offer
}

#[actix_web::test]
async fn no_outcome_is_chosen_for_the_author_and_closing_without_one_is_explained_beside_it() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let offer = accepted(&amara, need, &ben, "Ben").await;

    let form = amara.get(&format!("/needs/{need}/done")).await;
    assert_eq!(form.status, 200);
    assert!(
        form.attr("#done-form input[name='outcome'][checked]", "value")
            .is_none(),
        "nothing is chosen for the author"
    );

    let note = format!("thanks_{offer}");
    let missing = amara
        .submit(
            &format!("/needs/{need}/done"),
            "#done-form",
            &[(&note, "Thank you, Ben!")],
        )
        .await;
    assert_eq!(missing.status, 422);
    assert!(
        missing
            .text("#outcome-error")
            .is_some_and(|t| t.contains("Choose how it turned out"))
    );
    assert_eq!(
        missing.text(&format!("#{note}")).as_deref(),
        Some("Thank you, Ben!"),
        "the note is kept"
    );
    let page = amara.get(&format!("/needs/{need}")).await;
    assert_eq!(
        page.text(".status").as_deref(),
        Some("Filled"),
        "still open"
    );
}

#[actix_web::test]
async fn helpers_not_thanked_at_closing_can_be_thanked_later_and_see_the_note_itself() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let chen = app.member("Chen", "chen@example.org").await;
    let need = post_need(&app, &amara, "Carry a sofa", &[("helpers_wanted", "2")]).await;
    let ben_offer = accepted(&amara, need, &ben, "Ben").await;
    let chen_offer = accepted(&amara, need, &chen, "Chen").await;
    let done = amara
        .submit(
            &format!("/needs/{need}/done"),
            "#done-form",
            &[
                ("outcome", "helped"),
                (&format!("thanks_{ben_offer}"), "Ben, you were a star."),
            ],
        )
        .await;
    assert_eq!(done.status, 303);

    let later = amara.get(&format!("/needs/{need}/done")).await;
    assert_eq!(later.status, 200);
    assert_eq!(
        later.text("#closed-heading").as_deref(),
        Some("This need is already closed")
    );
    assert!(
        later.text(&format!("#thanks_{ben_offer}")).is_none(),
        "Ben was thanked already"
    );
    assert!(later.text(&format!("#thanks_{chen_offer}")).is_some());

    let empty = amara
        .submit(&format!("/needs/{need}/done"), "#thanks-form", &[])
        .await;
    assert_eq!(empty.status, 422);
    assert!(
        empty
            .text("#form-error")
            .is_some_and(|t| t.contains("at least one helper"))
    );

    let note = "Chen, the sofa and I thank you.";
    let sent = amara
        .submit(
            &format!("/needs/{need}/done"),
            "#thanks-form",
            &[(&format!("thanks_{chen_offer}"), note)],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    assert_eq!(sent.location(), Some(format!("/needs/{need}").as_str()));

    let told = chen.get("/notifications").await;
    assert!(told.text("#notifications").is_some_and(|t| {
        t.contains("Amara thanked you for helping with “Carry a sofa”.") && t.contains(note)
    }));
    assert_eq!(
        told.attr(".thanks-choice", "href").as_deref(),
        Some("/profile#thanks-heading")
    );
    let settings = chen.get("/profile").await;
    assert!(
        settings
            .text("#thanks-heading")
            .is_some_and(|t| t.contains("Thank-you notes")),
        "the link leads where Chen chooses"
    );
    app.deliver_mail().await;
    let mail = app
        .mailbox
        .to("chen@example.org")
        .into_iter()
        .find(|m| m.subject().contains("thanked you"))
        .expect("the thanks by mail");
    assert!(mail.text().contains(note), "{}", mail.text());
    assert!(mail.text().contains("/profile#thanks-heading"));

    let again = amara.get(&format!("/needs/{need}/done")).await;
    assert!(again.text("#thanks-form").is_none());
    assert!(again.text("#all-thanked").is_some());
}

#[actix_web::test]
async fn a_closed_needs_action_pages_say_it_is_already_closed_and_what_is_left() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let need = post_need(&app, &amara, "Feed the cat", &[]).await;
    let token = amara.csrf_token().await;
    let cancelled = amara
        .submit(&format!("/needs/{need}"), "#cancel-form", &[])
        .await;
    assert_eq!(cancelled.status, 303);

    for path in [format!("/needs/{need}/edit"), format!("/needs/{need}/done")] {
        let page = amara.get(&path).await;
        assert_eq!(page.status, 409, "{path}");
        assert_eq!(
            page.text("#closed-heading").as_deref(),
            Some("This need is already closed"),
            "{path}"
        );
        assert!(
            page.text("#closed-why")
                .is_some_and(|t| t.contains("You cancelled it"))
        );
        assert!(
            page.attr("#closed-next a[href='/needs/new']", "href")
                .is_some()
        );
    }
    let again = amara
        .post(
            &format!("/needs/{need}/cancel"),
            &[("csrf_token", &token), ("note", "")],
        )
        .await;
    assert_eq!(again.status, 409);
    assert!(again.text("#closed-heading").is_some());

    let other = post_need(&app, &amara, "Walk the dog", &[]).await;
    let done = amara
        .submit(
            &format!("/needs/{other}/done"),
            "#done-form",
            &[("outcome", "not_needed")],
        )
        .await;
    assert_eq!(done.status, 303);
    let edit = amara.get(&format!("/needs/{other}/edit")).await;
    assert_eq!(edit.status, 409);
    assert!(
        edit.text("#closed-why")
            .is_some_and(|t| t.contains("it was no longer needed"))
    );
}

#[actix_web::test]
async fn a_need_hidden_by_a_moderator_says_so_to_its_author_on_home_my_needs_and_its_page() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let need = post_need(&app, &amara, "Selling a bike", &[]).await;
    let hidden = admin
        .submit(
            &format!("/needs/{need}"),
            &format!("form[action='/moderation/needs/{need}/hide']"),
            &[("reason", "Selling, not asking.")],
        )
        .await;
    assert_eq!(hidden.status, 303, "{}", hidden.body);

    for path in ["/", "/needs/mine"] {
        let page = amara.get(path).await;
        assert_eq!(
            page.text("#my-needs .status").as_deref(),
            Some("Hidden by a moderator"),
            "{path}"
        );
    }
    let page = amara.get(&format!("/needs/{need}")).await;
    assert_eq!(
        page.text("#need .status").as_deref(),
        Some("Hidden by a moderator")
    );
}

#[actix_web::test]
async fn the_account_page_leads_to_the_members_profile_and_its_settings() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let account = amara.get("/account").await;
    let profile = account
        .attr("#profile-link", "href")
        .expect("a profile link");
    assert!(profile.starts_with("/people/"));
    assert_eq!(amara.get(&profile).await.status, 200);
    assert_eq!(
        account.attr("#profile-settings-link", "href").as_deref(),
        Some("/profile")
    );
}
