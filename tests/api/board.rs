//! Finding needs: search, filters, stable pages, and needs past their date.

use std::collections::HashSet;

use crate::helpers::{Browser, Page, day, post_need, spawn_app};

fn listed_ids(page: &Page) -> Vec<i64> {
    let html = scraper::Html::parse_document(&page.body);
    let items = scraper::Selector::parse("#board li.need-item").expect("selector");
    html.select(&items)
        .filter_map(|li| {
            li.value()
                .attr("id")?
                .trim_start_matches("need-")
                .parse()
                .ok()
        })
        .collect()
}

async fn category_id(browser: &Browser, name: &str) -> String {
    let page = browser.get("/needs/new").await;
    let html = scraper::Html::parse_document(&page.body);
    let options = scraper::Selector::parse("#category_id option").expect("selector");
    html.select(&options)
        .find(|o| o.text().collect::<String>() == name)
        .and_then(|o| o.value().attr("value").map(str::to_owned))
        .unwrap_or_else(|| panic!("no category {name}"))
}

#[actix_web::test]
async fn search_finds_needs_by_word_and_respects_the_filters() {
    let app = spawn_app().await;
    app.raise_posting_limits().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let lifts = category_id(&amara, "Lifts & transport").await;
    let household = category_id(&amara, "Household & repairs").await;
    let pets = category_id(&amara, "Pets").await;
    let lift = post_need(
        &app,
        &amara,
        "Lift to the clinic",
        &[
            ("category_id", &lifts),
            ("details", "Appointment with the physiotherapist"),
        ],
    )
    .await;
    let sofa = post_need(
        &app,
        &amara,
        "Help carrying a sofa",
        &[("category_id", &household)],
    )
    .await;
    let today = day(&app, 0);
    let dog = post_need(
        &app,
        &amara,
        "Walk the dog while I recover",
        &[
            ("category_id", &pets),
            ("urgency", "urgent"),
            ("date", &today),
        ],
    )
    .await;
    let flexible = post_need(
        &app,
        &amara,
        "Fix a wobbly shelf",
        &[
            ("category_id", &household),
            ("when_kind", "flexible"),
            ("date", ""),
        ],
    )
    .await;

    let board = |query: String| {
        let amara = &amara;
        async move { listed_ids(&amara.get(&format!("/needs?{query}")).await) }
    };
    assert_eq!(board("q=clinic".into()).await, vec![lift]);
    assert_eq!(
        board("q=physiotherapist".into()).await,
        vec![lift],
        "details are searched"
    );
    assert_eq!(
        board("q=Lifts".into()).await,
        vec![lift],
        "words match their stems"
    );
    assert_eq!(
        board(format!("q=clinic&category={household}")).await,
        Vec::<i64>::new()
    );
    assert_eq!(
        board(format!("category={household}")).await,
        vec![sofa, flexible]
    );
    assert_eq!(board("urgent=yes".into()).await, vec![dog]);
    assert_eq!(board("when=today".into()).await, vec![dog]);
    assert_eq!(board("when=flexible".into()).await, vec![flexible]);
    assert_eq!(
        board("".into()).await,
        vec![dog, lift, sofa, flexible],
        "soonest first, flexible last"
    );
    assert_eq!(
        board("order=newest".into()).await,
        vec![flexible, dog, sofa, lift]
    );
    assert_eq!(
        board("q=%22%29+OR+1%3D1+--".into()).await,
        Vec::<i64>::new(),
        "query syntax is only words"
    );
}

#[actix_web::test]
async fn an_edited_need_is_found_by_its_new_words_only() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let id = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let edit = amara.get(&format!("/needs/{id}/edit")).await;
    let category = edit
        .attr("#category_id option[selected]", "value")
        .expect("category");
    let date = edit.input_value("#need-form", "date").expect("date");
    let page = amara
        .submit(
            &format!("/needs/{id}/edit"),
            "#need-form",
            &[
                ("title", "Lift to the dentist"),
                ("category_id", &category),
                ("when_kind", "date"),
                ("date", &date),
                ("helpers_wanted", "1"),
                ("urgency", "normal"),
            ],
        )
        .await;
    assert_eq!(page.status, 303);
    assert!(listed_ids(&amara.get("/needs?q=clinic").await).is_empty());
    assert_eq!(listed_ids(&amara.get("/needs?q=dentist").await), vec![id]);
}

#[actix_web::test]
async fn pages_are_stable_and_cover_every_need_once() {
    let app = spawn_app().await;
    app.raise_posting_limits().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let mut posted = HashSet::new();
    for i in 0..45 {
        let date = day(&app, 1 + (i % 5));
        posted.insert(
            post_need(
                &app,
                &amara,
                &format!("Need number {i}"),
                &[("date", &date)],
            )
            .await,
        );
    }
    let mut seen = Vec::new();
    let mut path = "/needs".to_owned();
    let mut pages = 0;
    loop {
        let page = amara.get(&path).await;
        assert_eq!(page.status, 200);
        let ids = listed_ids(&page);
        assert!(ids.len() <= 20);
        seen.extend(ids);
        pages += 1;
        if pages == 1 {
            // A need posted while someone reads does not shift later pages.
            let late = day(&app, 9);
            posted
                .insert(post_need(&app, &amara, "Posted while reading", &[("date", &late)]).await);
        }
        match page.attr("#next-page", "href") {
            Some(next) => path = next,
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let unique: HashSet<i64> = seen.iter().copied().collect();
    assert_eq!(unique.len(), seen.len(), "no need is listed twice");
    assert_eq!(unique, posted);
}

#[actix_web::test]
async fn unreadable_filters_are_a_bad_request() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    for query in [
        "urgent=1",
        "urgent=true",
        "order=random",
        "when=tomorrow",
        "category=abc",
        "category=999",
        "q=a&q=b",
        "after=garbage",
        "page=-1",
    ] {
        let page = amara.get(&format!("/needs?{query}")).await;
        assert_eq!(page.status, 400, "{query}");
        assert!(page.text("h1").is_some());
    }
    assert_eq!(
        amara.get("/needs?page=99999&q=x").await.status,
        200,
        "page numbers are clamped"
    );
}

#[actix_web::test]
async fn needs_past_their_date_leave_the_board_and_ask_if_still_needed() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let tomorrow = day(&app, 1);
    let id = post_need(&app, &amara, "Lift to the clinic", &[("date", &tomorrow)]).await;
    app.clock.advance(3 * 86_400);
    assert!(
        listed_ids(&amara.get("/needs").await).is_empty(),
        "a past date is never on the board"
    );

    let expired = kith::needs::expiry::expire_due(&app.state)
        .await
        .expect("expiry runs");
    assert_eq!(expired, Some(1));
    assert_eq!(
        kith::needs::expiry::expire_due(&app.state)
            .await
            .expect("expiry runs"),
        Some(0)
    );
    let page = amara.get(&format!("/needs/{id}")).await;
    assert_eq!(page.text(".status").as_deref(), Some("Expired"));
    assert!(page.text("#still-needed").is_some());
    let notes = amara.get("/notifications").await;
    assert!(
        notes
            .text("#notifications")
            .is_some_and(|t| t.contains("Is it still needed?"))
    );

    let past = day(&app, -1);
    let refused = amara
        .submit(
            &format!("/needs/{id}"),
            "#still-needed-form",
            &[("when_kind", "date"), ("date", &past)],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.text("#date-error").is_some());
    let new_date = day(&app, 2);
    let renewed = amara
        .submit(
            &format!("/needs/{id}"),
            "#still-needed-form",
            &[("when_kind", "date"), ("date", &new_date)],
        )
        .await;
    assert_eq!(renewed.status, 303);
    assert_eq!(listed_ids(&amara.get("/needs").await), vec![id]);
    assert_eq!(
        amara
            .get(&format!("/needs/{id}"))
            .await
            .text(".status")
            .as_deref(),
        Some("Open")
    );
}

#[actix_web::test]
async fn the_board_shows_a_change_as_soon_as_it_is_made() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    post_need(&app, &amara, "Lift to the clinic", &[]).await;
    assert!(
        amara
            .get("/needs")
            .await
            .text("#board")
            .is_some_and(|t| t.contains("Asked by Amara"))
    );
    let renamed = amara
        .submit("/account", "#name-form", &[("display_name", "Amara O.")])
        .await;
    assert_eq!(renamed.status, 303);
    assert!(
        amara
            .get("/needs")
            .await
            .text("#board")
            .is_some_and(|t| t.contains("Asked by Amara O."))
    );
    let second = post_need(&app, &amara, "Walk the dog", &[]).await;
    assert!(listed_ids(&amara.get("/needs").await).contains(&second));
}

#[actix_web::test]
async fn search_covers_live_needs_only_and_a_renewed_need_is_found_again() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let tomorrow = day(&app, 1);
    let cancelled = post_need(&app, &amara, "Lift to the clinic", &[]).await;
    let expiring = post_need(&app, &amara, "Clinic visit company", &[("date", &tomorrow)]).await;
    assert_eq!(listed_ids(&amara.get("/needs?q=clinic").await).len(), 2);
    let page = amara
        .submit(
            &format!("/needs/{cancelled}"),
            "#cancel-form",
            &[("note", "")],
        )
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(
        listed_ids(&amara.get("/needs?q=clinic").await),
        vec![expiring]
    );

    app.clock.advance(2 * 86_400);
    kith::needs::expiry::expire_due(&app.state)
        .await
        .expect("expiry runs");
    assert!(listed_ids(&amara.get("/needs?q=clinic").await).is_empty());
    let date = day(&app, 3);
    let renewed = amara
        .submit(
            &format!("/needs/{expiring}"),
            "#still-needed-form",
            &[("when_kind", "date"), ("date", &date)],
        )
        .await;
    assert_eq!(renewed.status, 303);
    assert_eq!(
        listed_ids(&amara.get("/needs?q=clinic").await),
        vec![expiring]
    );
}

#[actix_web::test]
async fn a_common_word_ranks_its_newest_thousand_needs_and_another_word_finds_the_rest() {
    let app = spawn_app().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let oldest = post_need(
        &app,
        &amara,
        "Mend a kettle",
        &[("details", "The spout drips onto the counter.")],
    )
    .await;
    let now = app.clock.now();
    app.state
        .db
        .write(move |conn| {
            let need =
                kith::needs::db::find_need(conn, kith::needs::NeedId(oldest))?.expect("the need");
            let mut fields = need.need.fields();
            fields.details = "Any morning suits me.".into();
            for _ in 0..kith::needs::db::board::SEARCH_RANKS_NEWEST {
                kith::needs::db::insert_need(conn, need.need.author(), &fields, now)?;
            }
            Ok(())
        })
        .await
        .expect("a thousand more kettles");

    let mut seen = HashSet::new();
    let mut page = amara.get("/needs?q=kettle").await;
    let mut pages = 1;
    while let Some(next) = page.attr("#next-page", "href") {
        let ids = listed_ids(&page);
        assert_eq!(ids.len(), 20, "page {pages} is full");
        seen.extend(ids);
        page = amara.get(&next).await;
        pages += 1;
    }
    seen.extend(listed_ids(&page));
    assert_eq!(pages, 50);
    assert_eq!(seen.len(), 1_000, "every ranked need once");
    assert!(
        !seen.contains(&oldest),
        "the oldest match is past the bound"
    );
    assert_eq!(
        listed_ids(&amara.get("/needs?q=kettle+spout").await),
        vec![oldest]
    );
}
