//! The admin's overview: `/admin` leads to what waits and, on a new board,
//! to the checklist of setting it up; every admin page marks itself in the
//! administration navigation.

use crate::helpers::{Browser, Page, post_need, spawn_app, spawn_new_site};
use crate::moderation_actions::{act, moderator, person_id, report};
use crate::review_queue::apply;

/// Whether `css` matches anything on `page`.
fn has(page: &Page, css: &str) -> bool {
    let html = scraper::Html::parse_document(&page.body);
    let selector = scraper::Selector::parse(css).expect("valid selector");
    html.select(&selector).next().is_some()
}

/// Saves the settings form with `changes`, keeping every other field.
async fn save_settings(admin: &Browser, changes: &[(&str, &str)]) -> Page {
    let page = admin.get("/admin/settings").await;
    let keep = |name: &str| page.input_value("#settings-form", name).unwrap_or_default();
    let (name, days, new_needs, new_offers, needs) = (
        keep("name"),
        keep("new_member_days"),
        keep("new_member_needs_per_day"),
        keep("new_member_offers_per_day"),
        keep("needs_per_day"),
    );
    let description = page.raw_text("#description").unwrap_or_default();
    let rules = page.raw_text("#rules").unwrap_or_default();
    let mut fields: Vec<(&str, &str)> = vec![
        ("name", &name),
        ("description", &description),
        ("rules", &rules),
        ("new_member_days", &days),
        ("new_member_needs_per_day", &new_needs),
        ("new_member_offers_per_day", &new_offers),
        ("needs_per_day", &needs),
    ];
    for (name, value) in changes {
        if let Some(slot) = fields.iter_mut().find(|(n, _)| n == name) {
            slot.1 = value;
        }
    }
    admin
        .submit("/admin/settings", "#settings-form", &fields)
        .await
}

/// Each checklist item's state, as a screen reader says it: "done:" or "to do:".
fn states(page: &Page) -> Vec<(String, String)> {
    let html = scraper::Html::parse_document(&page.body);
    let item = scraper::Selector::parse("#checklist li.step").expect("selector");
    let state = scraper::Selector::parse(".step-state").expect("selector");
    html.select(&item)
        .map(|li| {
            let id = li.value().attr("id").unwrap_or_default().to_owned();
            let said = li
                .select(&state)
                .next()
                .map(|s| s.text().collect::<String>())
                .unwrap_or_default();
            (id, said)
        })
        .collect()
}

/// The ids of the checklist items that are done.
async fn ticked(admin: &Browser) -> Vec<String> {
    states(&admin.get("/admin").await)
        .into_iter()
        .filter(|(_, said)| said == "done:")
        .map(|(id, _)| id)
        .collect()
}

#[actix_web::test]
async fn the_admin_link_leads_to_counts_of_what_waits_that_match_the_queue() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let nothing = admin.get("/admin").await;
    assert!(nothing.text("#waiting-none").is_some());
    assert_eq!(
        admin.get("/").await.attr("#nav-admin", "href").as_deref(),
        Some("/admin")
    );

    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let chen = app.member("Chen", "chen@example.org").await;
    report(&ben, "need", need, "Looks odd").await;
    report(&chen, "need", need, "Me too").await;
    // Amara is warned (which leaves the reports about her need open), and
    // appeals.
    let amara_id = person_id(&admin, "amara@example.org").await;
    let warned = act(
        &admin,
        "people",
        amara_id,
        "warn",
        &[("reason", "Be kind.")],
    )
    .await;
    assert_eq!(warned.status, 303, "{}", warned.body);
    let link = crate::appeals::appeal_link(&amara).await;
    let appealed = amara
        .submit(&link, "#appeal-form", &[("message", "I was kind.")])
        .await;
    assert_eq!(appealed.status, 303, "{}", appealed.body);
    app.set_registration(kith::site::RegistrationMode::Approval)
        .await;
    apply(&app, "Dana", "dana@example.org").await;
    apply(&app, "Eli", "eli@example.org").await;

    let page = admin.get("/admin").await;
    let count = |id: &str| page.text(&format!("#waiting-{id} .count"));
    assert_eq!(count("applications").as_deref(), Some("2"));
    assert_eq!(count("reports").as_deref(), Some("2"));
    assert_eq!(count("appeals").as_deref(), Some("1"));
    assert_eq!(
        page.attr("#waiting-applications a", "href").as_deref(),
        Some("/moderation?kind=applications")
    );
    assert_eq!(
        page.attr("#waiting-reports a", "href").as_deref(),
        Some("/moderation?kind=reports")
    );
    assert_eq!(
        page.attr("#waiting-appeals a", "href").as_deref(),
        Some("/moderation?kind=appeals")
    );
    assert_eq!(
        page.attr("#open-queue", "href").as_deref(),
        Some("/moderation")
    );
    assert!(
        page.text("#nav-waiting").is_some_and(|t| t.contains('5')),
        "the header counts the same five"
    );

    let queue = admin.get("/moderation").await;
    assert_eq!(queue.texts("li.application").len(), 2);
    assert_eq!(
        queue
            .texts(&format!("#reports-need-{need} .reasons li"))
            .len(),
        2
    );
    assert_eq!(queue.texts("li.appeal").len(), 1);
}

#[actix_web::test]
async fn every_admin_page_marks_itself_in_the_admin_navigation() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let marked = |page: &Page| page.texts("nav.admin-nav a[aria-current='page']");
    for (path, link) in [
        ("/admin", "Overview"),
        ("/admin/settings", "Site settings"),
        ("/admin/categories", "Categories"),
        ("/admin/mail", "Mail"),
        ("/moderation/people", "People"),
        ("/moderation", "Review queue"),
        ("/moderation?kind=appeals", "Review queue"),
        ("/moderation/log", "Moderation log"),
        ("/moderation/invites", "Who invited whom"),
    ] {
        let page = admin.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert_eq!(marked(&page), vec![link], "{path}");
    }

    // A form that comes back at another path still marks its page.
    let refused = save_settings(&admin, &[("name", " ")]).await;
    assert_eq!(refused.status, 422);
    assert_eq!(marked(&refused), vec!["Site settings"]);
    let joining = admin
        .submit("/admin/settings", "#joining-form", &[("mode", "sideways")])
        .await;
    assert_eq!(joining.status, 422);
    assert_eq!(marked(&joining), vec!["Site settings"]);
    let category = admin
        .get("/admin/categories")
        .await
        .attr("#categories li", "id")
        .expect("a category")
        .trim_start_matches("category-")
        .to_owned();
    let rename = admin
        .submit(
            "/admin/categories",
            &format!("form[action='/admin/categories/{category}/rename']"),
            &[("name", "")],
        )
        .await;
    assert_eq!(rename.status, 422);
    assert_eq!(marked(&rename), vec!["Categories"]);

    // A moderator's navigation has no admin pages, and marks theirs.
    let mo = moderator(&app, &admin, "Mo", "mo@example.org").await;
    let page = mo.get("/moderation").await;
    assert_eq!(marked(&page), vec!["Review queue"]);
    assert!(
        !page
            .texts("nav.admin-nav a")
            .contains(&"Overview".to_owned())
    );
}

#[actix_web::test]
async fn a_new_board_shows_its_first_admin_five_steps_each_ticked_once_done() {
    let app = spawn_new_site().await;
    let admin = app.admin().await;
    let page = admin.get("/admin").await;
    assert!(has(&page, "section#checklist"), "in sight, not folded");
    let items = states(&page);
    assert_eq!(
        items,
        [
            "step-name",
            "step-rules",
            "step-joining",
            "step-moderator",
            "step-test-mail"
        ]
        .map(|id| (id.to_owned(), "to do:".to_owned()))
        .to_vec()
    );
    assert_eq!(
        page.attr("#step-name a", "href").as_deref(),
        Some("/admin/settings#name")
    );
    assert_eq!(
        page.attr("#step-moderator a", "href").as_deref(),
        Some("/moderation/people")
    );

    // Saving the settings unchanged ticks nothing.
    assert_eq!(save_settings(&admin, &[]).await.status, 303);
    assert!(ticked(&admin).await.is_empty());

    assert_eq!(
        save_settings(&admin, &[("name", "Elm Street Helpers")])
            .await
            .status,
        303
    );
    assert_eq!(ticked(&admin).await, ["step-name"]);

    assert_eq!(
        save_settings(&admin, &[("rules", "Be kind.\nNo selling.")])
            .await
            .status,
        303
    );
    assert_eq!(ticked(&admin).await, ["step-name", "step-rules"]);

    let joined = admin
        .submit(
            "/admin/settings",
            "#joining-form",
            &[("mode", "open"), ("question", "Which street?")],
        )
        .await;
    assert_eq!(joined.status, 303);
    assert_eq!(
        ticked(&admin).await,
        ["step-name", "step-rules", "step-joining"]
    );

    moderator(&app, &admin, "Mo", "mo@example.org").await;
    assert_eq!(
        ticked(&admin).await,
        ["step-name", "step-rules", "step-joining", "step-moderator"]
    );

    let sent = admin.submit("/admin", "#test-mail-form", &[]).await;
    assert_eq!(sent.status, 303);
    assert_eq!(sent.location(), Some("/admin"));
    let after = admin.get("/admin").await;
    assert!(
        after
            .text("#flash")
            .is_some_and(|t| t.contains("on its way") && t.contains("/admin/mail"))
    );
    assert!(
        after
            .text("#step-test-mail .hint")
            .is_some_and(|t| t.contains("grace@example.org") && t.contains("waiting to go")),
        "not ticked until it has gone"
    );
    assert_eq!(ticked(&admin).await.len(), 4);

    app.deliver_mail().await;
    let got = app.mailbox.only_to("grace@example.org");
    assert_eq!(got.subject(), "Test message from Elm Street Helpers");
    assert!(got.text().contains("reaches this address"));

    let done = admin.get("/admin").await;
    assert!(has(&done, "details#checklist"), "folded away once all done");
    assert!(!has(&done, "details#checklist[open]"));
    assert!(
        done.text("#checklist summary")
            .is_some_and(|t| t.contains("all 5 steps done"))
    );
    assert!(states(&done).iter().all(|(_, said)| said == "done:"));
}

#[actix_web::test]
async fn test_mail_is_limited_to_three_an_hour_and_the_button_says_why() {
    let app = spawn_new_site().await;
    let admin = app.admin().await;
    for _ in 0..3 {
        let sent = admin.submit("/admin", "#test-mail-form", &[]).await;
        assert_eq!(sent.status, 303);
    }
    let fourth = admin.submit("/admin", "#test-mail-form", &[]).await;
    assert_eq!(fourth.status, 429);
    assert!(
        fourth
            .text("#test-mail-error")
            .is_some_and(|t| t.contains("three test e-mails in the last hour"))
    );
    assert_eq!(
        fourth
            .attr("#test-mail-form button", "aria-describedby")
            .as_deref(),
        Some("test-mail-error")
    );
    app.deliver_mail().await;
    assert_eq!(app.mailbox.to("grace@example.org").len(), 3);

    app.clock.advance(3601);
    let later = admin.submit("/admin", "#test-mail-form", &[]).await;
    assert_eq!(later.status, 303);
}
