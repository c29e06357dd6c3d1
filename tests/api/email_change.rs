//! Changing the e-mail address from `/account`: a link to the new address
//! makes the change, the old address works until then and is told
//! afterwards, a taken address is answered like a free one, and a member
//! who mistyped their address at sign-up fixes it this way.

use crate::helpers::{Browser, GOOD_PASSWORD, Page, TestApp, post_need, spawn_app};
use crate::mailbox::Received;
use kith::site::RegistrationMode;

const LINK: &str = "/account/email/confirm/";

/// Sends the address form on `/account` with `new` and `password`.
async fn ask_to_change(browser: &Browser, new: &str, password: &str) -> Page {
    browser
        .submit(
            "/account",
            "#email-form",
            &[("new_email", new), ("email_password", password)],
        )
        .await
}

/// Asks to change to `new` with the right password; panics unless the
/// request is taken.
async fn asked(browser: &Browser, new: &str) -> Page {
    let page = ask_to_change(browser, new, GOOD_PASSWORD).await;
    assert_eq!(page.status, 303, "the request was refused: {}", page.body);
    assert_eq!(page.location(), Some("/account"));
    page
}

/// The messages that reached `email` whose subject contains `words`.
fn mail_about(app: &TestApp, email: &str, words: &str) -> Vec<Received> {
    app.mailbox
        .to(email)
        .into_iter()
        .filter(|m| m.subject().contains(words))
        .collect()
}

/// The e-mail address `/account` shows.
async fn address_shown(browser: &Browser) -> Option<String> {
    browser.get("/account").await.text("#account-email")
}

#[actix_web::test]
async fn a_member_changes_their_address_by_the_link_mailed_to_the_new_one() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    asked(&amara, "  Amara.Ortiz@Example.NET ").await;
    let account = amara.get("/account").await;
    assert!(
        account
            .text("#flash")
            .is_some_and(|t| t.contains("Check your new address"))
    );
    assert_eq!(
        account.text("#account-email").as_deref(),
        Some("amara@example.org"),
        "nothing changes until the link is used"
    );

    // The link goes to the new address, normalised; it is account mail.
    let path = app.latest_link("amara.ortiz@example.net", LINK).await;
    let message = app.mailbox.only_to("amara.ortiz@example.net");
    assert!(message.subject().contains("Confirm your new address"));
    assert!(message.text().contains("within 48 hours"));
    assert!(message.header("List-Unsubscribe").is_none(), "account mail");
    assert!(message.header("Auto-Submitted").is_none(), "not automatic");
    assert_eq!(
        app.mailbox.to("amara@example.org").len(),
        1,
        "the old address has had only its sign-up link so far"
    );

    // Until the link is used, the old address is the one that logs in.
    assert_eq!(
        app.browser()
            .log_in("amara@example.org", GOOD_PASSWORD)
            .await
            .status,
        303
    );
    assert_eq!(
        app.browser()
            .log_in("amara.ortiz@example.net", GOOD_PASSWORD)
            .await
            .status,
        422
    );

    // Opened on a phone that is not logged in: a page with a button (mail
    // scanners open links), and the button makes the change.
    let phone = app.browser();
    let page = phone.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(
        page.text("#new-email")
            .is_some_and(|t| t.contains("amara.ortiz@example.net"))
    );
    assert_eq!(
        address_shown(&amara).await.as_deref(),
        Some("amara@example.org")
    );
    let used = phone.submit(&path, "#new-email-form", &[]).await;
    assert_eq!(used.status, 303, "{}", used.body);
    assert_eq!(used.location(), Some("/login"));
    assert!(
        phone
            .get("/login")
            .await
            .text("#flash")
            .is_some_and(|t| t.contains("Log in with the new one"))
    );
    assert_eq!(
        address_shown(&amara).await.as_deref(),
        Some("amara.ortiz@example.net"),
        "the browser that was logged in stays so, with the new address"
    );

    // The new address logs in; the old one no longer does.
    assert_eq!(
        app.browser()
            .log_in("amara.ortiz@example.net", GOOD_PASSWORD)
            .await
            .status,
        303
    );
    assert_eq!(
        app.browser()
            .log_in("amara@example.org", GOOD_PASSWORD)
            .await
            .status,
        422
    );

    // The old address is told, with the new one only in part, and what to
    // do if it was not the member.
    app.deliver_mail().await;
    let notices = mail_about(&app, "amara@example.org", "was changed");
    assert_eq!(notices.len(), 1);
    let text = notices[0].text();
    assert!(text.contains("a***@example.net"), "{text}");
    assert!(!text.contains("amara.ortiz"), "never the whole new address");
    assert!(text.contains("If it was not you"));
    assert!(text.contains("/password/forgot"));
    assert!(notices[0].header("List-Unsubscribe").is_none());

    // The link worked once.
    let again = app.browser().get(&path).await;
    assert_eq!(again.status, 410);
    assert!(
        again
            .text("#dead-link")
            .is_some_and(|t| t.contains("used already"))
    );
}

#[actix_web::test]
async fn a_used_expired_replaced_or_unknown_change_link_gets_a_clear_page_never_a_500() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    asked(&amara, "first@example.net").await;
    let first = app.latest_link("first@example.net", LINK).await;
    asked(&amara, "second@example.net").await;
    let second = app.latest_link("second@example.net", LINK).await;

    // Asking again stops the link asked for before.
    let replaced = app.browser().get(&first).await;
    assert_eq!(replaced.status, 410);
    assert!(
        replaced
            .text("#dead-link")
            .is_some_and(|t| t.contains("used already"))
    );
    assert!(
        replaced.body.contains("href=\"/account\""),
        "says what to do next"
    );

    // Two days later the link has run out, looked at or pressed.
    app.clock.advance(48 * 3600 + 1);
    let late = app.browser().get(&second).await;
    assert_eq!(late.status, 410);
    assert!(
        late.text("#dead-link")
            .is_some_and(|t| t.contains("48 hours"))
    );
    let phone = app.browser();
    let token = phone.csrf_token().await;
    let pressed = phone.post(&second, &[("csrf_token", &token)]).await;
    assert_eq!(pressed.status, 410);
    assert_eq!(
        address_shown(&amara).await.as_deref(),
        Some("amara@example.org")
    );

    // A made-up link, or another kind of link, is unknown here.
    let made_up = app.browser().get(&format!("{LINK}not-a-real-token")).await;
    assert_eq!(made_up.status, 404);
    assert!(
        made_up
            .text("#dead-link")
            .is_some_and(|t| t.contains("copy the whole address"))
    );
    let pressed = phone
        .post(
            &format!("{LINK}not-a-real-token"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(pressed.status, 404);
    let signup_link = app
        .latest_link("amara@example.org", "/signup/confirm/")
        .await;
    let token_of_another_kind = signup_link.trim_start_matches("/signup/confirm/");
    let wrong_kind = app
        .browser()
        .get(&format!("{LINK}{token_of_another_kind}"))
        .await;
    assert_eq!(wrong_kind.status, 404);
}

#[actix_web::test]
async fn an_address_with_an_account_gets_the_same_answer_and_its_owner_only_a_short_notice() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    app.member("Ben", "ben@example.org").await;

    let free = asked(&amara, "amara@example.net").await;
    let free_page = amara.get("/account").await;
    let taken = asked(&amara, "BEN@example.org").await;
    let taken_page = amara.get("/account").await;
    assert_eq!(free.status, taken.status);
    assert_eq!(free.location(), taken.location());
    assert_eq!(
        free_page.text("#flash"),
        taken_page.text("#flash"),
        "the same words for both"
    );
    assert_eq!(
        free_page.text("#email-form"),
        taken_page.text("#email-form")
    );

    app.deliver_mail().await;
    assert!(
        mail_about(&app, "ben@example.org", "Confirm your new address").is_empty(),
        "no link to an address with an account"
    );
    let notices = mail_about(&app, "ben@example.org", "Someone tried to use your address");
    assert_eq!(notices.len(), 1);
    let text = notices[0].text();
    assert!(text.contains("nothing changed"), "{text}");
    assert!(!text.contains("Amara"), "the notice does not say who asked");
    assert!(!text.contains("amara@"), "nor their address");

    // The link asked for before stopped, as a new link would stop it.
    let earlier = app.latest_link("amara@example.net", LINK).await;
    assert_eq!(app.browser().get(&earlier).await.status, 410);
    assert_eq!(
        address_shown(&amara).await.as_deref(),
        Some("amara@example.org")
    );
    assert_eq!(
        app.browser()
            .log_in("ben@example.org", GOOD_PASSWORD)
            .await
            .status,
        303,
        "Ben's account is untouched"
    );
}

#[actix_web::test]
async fn an_address_taken_before_the_link_is_used_is_refused_with_a_clear_page() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    asked(&amara, "family@example.org").await;
    let path = app.latest_link("family@example.org", LINK).await;

    // Someone signs up with the address before Amara presses the button.
    app.sign_up_unconfirmed(&app.browser(), "Chen", "family@example.org")
        .await;
    let refused = amara.submit(&path, "#new-email-form", &[]).await;
    assert_eq!(refused.status, 409);
    assert!(
        refused
            .text("#email-taken")
            .is_some_and(|t| t.contains("family@example.org") && t.contains("Nothing was changed"))
    );
    assert!(refused.body.contains("href=\"/account\""));
    assert_eq!(
        address_shown(&amara).await.as_deref(),
        Some("amara@example.org")
    );
    app.deliver_mail().await;
    assert!(mail_about(&app, "amara@example.org", "was changed").is_empty());
}

#[actix_web::test]
async fn a_wrong_password_or_a_malformed_address_is_refused_beside_its_field_and_the_address_kept()
{
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;

    let wrong = ask_to_change(&amara, "amara@example.net", "not my password at all").await;
    assert_eq!(wrong.status, 422);
    assert!(
        wrong
            .text("#email_password-error")
            .is_some_and(|t| t.contains("not your current password"))
    );
    assert!(wrong.text("#new_email-error").is_none());
    assert_eq!(
        wrong.input_value("#email-form", "new_email").as_deref(),
        Some("amara@example.net"),
        "what was typed stays"
    );
    assert_eq!(
        wrong
            .input_value("#email-form", "email_password")
            .as_deref(),
        Some(""),
        "never the password"
    );
    assert!(!wrong.body.contains("not my password at all"));

    let empty_password = ask_to_change(&amara, "amara@example.net", "").await;
    assert_eq!(empty_password.status, 422);
    assert!(
        empty_password
            .text("#email_password-error")
            .is_some_and(|t| t.contains("Enter your current password"))
    );

    for (typed, says) in [
        ("amara@", "like name@example.org"),
        ("amara at example dot net", "like name@example.org"),
        ("", "Enter the new address"),
        (" AMARA@example.org", "your address already"),
    ] {
        let page = ask_to_change(&amara, typed, GOOD_PASSWORD).await;
        assert_eq!(page.status, 422, "{typed:?}");
        assert!(
            page.text("#new_email-error")
                .is_some_and(|t| t.contains(says)),
            "{typed:?}: {:?}",
            page.text("#new_email-error")
        );
        assert!(page.text("#email_password-error").is_none(), "{typed:?}");
        assert_eq!(
            page.input_value("#email-form", "new_email").as_deref(),
            Some(typed),
            "what was typed stays"
        );
        assert!(
            page.text("#form-error").is_some(),
            "a summary above the form"
        );
    }

    app.deliver_mail().await;
    assert_eq!(
        app.mailbox.all().len(),
        1,
        "only Amara's sign-up link was sent"
    );
}

#[actix_web::test]
async fn requests_to_change_the_address_and_guesses_at_the_password_are_limited() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    for n in 1..=3 {
        asked(&amara, &format!("try{n}@example.net")).await;
    }
    let limited = ask_to_change(&amara, "try4@example.net", GOOD_PASSWORD).await;
    assert_eq!(limited.status, 429);
    assert!(
        limited
            .text("#form-error")
            .is_some_and(|t| t.contains("Please wait"))
    );
    assert_eq!(
        limited.input_value("#email-form", "new_email").as_deref(),
        Some("try4@example.net")
    );
    app.deliver_mail().await;
    assert!(app.mailbox.to("try4@example.net").is_empty());
    assert_eq!(app.mailbox.to("try3@example.net").len(), 1);

    // Wrong passwords count against the same limit as the password form's.
    let ben = app.member("Ben", "ben@example.org").await;
    for _ in 0..5 {
        let wrong = ask_to_change(&ben, "ben@example.net", "guessing wrongly").await;
        assert_eq!(wrong.status, 422);
    }
    let guessing = ask_to_change(&ben, "ben@example.net", GOOD_PASSWORD).await;
    assert_eq!(guessing.status, 429);
    let password_form = ben
        .submit(
            "/account",
            "#password-form",
            &[
                ("current_password", GOOD_PASSWORD),
                ("new_password", "a new kettle by the door"),
                ("new_password_confirm", "a new kettle by the door"),
            ],
        )
        .await;
    assert_eq!(password_form.status, 429, "the same limit");
}

#[actix_web::test]
async fn a_new_password_stops_a_change_of_address_waiting_for_its_link() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    asked(&amara, "amara@example.net").await;
    let path = app.latest_link("amara@example.net", LINK).await;
    let changed = amara
        .submit(
            "/account",
            "#password-form",
            &[
                ("current_password", GOOD_PASSWORD),
                ("new_password", "a new kettle by the door"),
                ("new_password_confirm", "a new kettle by the door"),
            ],
        )
        .await;
    assert_eq!(changed.status, 303, "{}", changed.body);
    assert_eq!(app.browser().get(&path).await.status, 410);
}

#[actix_web::test]
async fn an_unconfirmed_member_fixes_a_mistyped_address_and_the_link_confirms_them() {
    let app = spawn_app().await;
    let amara = app.browser();
    app.sign_up_unconfirmed(&amara, "Amara", "amara@exmaple.org")
        .await;
    assert_eq!(
        amara
            .log_in("amara@exmaple.org", GOOD_PASSWORD)
            .await
            .status,
        303
    );
    let home = amara.get("/").await;
    assert_eq!(
        home.attr("#fix-address", "href").as_deref(),
        Some("/account#email-heading"),
        "the banner says how to fix the address"
    );
    let account = amara.get("/account").await;
    assert!(
        account
            .text("#account-email")
            .is_some_and(|t| t.contains("not confirmed"))
    );

    asked(&amara, "amara@example.org").await;
    let old_link = app
        .latest_link("amara@exmaple.org", "/signup/confirm/")
        .await;
    let path = app.latest_link("amara@example.org", LINK).await;
    let used = amara.submit(&path, "#new-email-form", &[]).await;
    assert_eq!(used.status, 303, "{}", used.body);
    assert_eq!(used.location(), Some("/account"), "logged in here already");
    let account = amara.get("/account").await;
    assert!(
        account
            .text("#flash")
            .is_some_and(|t| t.contains("email address is changed"))
    );
    assert_eq!(
        account.text("#account-email").as_deref(),
        Some("amara@example.org"),
        "and confirmed"
    );
    assert!(account.text("#confirm-banner").is_none());
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    assert!(need > 0, "a confirmed member takes part");

    // The sign-up link went to the mistyped address and stopped working;
    // that address, never confirmed, is not written to again.
    assert_eq!(app.browser().get(&old_link).await.status, 410);
    app.deliver_mail().await;
    assert_eq!(app.mailbox.to("amara@exmaple.org").len(), 1);
}

#[actix_web::test]
async fn an_applicant_who_mistyped_their_address_fixes_it_and_their_application_reaches_the_queue()
{
    let app = spawn_app().await;
    let admin = app.admin().await;
    app.set_registration(RegistrationMode::Approval).await;
    let nadia = app.browser();
    let applied = nadia
        .submit(
            "/signup",
            "#signup-form",
            &[
                ("display_name", "Nadia"),
                ("email", "nadia@exmaple.org"),
                ("password", GOOD_PASSWORD),
                ("password_confirm", GOOD_PASSWORD),
                ("answer", "Elm Street, since 2019"),
            ],
        )
        .await;
    assert_eq!(applied.status, 303);
    nadia.log_in("nadia@exmaple.org", GOOD_PASSWORD).await;
    assert_eq!(nadia.get("/").await.location(), Some("/waiting"));

    // The account page shows an applicant only the address form.
    let account = nadia.get("/account").await;
    assert_eq!(account.status, 200);
    assert!(account.text("#email-form").is_some());
    assert!(account.text("#name-form").is_none());
    assert!(account.text("#password-form").is_none());
    assert!(account.text("#sharing-form").is_none());
    let token = nadia.csrf_token().await;
    let renamed = nadia
        .post(
            "/account/name",
            &[("csrf_token", &token), ("display_name", "N")],
        )
        .await;
    assert_eq!(renamed.status, 403, "nothing else");

    asked(&nadia, "nadia@example.org").await;
    let path = app.latest_link("nadia@example.org", LINK).await;
    let phone = app.browser();
    let used = phone.submit(&path, "#new-email-form", &[]).await;
    assert_eq!(used.status, 303, "{}", used.body);
    let queue = admin.get("/moderation?kind=applications").await;
    assert!(queue.body.contains("Elm Street, since 2019"));
    assert!(queue.body.contains("nadia@example.org"));
    assert_eq!(
        nadia.get("/account").await.location(),
        Some("/waiting"),
        "confirmed, the applicant waits like any other"
    );
}

#[actix_web::test]
async fn throw_away_accounts_cannot_make_kith_mail_one_stranger_more_than_a_few_links() {
    let app = spawn_app().await;
    // Six throw-away accounts, never confirmed, each ask for one
    // stranger's address, tagged so that every request looks new.
    for n in 0..6 {
        let browser = app.browser();
        let throw_away = format!("throwaway{n}@example.net");
        app.sign_up_unconfirmed(&browser, &format!("Spam {n}"), &throw_away)
            .await;
        assert_eq!(browser.log_in(&throw_away, GOOD_PASSWORD).await.status, 303);
        let victim = format!("victim+{n}@target.example");
        let page = ask_to_change(&browser, &victim, GOOD_PASSWORD).await;
        if n < 4 {
            assert_eq!(page.status, 303, "{}", page.body);
        } else {
            assert_eq!(page.status, 429, "{}", page.body);
            assert!(
                page.text("#new_email-error")
                    .is_some_and(|e| e.contains("several e-mails to this address")),
                "{}",
                page.body
            );
        }
        // A second request from the same unconfirmed account is refused.
        let again = ask_to_change(&browser, "victim@target.example", GOOD_PASSWORD).await;
        assert_eq!(again.status, 429, "{}", again.body);
        assert!(
            again
                .text("#new_email-error")
                .is_some_and(|e| e.contains("one new address")),
            "{}",
            again.body
        );
        assert_eq!(
            again.input_value("#email-form", "new_email").as_deref(),
            Some("victim@target.example"),
            "what was typed is kept"
        );
    }
    app.deliver_mail().await;
    let to_victim = |upto: usize| -> usize {
        (0..upto)
            .map(|n| app.mailbox.to(&format!("victim+{n}@target.example")).len())
            .sum::<usize>()
            + app.mailbox.to("victim@target.example").len()
    };
    assert_eq!(
        to_victim(6),
        4,
        "four links at most reach one mailbox at once"
    );

    // Signing up with the stranger's address, tagged again, is refused
    // beside the field: no account, no mail.
    let before = crate::helpers::count_users(&app).await;
    for n in 6..9 {
        let typed = format!("victim+{n}@target.example");
        let page = crate::helpers::try_sign_up(&app.browser(), "Vic", &typed).await;
        assert_eq!(page.status, 429, "{}", page.body);
        assert!(
            page.text("#email-error")
                .is_some_and(|e| e.contains("several e-mails to this address")),
            "{}",
            page.body
        );
        assert_eq!(
            page.input_value("#signup-form", "email").as_deref(),
            Some(typed.as_str())
        );
    }
    assert_eq!(crate::helpers::count_users(&app).await, before);
    app.deliver_mail().await;
    assert_eq!(to_victim(9), 4);

    // A day later the mailbox may get a link again: the cap is not a ban.
    app.clock.advance(86_400);
    app.sign_up_unconfirmed(&app.browser(), "Vic", "victim@target.example")
        .await;
    app.deliver_mail().await;
    assert_eq!(app.mailbox.to("victim@target.example").len(), 1);
}

#[actix_web::test]
async fn a_second_request_from_an_unconfirmed_account_tells_nothing_about_the_first_address() {
    let app = spawn_app().await;
    app.member("Amara", "amara@example.org").await;
    let mut refusals = Vec::new();
    // One asks for a member's address, the other for a free one; then
    // each asks again.
    for (n, first) in ["amara@example.org", "free@example.org"].iter().enumerate() {
        let browser = app.browser();
        let email = format!("prober{n}@example.net");
        app.sign_up_unconfirmed(&browser, &format!("Prober {n}"), &email)
            .await;
        assert_eq!(browser.log_in(&email, GOOD_PASSWORD).await.status, 303);
        asked(&browser, first).await;
        let again = ask_to_change(&browser, "other@example.org", GOOD_PASSWORD).await;
        refusals.push((again.status, again.text("#new_email-error")));
    }
    assert_eq!(refusals[0].0, 429);
    assert_eq!(refusals[0], refusals[1], "the same answer either way");
}

#[actix_web::test]
async fn an_address_with_a_name_or_a_list_is_refused_beside_the_field_and_no_mail_goes() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    for typed in [
        "x<victim@target.example>",
        "<victim@target.example>",
        "\"x\"<victim@target.example>",
        "a@b.example,victim@target.example",
        "(c)victim@target.example",
    ] {
        let page = crate::helpers::try_sign_up(&app.browser(), "Mallory", typed).await;
        assert_eq!(page.status, 422, "{typed}: {}", page.body);
        assert!(
            page.text("#email-error")
                .is_some_and(|e| e.contains("on its own")),
            "{typed}: {}",
            page.body
        );
        assert_eq!(
            page.input_value("#signup-form", "email").as_deref(),
            Some(typed),
            "what was typed is kept"
        );

        let page = ask_to_change(&amara, typed, GOOD_PASSWORD).await;
        assert_eq!(page.status, 422, "{typed}");
        assert!(
            page.text("#new_email-error")
                .is_some_and(|e| e.contains("on its own")),
            "{typed}: {}",
            page.body
        );
    }
    assert_eq!(crate::helpers::count_users(&app).await, 1, "only Amara");
    app.deliver_mail().await;
    assert!(app.mailbox.to("victim@target.example").is_empty());
}

#[actix_web::test]
async fn a_banned_member_cannot_move_their_account_to_a_new_address_by_an_old_link() {
    use crate::moderation_actions::{act_on_person, moderator, person_id};
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo", "mo@example.org").await;
    let mallory = app.member("Mallory", "mallory@example.org").await;
    asked(&mallory, "mallory@elsewhere.example").await;
    let path = app.latest_link("mallory@elsewhere.example", LINK).await;
    let id = person_id(&mo, "mallory@example.org").await;
    let banned = act_on_person(&mo, id, "ban", &[("reason", "Spam.")]).await;
    assert_eq!(banned.status, 303, "{}", banned.body);

    let phone = app.browser();
    let used = phone.submit(&path, "#new-email-form", &[]).await;
    assert_eq!(used.status, 403, "{}", used.body);
    assert!(
        used.body.contains("This account is banned"),
        "{}",
        used.body
    );
    let still = mo.get(&format!("/moderation/people/{id}")).await;
    assert!(
        still.body.contains("mallory@example.org"),
        "the address is unchanged"
    );
    assert!(
        phone.cookie("kith_session").is_none(),
        "nobody was logged in"
    );
}
