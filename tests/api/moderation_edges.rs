//! Edges of moderation found in review: applicants, superseded appeals,
//! reports about moderators, banned authors, invite codes whose maker lost
//! the right to invite, strict form values, and the ban-appeal form's limits.

use crate::helpers::{GOOD_PASSWORD, post_need, spawn_app, spawn_new_site};
use crate::moderation_actions::{act, act_on_person, moderator, person_id};

#[actix_web::test]
async fn an_application_is_decided_never_banned_so_lifting_cannot_let_anyone_in() {
    let app = spawn_new_site().await;
    let admin = app.admin().await;
    let applicant = app.browser();
    let page = crate::helpers::try_sign_up_with(
        &applicant,
        "Deals",
        "deals@example.org",
        &[("answer", "Offers!")],
    )
    .await;
    assert_eq!(page.status, 303);
    let id = person_id(&admin, "deals@example.org").await;
    for what in ["warn", "suspend", "ban"] {
        let refused = act(
            &admin,
            "people",
            id,
            what,
            &[("reason", "Spam."), ("days", "3")],
        )
        .await;
        assert_eq!(refused.status, 409, "{what}");
        assert!(
            refused
                .text("#form-error")
                .is_some_and(|t| t.contains("application"))
        );
    }
    applicant.log_in("deals@example.org", GOOD_PASSWORD).await;
    assert_eq!(applicant.get("/needs").await.location(), Some("/waiting"));
}

#[actix_web::test]
async fn granting_an_old_appeal_does_not_lift_a_newer_suspension() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo", "mo@example.org").await;
    let amara = app.member("Amara", "amara@example.org").await;
    let id = person_id(&mo, "amara@example.org").await;
    let first = act_on_person(&mo, id, "suspend", &[("reason", "First."), ("days", "1")]).await;
    assert_eq!(first.status, 303);
    amara.log_in("amara@example.org", GOOD_PASSWORD).await;
    let link = crate::appeals::appeal_link(&amara).await;
    let sent = amara
        .submit(&link, "#appeal-form", &[("message", "Too harsh.")])
        .await;
    assert_eq!(sent.status, 303);
    // The first suspension runs out; a second, longer one follows.
    app.clock.advance(2 * 86_400);
    let second = act_on_person(&mo, id, "suspend", &[("reason", "Again."), ("days", "30")]).await;
    assert_eq!(second.status, 303);

    let queue = admin.get("/moderation?kind=appeals").await;
    let appeal = queue.attr("li.appeal", "id").expect("the appeal waits");
    let decided = admin
        .submit(
            "/moderation?kind=appeals",
            &format!("li#{appeal} form"),
            &[
                ("decision", "overturn"),
                ("reason", "The first was too harsh."),
            ],
        )
        .await;
    assert_eq!(decided.status, 303, "{}", decided.body);
    amara.log_in("amara@example.org", GOOD_PASSWORD).await;
    let banner = amara
        .get("/")
        .await
        .text("#suspension-banner")
        .unwrap_or_default();
    assert!(
        banner.contains("Again."),
        "the newer suspension stands: {banner}"
    );
}

#[actix_web::test]
async fn a_moderator_cannot_dismiss_reports_about_themselves_or_another_moderator() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo", "mo@example.org").await;
    let nell = moderator(&app, &admin, "Nell", "nell@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    for (who, email) in [("Mo", "mo@example.org"), ("Nell", "nell@example.org")] {
        let id = person_id(&admin, email).await;
        let sent = ben
            .submit(
                &format!("/report?kind=member&id={id}"),
                "#report-form",
                &[("reason", "harassment"), ("note", who)],
            )
            .await;
        assert_eq!(sent.status, 303);
        let token = mo.csrf_token().await;
        let refused = mo
            .post(
                &format!("/moderation/reports/member/{id}/dismiss"),
                &[("csrf_token", &token), ("reason", "Nothing in it.")],
            )
            .await;
        assert_eq!(refused.status, 409, "{who}");
        assert!(
            refused.body.contains("cannot act on your own")
                || refused.body.contains("Only an admin")
        );
    }
    // An admin may.
    let nell_id = person_id(&admin, "nell@example.org").await;
    let token = admin.csrf_token().await;
    let dismissed = admin
        .post(
            &format!("/moderation/reports/member/{nell_id}/dismiss"),
            &[("csrf_token", &token), ("reason", "Nothing in it.")],
        )
        .await;
    assert_eq!(dismissed.status, 303);
    drop(nell);
}

#[actix_web::test]
async fn a_banned_authors_hidden_need_stays_hidden_until_the_ban_is_lifted() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Watches for sale, cheap", &[]).await;
    let id = person_id(&admin, "amara@example.org").await;
    assert_eq!(
        act(&admin, "needs", need, "hide", &[("reason", "Selling.")])
            .await
            .status,
        303
    );
    assert_eq!(
        act(&admin, "people", id, "ban", &[("reason", "Scams.")])
            .await
            .status,
        303
    );
    let refused = act(&admin, "needs", need, "restore", &[("reason", "Oops.")]).await;
    assert_eq!(refused.status, 409);
    assert!(
        refused
            .text("#form-error")
            .is_some_and(|t| t.contains("lift the ban first"))
    );
    assert_eq!(ben.get(&format!("/needs/{need}")).await.status, 404);
}

#[actix_web::test]
async fn a_hidden_needs_thank_you_note_leaves_the_helpers_profile() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Rude words in this title", &[]).await;
    let token = ben.csrf_token().await;
    ben.post(
        &format!("/needs/{need}/volunteer"),
        &[("csrf_token", &token), ("message", "")],
    )
    .await;
    let offer = crate::helpers::offer_id(&amara, need, "Ben").await;
    let token = amara.csrf_token().await;
    amara
        .post(
            &format!("/needs/{need}/offers/{offer}/accept"),
            &[("csrf_token", &token)],
        )
        .await;
    let done = amara
        .submit(
            &format!("/needs/{need}/done"),
            "#done-form",
            &[
                ("outcome", "helped"),
                (&format!("thanks_{offer}"), "Thank you, Ben!"),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    // Ben shows the note on his profile.
    let shown = ben.submit("/profile", ".thanks li form", &[]).await;
    assert_eq!(shown.status, 303, "{}", shown.body);
    let ben_id = person_id(&admin, "ben@example.org").await;
    let profile = format!("/people/{ben_id}");
    assert!(
        admin
            .get(&profile)
            .await
            .body
            .contains("Rude words in this title")
    );
    assert_eq!(
        act(&admin, "needs", need, "hide", &[("reason", "Rude.")])
            .await
            .status,
        303
    );
    assert!(
        !admin
            .get(&profile)
            .await
            .body
            .contains("Rude words in this title")
    );
    assert!(!admin.get("/modlog").await.body.contains("Rude words"));
}

#[actix_web::test]
async fn an_invite_code_stops_working_when_its_maker_may_no_longer_invite() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let ivy = app.member("Ivy", "ivy@example.org").await;
    let page = admin.get("/admin/settings").await;
    let question = page
        .input_value("#joining-form", "question")
        .expect("a question");
    let allow = |on: bool| {
        let mut fields = vec![("mode", "invite"), ("question", question.as_str())];
        if on {
            fields.push(("members_may_invite", "on"));
        }
        fields
    };
    assert_eq!(
        admin
            .submit("/admin/settings", "#joining-form", &allow(true))
            .await
            .status,
        303
    );
    let made = ivy
        .submit(
            "/invites",
            "#invite-form",
            &[("max_uses", "5"), ("days", "7")],
        )
        .await;
    assert_eq!(made.status, 303);
    let code = ivy
        .get("/invites")
        .await
        .text(".invite-code")
        .expect("a code");
    let sign_up = |name: &'static str, email: &'static str| {
        let browser = app.browser();
        let code = code.clone();
        async move {
            crate::helpers::try_sign_up_with(&browser, name, email, &[("invite_code", &code)])
                .await
                .status
        }
    };
    assert_eq!(sign_up("Jo", "jo@example.org").await, 303);
    assert_eq!(
        admin
            .submit("/admin/settings", "#joining-form", &allow(false))
            .await
            .status,
        303
    );
    assert_eq!(sign_up("Kit", "kit@example.org").await, 422);
    assert_eq!(
        admin
            .submit("/admin/settings", "#joining-form", &allow(true))
            .await
            .status,
        303
    );
    assert_eq!(sign_up("Kit", "kit@example.org").await, 303);
    let ivy_id = person_id(&admin, "ivy@example.org").await;
    assert_eq!(
        act(
            &admin,
            "people",
            ivy_id,
            "ban",
            &[("reason", "Spam invites.")]
        )
        .await
        .status,
        303
    );
    assert_eq!(sign_up("Lou", "lou@example.org").await, 422);
}

#[actix_web::test]
async fn a_tick_box_takes_only_a_tick() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let page = admin.get("/admin/settings").await;
    let question = page
        .input_value("#joining-form", "question")
        .expect("a question");
    let refused = admin
        .submit(
            "/admin/settings",
            "#joining-form",
            &[
                ("mode", "open"),
                ("question", &question),
                ("board_public", "false"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Tick the box or leave it empty."));
    assert_eq!(
        app.browser().get("/needs").await.status,
        303,
        "the board stays closed"
    );
}

#[actix_web::test]
async fn the_ban_appeal_form_limits_password_guesses_per_account() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let id = person_id(&admin, "amara@example.org").await;
    assert_eq!(
        act(&admin, "people", id, "ban", &[("reason", "Scams.")])
            .await
            .status,
        303
    );
    drop(amara);
    let stranger = app.browser();
    let token = stranger.csrf_token().await;
    let mut statuses = Vec::new();
    for n in 0..12 {
        let guess = format!("guess number {n}");
        let page = stranger
            .post(
                "/appeals/ban",
                &[
                    ("csrf_token", &token),
                    ("email", "amara@example.org"),
                    ("password", &guess),
                    ("message", "Let me back."),
                ],
            )
            .await;
        statuses.push(page.status);
    }
    assert!(statuses[..10].iter().all(|s| *s == 422), "{statuses:?}");
    assert_eq!(statuses[11], 429, "{statuses:?}");
}

#[actix_web::test]
async fn a_refused_queue_form_comes_back_with_what_was_typed_next_to_its_field() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Ladder to borrow for a day", &[]).await;
    let sent = ben
        .submit(
            &format!("/report?kind=need&id={need}"),
            "#report-form",
            &[("reason", "other"), ("note", "")],
        )
        .await;
    assert_eq!(sent.status, 303);
    let long = "x".repeat(501);
    let refused = admin
        .submit(
            "/moderation",
            &format!("form[action='/moderation/reports/need/{need}/dismiss']"),
            &[("reason", &long)],
        )
        .await;
    assert_eq!(refused.status, 422);
    let field = format!("#dismiss-need-{need}");
    assert_eq!(
        refused.attr(&field, "value").as_deref(),
        Some(long.as_str())
    );
    assert!(
        refused
            .text(&format!("#dismiss-need-{need}-error"))
            .is_some()
    );
    drop(amara);
}

#[actix_web::test]
async fn a_moderator_is_offered_hide_only_on_needs_they_may_hide() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo", "mo@example.org").await;
    let nell = moderator(&app, &admin, "Nell", "nell@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let admins = post_need(&app, &admin, "Chairs for the hall", &[]).await;
    let nells = post_need(&app, &nell, "Lift to the library", &[]).await;
    let mos = post_need(&app, &mo, "Walk the dog", &[]).await;
    let bens = post_need(&app, &ben, "Fix a tap", &[]).await;
    for (need, offered) in [(admins, false), (nells, false), (mos, false), (bens, true)] {
        let page = mo.get(&format!("/needs/{need}")).await;
        assert_eq!(page.status, 200);
        assert_eq!(
            page.attr("#reason-hide-need", "name").is_some(),
            offered,
            "need {need}"
        );
    }
    // An admin may hide a moderator's need, and is offered it.
    let page = admin.get(&format!("/needs/{nells}")).await;
    assert!(page.attr("#reason-hide-need", "name").is_some());
}
