//! Moderation actions: who may act on whom, hiding needs and messages,
//! warnings, suspensions and bans, and the log entry each one leaves.

use crate::helpers::{Browser, GOOD_PASSWORD, Page, TestApp, offer_id, post_need, spawn_app};

/// A new member, made a moderator by the admin.
pub(crate) async fn moderator(app: &TestApp, admin: &Browser, name: &str, email: &str) -> Browser {
    let browser = app.member(name, email).await;
    let id = person_id(admin, email).await;
    let page = admin
        .submit(
            &format!("/moderation/people/{id}"),
            "#role-form",
            &[("role", "moderator")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    browser
}

/// The id of the member with this email, found as a moderator finds them.
pub(crate) async fn person_id(moderator: &Browser, email: &str) -> i64 {
    let page = moderator
        .get(&format!(
            "/moderation/people?q={}",
            email.replace('@', "%40")
        ))
        .await;
    page.attr("#people a", "href")
        .and_then(|href| href.rsplit('/').next().and_then(|id| id.parse().ok()))
        .unwrap_or_else(|| panic!("{email} not found: {}", page.body))
}

/// Takes an action from its own page, with `fields` (the reason, the days),
/// saying yes when it is asked about first.
pub(crate) async fn act(
    by: &Browser,
    kind: &str,
    id: i64,
    what: &str,
    fields: &[(&str, &str)],
) -> Page {
    let sent = by
        .submit(
            &format!("/moderation/{kind}/{id}/{what}"),
            "#act-form",
            fields,
        )
        .await;
    say_yes(by, sent).await
}

/// Takes an action from a member's moderation page, as a moderator would,
/// saying yes when it is asked about first.
pub(crate) async fn act_on_person(
    by: &Browser,
    id: i64,
    what: &str,
    fields: &[(&str, &str)],
) -> Page {
    let sent = by
        .submit(
            &format!("/moderation/people/{id}"),
            &format!("form[action='/moderation/people/{id}/{what}']"),
            fields,
        )
        .await;
    say_yes(by, sent).await
}

/// Presses "Yes" if `page` asks to confirm a warning, a suspension or a
/// ban; otherwise `page` as it is.
pub(crate) async fn say_yes(by: &Browser, page: Page) -> Page {
    let Some(action) = page.attr("#confirm-act-form", "action") else {
        return page;
    };
    let hidden = page.hidden_inputs("#confirm-act-form");
    let fields: Vec<(&str, &str)> = hidden
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    by.post(&action, &fields).await
}

/// The moderation log straight from the database, oldest first:
/// (action word, reason, who it was about).
pub(crate) async fn log_entries(app: &TestApp) -> Vec<(String, String, Option<i64>)> {
    use diesel::prelude::*;
    use kith::db::schema::moderation_log as log;
    app.state
        .db
        .run(|conn| {
            Ok(log::table
                .order(log::id)
                .select((log::action, log::reason, log::subject_id))
                .load::<(String, String, Option<i64>)>(conn)?)
        })
        .await
        .expect("read the log")
}

/// `volunteer_name` offers to help with the author's need; returns the
/// conversation's path.
pub(crate) async fn conversation(
    author: &Browser,
    volunteer: &Browser,
    volunteer_name: &str,
    need: i64,
) -> String {
    let offered = volunteer
        .submit(&format!("/needs/{need}"), "#volunteer-form", &[])
        .await;
    assert_eq!(offered.status, 303, "{}", offered.body);
    let offer = offer_id(author, need, volunteer_name).await;
    format!("/needs/{need}/offers/{offer}/messages")
}

/// Sends a message in a conversation; returns its id as the other party
/// sees it (from their "report this message" link).
pub(crate) async fn send_message(from: &Browser, to: &Browser, thread: &str, body: &str) -> i64 {
    let sent = from
        .submit(thread, "#message-form", &[("body", body)])
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let page = to.get(thread).await;
    let html = scraper::Html::parse_document(&page.body);
    let links = scraper::Selector::parse(".report-message").expect("selector");
    html.select(&links)
        .filter_map(|a| a.value().attr("href"))
        .filter_map(|h| h.rsplit('=').next().and_then(|id| id.parse().ok()))
        .max()
        .expect("the message can be reported")
}

/// Files a report through the form.
pub(crate) async fn report(browser: &Browser, kind: &str, id: i64, note: &str) {
    let page = browser
        .submit(
            &format!("/report?kind={kind}&id={id}"),
            "#report-form",
            &[("reason", "other"), ("note", note)],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
}

fn listed_needs(page: &Page) -> Vec<i64> {
    let html = scraper::Html::parse_document(&page.body);
    let items = scraper::Selector::parse("#board li.need-item").expect("selector");
    html.select(&items)
        .filter_map(|li| li.value().attr("id")?.strip_prefix("need-")?.parse().ok())
        .collect()
}

fn notifications_text(page: &Page) -> String {
    page.text("#notifications").unwrap_or_default()
}

#[actix_web::test]
async fn every_moderation_and_admin_route_refuses_members_and_sends_visitors_to_log_in() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let visitor = app.browser();
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let amara_id = person_id(&admin, "amara@example.org").await;
    let ben_id = person_id(&admin, "ben@example.org").await;

    let acts = [
        ("applications", ben_id, "approve"),
        ("applications", ben_id, "reject"),
        ("needs", need, "hide"),
        ("needs", need, "restore"),
        ("messages", 1, "hide"),
        ("messages", 1, "restore"),
        ("people", amara_id, "warn"),
        ("people", amara_id, "suspend"),
        ("people", amara_id, "ban"),
        ("people", amara_id, "lift"),
    ];
    let mut pages: Vec<String> = [
        "/moderation",
        "/moderation?kind=appeals",
        "/moderation/log",
        "/moderation/people",
        "/moderation/invites",
        "/admin",
        "/admin/settings",
        "/admin/categories",
    ]
    .map(str::to_owned)
    .to_vec();
    pages.push(format!("/moderation/people/{amara_id}"));
    pages.extend(
        acts.iter()
            .map(|(kind, id, what)| format!("/moderation/{kind}/{id}/{what}")),
    );
    for path in &pages {
        assert_eq!(ben.get(path).await.status, 403, "member GET {path}");
        let page = visitor.get(path).await;
        assert_eq!(page.status, 303, "visitor GET {path}");
        let next = path
            .replace('/', "%2F")
            .replace('?', "%3F")
            .replace('=', "%3D");
        let back = format!("/login?next={next}");
        assert_eq!(page.location(), Some(back.as_str()), "visitor GET {path}");
    }

    let mut posts: Vec<String> = acts
        .iter()
        .map(|(kind, id, what)| format!("/moderation/{kind}/{id}/{what}"))
        .collect();
    posts.extend([
        "/moderation/appeals/1/decide".to_owned(),
        format!("/moderation/reports/need/{need}/dismiss"),
        "/admin/settings".to_owned(),
        "/admin/joining".to_owned(),
        "/admin/test-mail".to_owned(),
        "/admin/categories".to_owned(),
        format!("/admin/people/{amara_id}/role"),
        format!("/admin/people/{ben_id}/role"),
        format!("/admin/people/{amara_id}/sessions"),
    ]);
    let member_token = ben.csrf_token().await;
    let visitor_token = visitor.csrf_token().await;
    for path in &posts {
        for (who, browser, token) in [
            ("member", &ben, &member_token),
            ("visitor", &visitor, &visitor_token),
        ] {
            let page = browser
                .post(
                    path,
                    &[
                        ("csrf_token", token),
                        ("reason", "Because I say so"),
                        ("days", "30"),
                        ("decision", "overturn"),
                        ("role", "admin"),
                        ("name", "Mine now"),
                        ("back", "/"),
                    ],
                )
                .await;
            if who == "member" {
                assert_eq!(page.status, 403, "member POST {path}");
            } else {
                assert_eq!(page.status, 303, "visitor POST {path}");
                assert_eq!(page.location(), Some("/login"), "visitor POST {path}");
            }
        }
    }

    // Nothing changed: the need is still there, nobody was acted on, and
    // Ben did not make himself an admin.
    assert_eq!(
        listed_needs(&admin.get("/needs").await),
        vec![need],
        "the need is still on the board"
    );
    assert!(amara.get("/").await.text("#warning-banner").is_none());
    assert!(amara.get("/").await.text("#suspension-banner").is_none());
    assert_eq!(ben.get("/admin").await.status, 403);
    assert!(ben.get("/").await.text("#nav-moderation").is_none());
    assert_eq!(
        log_entries(&app).await,
        vec![],
        "a refused request leaves nothing in the log"
    );
}

#[actix_web::test]
async fn moderators_moderate_but_only_admins_run_the_site() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo", "mo@example.org").await;
    let amara = app.member("Amara", "amara@example.org").await;
    drop(amara);
    let amara_id = person_id(&mo, "amara@example.org").await;
    for path in [
        "/moderation",
        "/moderation/log",
        "/moderation/people",
        "/moderation/invites",
    ] {
        assert_eq!(mo.get(path).await.status, 200, "{path}");
    }
    let person = mo.get(&format!("/moderation/people/{amara_id}")).await;
    assert_eq!(person.status, 200);
    assert!(person.text("#role-form").is_none());
    assert!(person.text("#sessions-form").is_none());
    for path in ["/admin", "/admin/settings", "/admin/categories"] {
        assert_eq!(mo.get(path).await.status, 403, "{path}");
    }
    let token = mo.csrf_token().await;
    for path in [
        "/admin/settings".to_owned(),
        "/admin/joining".to_owned(),
        "/admin/test-mail".to_owned(),
        "/admin/categories".to_owned(),
        format!("/admin/people/{amara_id}/role"),
        format!("/admin/people/{amara_id}/sessions"),
    ] {
        let page = mo
            .post(
                &path,
                &[("csrf_token", &token), ("role", "admin"), ("name", "Mine")],
            )
            .await;
        assert_eq!(page.status, 403, "{path}");
    }
    let role = admin.get(&format!("/moderation/people/{amara_id}")).await;
    assert_eq!(role.text("#person-role").as_deref(), Some("member"));
}

#[actix_web::test]
async fn a_moderator_cannot_act_on_an_admin_or_another_moderator_and_nothing_changes() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo", "mo@example.org").await;
    let nell = moderator(&app, &admin, "Nell", "nell@example.org").await;
    let grace_id = person_id(&mo, "grace@example.org").await;
    let nell_id = person_id(&mo, "nell@example.org").await;
    let need = post_need(&app, &nell, "Ladder for the gutters", &[]).await;
    let before = log_entries(&app).await.len();

    for id in [grace_id, nell_id] {
        let page = mo.get(&format!("/moderation/people/{id}")).await;
        assert!(
            page.text("#cannot-act")
                .is_some_and(|t| t.contains("Only an admin")),
            "{}",
            page.body
        );
        assert!(page.text("form.act-form").is_none());
        for (what, fields) in [
            ("warn", vec![("reason", "Be nicer.")]),
            ("suspend", vec![("reason", "Cool off."), ("days", "3")]),
            ("ban", vec![("reason", "Out.")]),
        ] {
            let refused = act(&mo, "people", id, what, &fields).await;
            assert_eq!(refused.status, 409, "{what} {id}");
            assert!(
                refused
                    .text("#form-error")
                    .is_some_and(|t| t.contains("Only an admin can act on a moderator or an admin")),
                "{}",
                refused.body
            );
            assert_eq!(
                refused.text("#reason").as_deref(),
                fields.first().map(|f| f.1)
            );
        }
    }
    let hide = act(&mo, "needs", need, "hide", &[("reason", "Not allowed.")]).await;
    assert_eq!(hide.status, 409);
    assert!(
        mo.get(&format!("/needs/{need}"))
            .await
            .text("#moderate-need")
            .is_none(),
        "the need page offers no form the server would refuse"
    );

    // Nothing changed.
    assert_eq!(log_entries(&app).await.len(), before);
    for browser in [&admin, &nell] {
        let home = browser.get("/").await;
        assert_eq!(home.status, 200);
        assert!(home.text("#warning-banner").is_none());
        assert!(home.text("#suspension-banner").is_none());
    }
    assert!(listed_needs(&mo.get("/needs").await).contains(&need));
    assert_eq!(nell.get("/moderation").await.status, 200);
}

#[actix_web::test]
async fn nobody_acts_on_themselves() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo", "mo@example.org").await;
    let mo_id = person_id(&mo, "mo@example.org").await;
    let grace_id = person_id(&admin, "grace@example.org").await;
    let need = post_need(&app, &mo, "Help moving a sofa", &[]).await;
    let before = log_entries(&app).await.len();

    let own = mo.get(&format!("/moderation/people/{mo_id}")).await;
    assert!(own.body.contains("This is you"));
    assert!(own.text("form.act-form").is_none());
    let warn = act(&mo, "people", mo_id, "warn", &[("reason", "Testing")]).await;
    assert_eq!(warn.status, 409);
    assert!(
        warn.text("#form-error")
            .is_some_and(|t| t.contains("cannot act on your own account"))
    );
    let hide = act(&mo, "needs", need, "hide", &[("reason", "Testing")]).await;
    assert_eq!(hide.status, 409);
    for what in ["ban", "warn"] {
        let page = act(&admin, "people", grace_id, what, &[("reason", "Testing")]).await;
        assert_eq!(page.status, 409, "{what}");
        assert!(
            page.text("#form-error")
                .is_some_and(|t| t.contains("cannot act on your own account"))
        );
    }
    assert_eq!(log_entries(&app).await.len(), before);
    assert!(mo.get("/").await.text("#warning-banner").is_none());
    assert!(listed_needs(&admin.get("/needs").await).contains(&need));
    assert_eq!(admin.get("/admin").await.status, 200);
}

#[actix_web::test]
async fn an_admin_can_act_on_a_moderator() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo", "mo@example.org").await;
    let mo_id = person_id(&admin, "mo@example.org").await;
    let need = post_need(&app, &mo, "Spare boxes for moving", &[]).await;

    let page = admin.get(&format!("/moderation/people/{mo_id}")).await;
    assert!(page.text("#cannot-act").is_none());
    let warned = act_on_person(
        &admin,
        mo_id,
        "warn",
        &[("reason", "Please be gentler in the queue.")],
    )
    .await;
    assert_eq!(warned.status, 303, "{}", warned.body);
    assert_eq!(
        warned.location(),
        Some(format!("/moderation/people/{mo_id}").as_str())
    );
    assert!(
        mo.get("/moderation")
            .await
            .text("#warning-banner")
            .is_some_and(|t| t.contains("Please be gentler in the queue."))
    );
    let hidden = admin
        .submit(
            &format!("/needs/{need}"),
            &format!("form[action='/moderation/needs/{need}/hide']"),
            &[("reason", "Selling, not asking.")],
        )
        .await;
    assert_eq!(hidden.status, 303, "{}", hidden.body);
    assert!(
        !listed_needs(
            &app.member("Ben", "ben@example.org")
                .await
                .get("/needs")
                .await
        )
        .contains(&need)
    );
}

#[actix_web::test]
async fn the_last_admin_stays_admin_and_is_never_banned() {
    let app = spawn_app_with_workers().await;
    let grace = app.admin().await;
    let grace_id = person_id(&grace, "grace@example.org").await;
    let banned = act(&grace, "people", grace_id, "ban", &[("reason", "Leaving")]).await;
    assert_eq!(banned.status, 409);
    let token = grace.csrf_token().await;
    let demoted = grace
        .post(
            &format!("/admin/people/{grace_id}/role"),
            &[("csrf_token", &token), ("role", "member")],
        )
        .await;
    assert_eq!(demoted.status, 403);
    assert_eq!(grace.get("/admin").await.status, 200);

    // Two admins ban each other at the same moment: one of them stays an
    // admin who can log in.
    let hal = app.member("Hal", "hal@example.org").await;
    let hal_id = person_id(&grace, "hal@example.org").await;
    let made = grace
        .submit(
            &format!("/moderation/people/{hal_id}"),
            "#role-form",
            &[("role", "admin")],
        )
        .await;
    assert_eq!(made.status, 303);
    let grace_token = grace.csrf_token().await;
    let hal_token = hal.csrf_token().await;
    let grace_path = format!("/moderation/people/{hal_id}/ban");
    let hal_path = format!("/moderation/people/{grace_id}/ban");
    let (a, b) = futures_util::future::join(
        grace.post(
            &grace_path,
            &[
                ("csrf_token", &grace_token),
                ("reason", "Rogue admin"),
                ("step", "confirm"),
            ],
        ),
        hal.post(
            &hal_path,
            &[
                ("csrf_token", &hal_token),
                ("reason", "Rogue admin"),
                ("step", "confirm"),
            ],
        ),
    )
    .await;
    let done = |p: &Page| p.status == 303 && p.location() == Some("/moderation");
    // The other was refused as the last admin, or found itself logged out.
    let stopped = |p: &Page| {
        (p.status == 409
            && p.text("#form-error")
                .is_some_and(|t| t.contains("last admin")))
            || (p.status == 303 && p.location() == Some("/login"))
    };
    assert!(
        (done(&a) && stopped(&b)) || (done(&b) && stopped(&a)),
        "exactly one ban goes through: {} {:?} / {} {:?}",
        a.status,
        a.location(),
        b.status,
        b.location()
    );
    let (survivor, banned_id) = if done(&a) {
        (app.browser(), hal_id)
    } else {
        (app.browser(), grace_id)
    };
    let email = if done(&a) {
        "grace@example.org"
    } else {
        "hal@example.org"
    };
    assert_eq!(survivor.log_in(email, GOOD_PASSWORD).await.status, 303);
    assert_eq!(survivor.get("/admin").await.status, 200);
    // The banned admin no longer counts: the survivor may demote them,
    // and is now the last admin.
    let demoted = survivor
        .submit(
            &format!("/moderation/people/{banned_id}"),
            "#role-form",
            &[("role", "member")],
        )
        .await;
    assert_eq!(demoted.status, 303, "{}", demoted.body);
}

async fn spawn_app_with_workers() -> TestApp {
    crate::helpers::spawn_app_with(|config| config.workers = 2).await
}

#[actix_web::test]
async fn a_hidden_need_vanishes_for_everyone_but_its_author_who_is_told_why_until_it_is_restored() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo Moderator", "mo@example.org").await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let chen = app.member("Chen", "chen@example.org").await;
    let amara_id = person_id(&mo, "amara@example.org").await;
    let need = post_need(
        &app,
        &amara,
        "Gardening help and cheap watches",
        &[("details", "Cash only"), ("helpers_wanted", "2")],
    )
    .await;
    let thread = conversation(&amara, &ben, "Ben", need).await;
    let accepted = crate::helpers::press(
        &amara,
        &format!("/needs/{need}"),
        &format!("{}/accept", thread.trim_end_matches("/messages")),
    )
    .await;
    assert_eq!(accepted.status, 303);
    assert!(notifications_text(&ben.get("/notifications").await).contains("Gardening help"));
    report(&chen, "need", need, "Selling watches").await;
    // Before: everyone finds it.
    assert!(listed_needs(&chen.get("/needs").await).contains(&need));
    assert!(listed_needs(&chen.get("/needs?q=gardening").await).contains(&need));
    assert!(
        chen.get(&format!("/people/{amara_id}"))
            .await
            .text("#profile-needs")
            .is_some_and(|t| t.contains("Gardening help"))
    );
    assert!(
        ben.get("/needs/helping")
            .await
            .body
            .contains("Gardening help")
    );

    let hidden = mo
        .submit(
            &format!("/needs/{need}"),
            &format!("form[action='/moderation/needs/{need}/hide']"),
            &[("reason", "Selling is not allowed here.")],
        )
        .await;
    assert_eq!(hidden.status, 303, "{}", hidden.body);
    assert_eq!(hidden.location(), Some(format!("/needs/{need}").as_str()));

    // The author is told why, on the need and in her notifications.
    let own = amara.get(&format!("/needs/{need}")).await;
    assert_eq!(own.status, 200);
    assert!(
        own.text("#hidden-banner")
            .is_some_and(|t| t.contains("Selling is not allowed here.")),
        "{}",
        own.body
    );
    let told = notifications_text(&amara.get("/notifications").await);
    assert!(
        told.contains("A moderator hid your need “Gardening help and cheap watches”.")
            && told.contains("Selling is not allowed here."),
        "{told}"
    );
    assert!(!told.contains("Mo Moderator"));
    assert!(
        mo.get(&format!("/needs/{need}"))
            .await
            .text("#hidden-banner")
            .is_some(),
        "moderators still see it"
    );

    // Everyone else: gone from the need's page, the board, search, her
    // profile, the helping page and their notifications.
    for other in [&ben, &chen] {
        assert_eq!(other.get(&format!("/needs/{need}")).await.status, 404);
        assert!(!listed_needs(&other.get("/needs").await).contains(&need));
        assert!(!listed_needs(&other.get("/needs?q=gardening").await).contains(&need));
        let profile = other.get(&format!("/people/{amara_id}")).await;
        assert!(!profile.body.contains("Gardening help"), "{}", profile.body);
    }
    assert!(
        !ben.get("/needs/helping")
            .await
            .body
            .contains("Gardening help")
    );
    assert!(!ben.get("/").await.body.contains("Gardening help"));
    let bens = ben.get("/notifications").await;
    assert!(!bens.body.contains("Gardening help"), "{}", bens.body);
    assert_eq!(ben.get(&thread).await.status, 404);

    // The reporter hears the outcome, without the moderator's name.
    let reporter = notifications_text(&chen.get("/notifications").await);
    assert!(
        reporter.contains("A moderator acted on your report:"),
        "{reporter}"
    );
    assert!(!reporter.contains("Mo Moderator"));
    assert!(mo.get("/moderation").await.text("#queue-empty").is_some());

    let log = mo.get("/moderation/log").await;
    let entry = log.text("#log li").unwrap_or_default();
    assert!(
        entry.contains(&format!("Hid need #{need}."))
            && entry.contains("Selling is not allowed here.")
            && entry.contains("Mo Moderator"),
        "{entry}"
    );

    // Restored: back everywhere.
    let restored = mo
        .submit(
            &format!("/needs/{need}"),
            &format!("form[action='/moderation/needs/{need}/restore']"),
            &[("reason", "The watches are gone from the text.")],
        )
        .await;
    assert_eq!(restored.status, 303, "{}", restored.body);
    assert_eq!(ben.get(&format!("/needs/{need}")).await.status, 200);
    assert!(listed_needs(&chen.get("/needs").await).contains(&need));
    assert!(listed_needs(&chen.get("/needs?q=gardening").await).contains(&need));
    assert!(
        chen.get(&format!("/people/{amara_id}"))
            .await
            .text("#profile-needs")
            .is_some_and(|t| t.contains("Gardening help"))
    );
    assert!(
        ben.get("/needs/helping")
            .await
            .body
            .contains("Gardening help")
    );
    assert!(notifications_text(&ben.get("/notifications").await).contains("Gardening help"));
    assert!(
        amara
            .get(&format!("/needs/{need}"))
            .await
            .text("#hidden-banner")
            .is_none()
    );
    assert!(
        notifications_text(&amara.get("/notifications").await)
            .contains("A moderator restored your need “Gardening help and cheap watches”; everyone can see it again.")
    );
}

#[actix_web::test]
async fn a_hidden_message_is_gone_for_the_other_party_and_its_author_sees_why() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo Moderator", "mo@example.org").await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let thread = conversation(&amara, &ben, "Ben", need).await;
    let message = send_message(&ben, &amara, &thread, "Pay me first, by wire transfer").await;
    report(&amara, "message", message, "He wants money").await;

    let hidden = mo
        .submit(
            "/moderation",
            &format!("form[action='/moderation/messages/{message}/hide']"),
            &[("reason", "Asking for money is not allowed.")],
        )
        .await;
    assert_eq!(hidden.status, 303, "{}", hidden.body);

    let theirs = amara.get(&thread).await;
    assert!(!theirs.body.contains("wire transfer"), "{}", theirs.body);
    assert!(
        theirs
            .texts(".hidden-note")
            .contains(&"A moderator hid this message.".to_owned())
    );
    assert!(!theirs.body.contains("Asking for money is not allowed."));
    let his = ben.get(&thread).await;
    assert!(his.body.contains("wire transfer"));
    assert!(
        his.text(".hidden-note")
            .is_some_and(|t| t.contains("hid this message from Amara")
                && t.contains("Asking for money is not allowed.")),
        "{}",
        his.body
    );
    assert!(
        notifications_text(&ben.get("/notifications").await)
            .contains("Asking for money is not allowed.")
    );
    assert!(
        notifications_text(&amara.get("/notifications").await)
            .contains("A moderator acted on your report:")
    );

    let restored = act(
        &mo,
        "messages",
        message,
        "restore",
        &[("reason", "A misunderstanding about bus fare.")],
    )
    .await;
    assert_eq!(restored.status, 303, "{}", restored.body);
    assert!(amara.get(&thread).await.body.contains("wire transfer"));
    assert!(ben.get(&thread).await.text(".hidden-note").is_none());
}

#[actix_web::test]
async fn a_warning_shows_on_every_page_until_the_member_has_read_it() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo", "mo@example.org").await;
    let amara = app.member("Amara", "amara@example.org").await;
    let amara_id = person_id(&mo, "amara@example.org").await;
    let warned = act_on_person(
        &mo,
        amara_id,
        "warn",
        &[("reason", "Please keep messages friendly.")],
    )
    .await;
    assert_eq!(warned.status, 303, "{}", warned.body);
    for path in ["/", "/needs", "/account"] {
        let page = amara.get(path).await;
        assert!(
            page.text("#warning-banner")
                .is_some_and(|t| t.contains("Please keep messages friendly.")),
            "{path}: {}",
            page.body
        );
    }
    let read = amara.submit("/needs", "#warning-banner form", &[]).await;
    assert_eq!(read.status, 303);
    let next = amara.get("/").await;
    assert!(next.text("#warning-banner").is_none());
    assert!(
        next.text("#flash")
            .is_some_and(|t| t.contains("stays on your record"))
    );
    assert!(amara.get("/needs").await.text("#warning-banner").is_none());
    // The warning is still on record, for her and the moderators.
    assert!(
        notifications_text(&amara.get("/notifications").await)
            .contains("Please keep messages friendly.")
    );
    assert!(
        mo.get(&format!("/moderation/people/{amara_id}"))
            .await
            .text("#person-actions")
            .is_some_and(|t| t.contains("Please keep messages friendly."))
    );
}

#[actix_web::test]
async fn a_suspended_member_can_read_but_every_write_is_refused_until_it_ends() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo", "mo@example.org").await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let amara_id = person_id(&mo, "amara@example.org").await;
    let ben_id = person_id(&mo, "ben@example.org").await;
    let bens_need = post_need(&app, &ben, "Walk the dog on Tuesday", &[]).await;
    let amaras_need = post_need(&app, &amara, "Carry shopping upstairs", &[]).await;
    let thread = conversation(&amara, &ben, "Ben", amaras_need).await;

    let until = app
        .clock
        .local(app.clock.now().plus(3 * 86_400))
        .format("%A %-d %B %Y, %H:%M")
        .to_string();
    let suspended = act_on_person(
        &mo,
        amara_id,
        "suspend",
        &[("reason", "Rude messages."), ("days", "3")],
    )
    .await;
    assert_eq!(suspended.status, 303, "{}", suspended.body);
    // A suspension ends her sessions: she logs in again and meets it.
    assert_eq!(
        amara
            .log_in("amara@example.org", GOOD_PASSWORD)
            .await
            .status,
        303
    );

    // She can read, and is told until when and why.
    for path in [
        "/".to_owned(),
        "/needs".to_owned(),
        format!("/needs/{bens_need}"),
        thread.clone(),
    ] {
        let page = amara.get(&path).await;
        assert_eq!(page.status, 200, "{path}");
        let banner = page.text("#suspension-banner").unwrap_or_default();
        assert!(
            banner.contains(&until) && banner.contains("Rude messages."),
            "{path}: {banner}"
        );
    }
    // Every write is refused, with the same words.
    let token = amara.csrf_token().await;
    let date = crate::helpers::day(&app, 3);
    let writes: [(String, Vec<(&str, &str)>); 6] = [
        (
            "/needs/new".into(),
            vec![("title", "Another need"), ("date", &date)],
        ),
        (
            format!("/needs/{bens_need}/volunteer"),
            vec![("message", "")],
        ),
        (thread.clone(), vec![("body", "Still rude")]),
        (
            "/report".into(),
            vec![
                ("kind", "need"),
                ("id", "1"),
                ("reason", "spam"),
                ("note", ""),
            ],
        ),
        (
            "/profile".into(),
            vec![("about", "New words"), ("area", "")],
        ),
        (format!("/people/{ben_id}/block"), vec![]),
    ];
    for (path, fields) in &writes {
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend(fields.iter().copied());
        let page = amara.post(path, &all).await;
        assert_eq!(page.status, 403, "{path}");
        assert!(page.body.contains("Your account is suspended"), "{path}");
        assert!(
            page.body.contains(&until) && page.body.contains("Rude messages."),
            "{path}: {}",
            page.body
        );
    }
    assert!(!ben.get(&thread).await.body.contains("Still rude"));
    assert!(listed_needs(&ben.get("/needs?q=another").await).is_empty());

    // Three days later it has ended by itself.
    app.clock.advance(3 * 86_400);
    let home = amara.get("/").await;
    assert_eq!(home.status, 200);
    assert!(home.text("#suspension-banner").is_none());
    let offered = amara
        .submit(&format!("/needs/{bens_need}"), "#volunteer-form", &[])
        .await;
    assert_eq!(offered.status, 303, "{}", offered.body);
}

#[actix_web::test]
async fn a_suspension_can_be_lifted_early_and_must_last_one_to_ninety_days() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo", "mo@example.org").await;
    let amara = app.member("Amara", "amara@example.org").await;
    let amara_id = person_id(&mo, "amara@example.org").await;

    for days in ["0", "91", "soon", ""] {
        let refused = act(
            &mo,
            "people",
            amara_id,
            "suspend",
            &[("reason", "Rude messages."), ("days", days)],
        )
        .await;
        assert_eq!(refused.status, 422, "{days}");
        assert!(
            refused
                .text("#days-error")
                .is_some_and(|t| t.contains("from 1 to 90")),
            "{days}: {}",
            refused.body
        );
        assert_eq!(
            refused.input_value("#act-form", "days").as_deref(),
            Some(days)
        );
        assert_eq!(refused.text("#reason").as_deref(), Some("Rude messages."));
    }
    assert!(amara.get("/").await.text("#suspension-banner").is_none());
    assert!(
        log_entries(&app)
            .await
            .iter()
            .all(|(a, _, _)| a != "member_suspended")
    );

    let suspended = act_on_person(
        &mo,
        amara_id,
        "suspend",
        &[("reason", "Rude messages."), ("days", "90")],
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
    assert!(amara.get("/").await.text("#suspension-banner").is_some());
    let page = mo.get(&format!("/moderation/people/{amara_id}")).await;
    assert!(
        page.text("#person-standing")
            .is_some_and(|t| t.starts_with("Suspended until"))
    );
    let lifted = act_on_person(&mo, amara_id, "lift", &[("reason", "She apologised.")]).await;
    assert_eq!(lifted.status, 303, "{}", lifted.body);
    assert!(amara.get("/").await.text("#suspension-banner").is_none());
    post_need(&app, &amara, "Lift to the station", &[]).await;
    assert!(
        notifications_text(&amara.get("/notifications").await)
            .contains("A moderator lifted your suspension.")
    );
    let again = act(&mo, "people", amara_id, "lift", &[("reason", "Twice")]).await;
    assert_eq!(again.status, 409);
    assert!(
        again
            .text("#form-error")
            .is_some_and(|t| t.contains("neither suspended nor banned"))
    );
}

#[actix_web::test]
async fn a_ban_ends_the_session_at_once_hides_the_needs_and_lifting_it_brings_them_back() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo", "mo@example.org").await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let amara_id = person_id(&mo, "amara@example.org").await;
    let need = post_need(&app, &amara, "Borrow a drill", &[]).await;
    assert_eq!(amara.get("/needs").await.status, 200);

    let banned = act_on_person(
        &mo,
        amara_id,
        "ban",
        &[("reason", "Threatened a neighbour.")],
    )
    .await;
    assert_eq!(banned.status, 303, "{}", banned.body);

    // Her very next request is a visitor's.
    let next = amara.get("/needs").await;
    assert_eq!(next.status, 303);
    assert_eq!(next.location(), Some("/login?next=%2Fneeds"));
    assert!(amara.cookie("kith_session").is_none());

    let login = amara.log_in("amara@example.org", GOOD_PASSWORD).await;
    assert_eq!(login.status, 403);
    assert!(
        login
            .text("#ban-reason")
            .is_some_and(|t| t.contains("Threatened a neighbour.")),
        "{}",
        login.body
    );
    assert!(amara.cookie("kith_session").is_none());
    let wrong = amara.log_in("amara@example.org", "not her password").await;
    assert_eq!(wrong.status, 422, "the ban page needs the right password");
    assert!(wrong.text("#ban-reason").is_none());

    assert_eq!(ben.get(&format!("/needs/{need}")).await.status, 404);
    assert!(!listed_needs(&ben.get("/needs").await).contains(&need));
    assert!(
        !ben.get(&format!("/people/{amara_id}"))
            .await
            .body
            .contains("Borrow a drill")
    );
    assert!(
        mo.get(&format!("/moderation/people/{amara_id}"))
            .await
            .text("#person-standing")
            .is_some_and(|t| t.contains("Banned: Threatened a neighbour."))
    );

    let lifted = act_on_person(
        &mo,
        amara_id,
        "lift",
        &[("reason", "It was her brother using her account.")],
    )
    .await;
    assert_eq!(lifted.status, 303, "{}", lifted.body);
    assert_eq!(ben.get(&format!("/needs/{need}")).await.status, 200);
    assert!(listed_needs(&ben.get("/needs").await).contains(&need));
    let back = amara.log_in("amara@example.org", GOOD_PASSWORD).await;
    assert_eq!(back.status, 303, "{}", back.body);
    assert!(
        notifications_text(&amara.get("/notifications").await)
            .contains("It was her brother using her account.")
    );
}

#[actix_web::test]
async fn every_action_adds_exactly_one_log_entry_with_its_reason() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = moderator(&app, &admin, "Mo", "mo@example.org").await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let amara_id = person_id(&mo, "amara@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let thread = conversation(&amara, &ben, "Ben", need).await;
    let message = send_message(&amara, &ben, &thread, "See you at nine").await;
    // Moderators reach a private message only through a report.
    report(&ben, "message", message, "Checking this").await;
    app.set_registration(kith::site::RegistrationMode::Approval)
        .await;
    let applicants = ["pat@example.org", "quinn@example.org"];
    for (name, email) in ["Pat", "Quinn"].into_iter().zip(applicants) {
        crate::helpers::try_sign_up_with(&app.browser(), name, email, &[("answer", "Elm Street")])
            .await;
        app.confirm_by_mail(&app.browser(), email).await;
    }
    let pat = person_id(&mo, applicants[0]).await;
    let quinn = person_id(&mo, applicants[1]).await;

    // (kind, id, action, the log's word for it, the form's fields)
    type Step<'a> = (&'a str, i64, &'a str, &'a str, Vec<(&'a str, &'a str)>);
    let steps: Vec<Step> = vec![
        (
            "needs",
            need,
            "hide",
            "need_hidden",
            vec![("reason", "r1 hide need")],
        ),
        (
            "needs",
            need,
            "restore",
            "need_restored",
            vec![("reason", "r2 restore need")],
        ),
        (
            "messages",
            message,
            "hide",
            "message_hidden",
            vec![("reason", "r3 hide message")],
        ),
        (
            "messages",
            message,
            "restore",
            "message_restored",
            vec![("reason", "r4 restore message")],
        ),
        (
            "people",
            amara_id,
            "warn",
            "member_warned",
            vec![("reason", "r5 warn")],
        ),
        (
            "people",
            amara_id,
            "suspend",
            "member_suspended",
            vec![("reason", "r6 suspend"), ("days", "2")],
        ),
        (
            "people",
            amara_id,
            "lift",
            "suspension_lifted",
            vec![("reason", "r7 lift suspension")],
        ),
        (
            "people",
            amara_id,
            "ban",
            "member_banned",
            vec![("reason", "r8 ban")],
        ),
        (
            "people",
            amara_id,
            "lift",
            "ban_lifted",
            vec![("reason", "r9 lift ban")],
        ),
        (
            "applications",
            pat,
            "approve",
            "application_approved",
            vec![("reason", "r10 approve")],
        ),
        (
            "applications",
            quinn,
            "reject",
            "application_rejected",
            vec![("reason", "r11 reject")],
        ),
    ];
    for (kind, id, what, word, fields) in steps {
        let before = log_entries(&app).await;
        let page = act(&mo, kind, id, what, &fields).await;
        assert_eq!(page.status, 303, "{kind} {what}: {}", page.body);
        let after = log_entries(&app).await;
        assert_eq!(after.len(), before.len() + 1, "{kind} {what}");
        let (action, reason, _) = after.last().expect("an entry");
        assert_eq!(action, word);
        assert_eq!(reason, fields[0].1);
        assert!(
            mo.get("/moderation/log")
                .await
                .text("#log li")
                .is_some_and(|t| t.contains(fields[0].1)),
            "{kind} {what}"
        );
    }
    // A refused action adds nothing.
    let before = log_entries(&app).await.len();
    let refused = act(&mo, "needs", need, "restore", &[("reason", "Not hidden")]).await;
    assert_eq!(refused.status, 409);
    let missing = act(&mo, "people", amara_id, "warn", &[("reason", " ")]).await;
    assert_eq!(missing.status, 422);
    assert!(
        missing
            .text("#reason-error")
            .is_some_and(|t| t.contains("Give a reason"))
    );
    assert_eq!(log_entries(&app).await.len(), before);
}
