//! The registration gate: approval (a new site's default) and invite codes.

use crate::helpers::{Browser, GOOD_PASSWORD, TestApp, spawn_app, spawn_new_site};
use kith::site::RegistrationMode;

async fn apply(
    app: &TestApp,
    name: &str,
    email: &str,
    answer: &str,
) -> (Browser, crate::helpers::Page) {
    let browser = app.browser();
    let page = crate::helpers::try_sign_up_with(&browser, name, email, &[("answer", answer)]).await;
    if page.status == 303 {
        app.confirm_by_mail(&app.browser(), email).await;
    }
    (browser, page)
}

fn application_id(queue: &crate::helpers::Page, name: &str) -> i64 {
    let html = scraper::Html::parse_document(&queue.body);
    let selector = scraper::Selector::parse("li.application").expect("selector");
    html.select(&selector)
        .find(|li| li.text().collect::<String>().contains(name))
        .and_then(|li| li.value().attr("id"))
        .and_then(|id| id.strip_prefix("application-"))
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("{name} is not in the queue: {}", queue.body))
}

#[actix_web::test]
async fn a_new_site_asks_the_admins_question_and_the_applicant_sees_only_the_waiting_page_until_approved()
 {
    let app = spawn_new_site().await;
    let admin = app.admin().await;

    let form = app.browser().get("/signup").await;
    assert!(
        form.body.contains("Which street do you live on"),
        "{}",
        form.body
    );
    assert_eq!(
        form.text("#signup-form button"),
        Some("Apply to join".into())
    );

    let (nadia, page) = apply(&app, "Nadia", "nadia@example.org", "Elm Street, since 2019").await;
    assert_eq!(page.status, 303, "{}", page.body);
    let page = nadia.log_in("nadia@example.org", GOOD_PASSWORD).await;
    assert_eq!(page.status, 303);

    // Every member page sends her to the waiting page; every action is refused.
    for path in [
        "/",
        "/needs",
        "/needs/new",
        "/notifications",
        "/account",
        "/people/1",
        "/modlog",
    ] {
        let page = nadia.get(path).await;
        assert_eq!(page.status, 303, "{path}");
        assert_eq!(page.location(), Some("/waiting"), "{path}");
    }
    let waiting = nadia.get("/waiting").await;
    assert_eq!(waiting.status, 200);
    assert_eq!(waiting.text("h1"), Some("Waiting for approval".into()));
    assert!(waiting.body.contains("Elm Street, since 2019"));
    let token = nadia.csrf_token().await;
    for path in ["/needs/new", "/account/name", "/profile", "/report"] {
        let refused = nadia
            .post(path, &[("csrf_token", &token), ("title", "x")])
            .await;
        assert_eq!(refused.status, 403, "{path}");
        assert!(refused.body.contains("not been approved yet"), "{path}");
    }

    // A moderator sees the application, with her answer, and approves it.
    let queue = admin.get("/moderation?kind=applications").await;
    assert!(queue.body.contains("Elm Street, since 2019"));
    let id = application_id(&queue, "Nadia");
    // Not a member yet: no profile for anyone to find.
    assert_eq!(admin.get(&format!("/people/{id}")).await.status, 404);
    let approved = admin
        .submit(
            "/moderation",
            &format!("form[action='/moderation/applications/{id}/approve']"),
            &[("reason", "")],
        )
        .await;
    assert_eq!(approved.status, 303, "{}", approved.body);
    assert_eq!(
        admin
            .get("/moderation?kind=applications")
            .await
            .texts("li.application")
            .len(),
        0
    );

    // Her very next request is a member's.
    let home = nadia.get("/").await;
    assert_eq!(home.status, 200);
    assert_eq!(admin.get(&format!("/people/{id}")).await.status, 200);
    let notes = nadia.get("/notifications").await;
    assert!(
        notes.body.contains("Your application was approved"),
        "{}",
        notes.body
    );
    let log = admin.get("/moderation/log").await;
    assert!(log.body.contains("Approved Nadia"), "{}", log.body);
}

#[actix_web::test]
async fn an_application_without_an_answer_is_refused_next_to_the_field_keeping_what_was_typed() {
    let app = spawn_new_site().await;
    let (_browser, page) = apply(&app, "Omar", "omar@example.org", "   ").await;
    assert_eq!(page.status, 422);
    assert!(
        page.text("#answer-error")
            .is_some_and(|e| e.contains("Answer the question"))
    );
    assert_eq!(
        page.input_value("#signup-form", "display_name"),
        Some("Omar".into())
    );
    assert_eq!(
        page.input_value("#signup-form", "email"),
        Some("omar@example.org".into())
    );
}

#[actix_web::test]
async fn a_turned_down_applicant_sees_the_reason_and_still_cannot_take_part() {
    let app = spawn_new_site().await;
    let admin = app.admin().await;
    let (spammer, _) = apply(&app, "Deals", "deals@example.org", "Great offers!").await;
    spammer.log_in("deals@example.org", GOOD_PASSWORD).await;
    let id = application_id(&admin.get("/moderation").await, "Deals");
    let form = format!("form[action='/moderation/applications/{id}/reject']");

    let no_reason = admin.submit("/moderation", &form, &[("reason", "")]).await;
    assert_eq!(no_reason.status, 422);
    assert!(
        no_reason
            .text("#reason-error")
            .is_some_and(|e| e.contains("Give a reason"))
    );

    let rejected = admin
        .submit(
            "/moderation",
            &form,
            &[("reason", "Not a neighbour: an advert.")],
        )
        .await;
    assert_eq!(rejected.status, 303);
    let waiting = spammer.get("/waiting").await;
    assert_eq!(
        waiting.text("h1"),
        Some("Your application was not approved".into())
    );
    assert!(waiting.body.contains("Not a neighbour: an advert."));
    assert_eq!(spammer.get("/needs").await.location(), Some("/waiting"));
    // Deciding it twice is refused, not done twice.
    let again = admin
        .post(
            &format!("/moderation/applications/{id}/approve"),
            &[("csrf_token", &admin.csrf_token().await), ("reason", "")],
        )
        .await;
    assert_eq!(again.status, 409);
}

async fn make_invite(browser: &Browser, uses: &str, days: &str) -> String {
    let made = browser
        .submit(
            "/invites",
            "#invite-form",
            &[("max_uses", uses), ("days", days)],
        )
        .await;
    assert_eq!(made.status, 303, "{}", made.body);
    browser
        .get("/invites")
        .await
        .text(".invite-code")
        .expect("a code is listed")
}

async fn sign_up_with_code(
    app: &TestApp,
    name: &str,
    email: &str,
    code: &str,
) -> crate::helpers::Page {
    crate::helpers::try_sign_up_with(&app.browser(), name, email, &[("invite_code", code)]).await
}

#[actix_web::test]
async fn invite_codes_respect_their_use_limit_expiry_and_revocation_and_show_who_joined() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    app.set_registration(RegistrationMode::Invite).await;

    let none = sign_up_with_code(&app, "Pat", "pat@example.org", "").await;
    assert_eq!(none.status, 422);
    assert!(none.text("#invite_code-error").is_some());

    let code = make_invite(&admin, "2", "7").await;
    // Typed in lower case with spaces, it still works.
    let typed = code.to_lowercase().replace('-', " ");
    assert_eq!(
        sign_up_with_code(&app, "Pat", "pat@example.org", &typed)
            .await
            .status,
        303
    );
    assert_eq!(
        sign_up_with_code(&app, "Quinn", "quinn@example.org", &code)
            .await
            .status,
        303
    );
    let used_up = sign_up_with_code(&app, "Rae", "rae@example.org", &code).await;
    assert_eq!(used_up.status, 422);
    assert!(
        used_up
            .text("#invite_code-error")
            .is_some_and(|e| e.contains("cannot be used"))
    );
    assert_eq!(
        used_up.input_value("#signup-form", "display_name"),
        Some("Rae".into())
    );

    let list = admin.get("/invites").await;
    assert!(list.body.contains("Used 2 of 2"));
    let joined = list.text("#invites li").unwrap_or_default();
    assert!(
        joined.contains("Pat") && joined.contains("Quinn"),
        "{joined}"
    );
    let pat = app.browser();
    assert_eq!(
        pat.log_in("pat@example.org", GOOD_PASSWORD).await.status,
        303
    );
    assert_eq!(pat.get("/needs").await.status, 200);

    // Expiry.
    let short = make_invite(&admin, "5", "1").await;
    app.clock.advance(86_400 + 1);
    assert_eq!(
        sign_up_with_code(&app, "Sam", "sam@example.org", &short)
            .await
            .status,
        422
    );

    // Revocation, which is logged.
    let fresh = make_invite(&admin, "5", "7").await;
    let page = admin.get("/invites").await;
    let html = scraper::Html::parse_document(&page.body);
    let selector = scraper::Selector::parse("#invites li").expect("selector");
    let li = html
        .select(&selector)
        .find(|li| li.text().collect::<String>().contains(&fresh))
        .expect("listed");
    let form_action = scraper::Selector::parse("form").expect("selector");
    let action = li
        .select(&form_action)
        .next()
        .and_then(|f| f.value().attr("action"))
        .expect("a revoke form")
        .to_owned();
    let revoked = admin
        .post(&action, &[("csrf_token", &admin.csrf_token().await)])
        .await;
    assert_eq!(revoked.status, 303);
    assert_eq!(
        sign_up_with_code(&app, "Tai", "tai@example.org", &fresh)
            .await
            .status,
        422
    );
    assert!(
        admin
            .get("/moderation/log")
            .await
            .body
            .contains(&format!("Revoked the invite code {fresh}"))
    );

    // Moderators see who invited whom.
    let tree = admin.get("/moderation/invites").await;
    let text = tree.text("#invite-tree").unwrap_or_default();
    assert!(
        text.contains("Grace Admin") && text.contains("Pat") && text.contains("Quinn"),
        "{text}"
    );
}

#[actix_web::test]
async fn members_make_invite_codes_only_when_the_admin_allows_it() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let ivy = app.member("Ivy", "ivy@example.org").await;
    assert_eq!(ivy.get("/invites").await.status, 403);

    let page = admin.get("/admin/settings").await;
    let question = page
        .input_value("#joining-form", "question")
        .expect("a question");
    let saved = admin
        .submit(
            "/admin/settings",
            "#joining-form",
            &[
                ("mode", "invite"),
                ("question", &question),
                ("members_may_invite", "on"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let code = make_invite(&ivy, "1", "7").await;
    assert_eq!(
        sign_up_with_code(&app, "Jo", "jo@example.org", &code)
            .await
            .status,
        303
    );
    // Ivy sees only her own codes; the admin sees everyone's.
    assert!(admin.get("/invites").await.body.contains(&code));
    let log = admin.get("/moderation/log").await;
    assert!(
        log.body.contains("Set registration to invite mode"),
        "{}",
        log.body
    );
}
