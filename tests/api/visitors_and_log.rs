//! What visitors may see of the board, and the moderators' log filters.

use crate::helpers::{post_need, spawn_app};

#[actix_web::test]
async fn visitors_see_only_titles_categories_and_dates_and_only_when_the_admin_allows() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let amara = app.member("Amara Okafor", "amara@example.org").await;
    post_need(&app, &amara, "A lift to the clinic", &[]).await;
    let category = amara
        .get("/needs/new")
        .await
        .text("#category_id option:nth-child(2)")
        .expect("a category");
    let visitor = app.browser();

    let closed = visitor.get("/needs").await;
    assert_eq!(closed.status, 303);
    assert_eq!(closed.location(), Some("/login?next=%2Fneeds"));

    let page = admin.get("/admin/settings").await;
    let question = page
        .input_value("#joining-form", "question")
        .expect("a question");
    let saved = admin
        .submit(
            "/admin/settings",
            "#joining-form",
            &[
                ("mode", "open"),
                ("question", &question),
                ("board_public", "on"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(visitor.get("/").await.text("#visitor-board-link").is_some());

    let board = visitor.get("/needs").await;
    assert_eq!(board.status, 200);
    let item = board.text("#board li").expect("the need is listed");
    assert!(item.contains("A lift to the clinic"), "{item}");
    assert!(item.contains(&category), "{item}");
    // Never who, where, or a way in to the details.
    assert!(!board.body.contains("Amara"), "{}", board.body);
    assert!(!board.body.contains("Elm Street"), "{}", board.body);
    assert!(board.attr("#board a", "href").is_none());
    assert_eq!(visitor.get("/needs/1").await.status, 303);
    // Words are not searched for visitors: details could be matched.
    let searched = visitor.get("/needs?q=nothing-like-this").await;
    assert!(searched.text("#board li").is_some());
}

#[actix_web::test]
async fn the_moderators_log_narrows_to_one_moderator_one_kind_or_one_target() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let need = post_need(&app, &amara, "Sofa to carry", &[]).await;
    let token = admin.csrf_token().await;
    let hidden = admin
        .post(
            &format!("/moderation/needs/{need}/hide"),
            &[("csrf_token", &token), ("reason", "Selling, not asking.")],
        )
        .await;
    assert_eq!(hidden.status, 303, "{}", hidden.body);
    let added = admin
        .post(
            "/admin/categories",
            &[("csrf_token", &token), ("name", "Bicycle repairs")],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.body);

    let all = admin.get("/moderation/log").await.texts("#log li");
    assert_eq!(all.len(), 2, "{all:?}");
    let hides = admin
        .get("/moderation/log?kind=need_hidden")
        .await
        .texts("#log li");
    assert_eq!(hides.len(), 1);
    assert!(
        hides[0].contains(&format!("Hid need #{need}."))
            && hides[0].contains("Selling, not asking.")
    );
    let target = admin
        .get(&format!(
            "/moderation/log?target_kind=need&target_id={need}"
        ))
        .await
        .texts("#log li");
    assert_eq!(target.len(), 1);
    let nobody = admin.get("/moderation/log?kind=member_banned").await;
    assert_eq!(nobody.text("#log-empty"), Some("No entries match.".into()));
    let page = admin.get("/moderation/log").await;
    let html = scraper::Html::parse_document(&page.body);
    let selector = scraper::Selector::parse("#moderator option").expect("selector");
    let grace = html
        .select(&selector)
        .find(|o| o.text().collect::<String>() == "Grace Admin")
        .and_then(|o| o.value().attr("value"))
        .expect("Grace is among those who acted")
        .to_owned();
    let by_grace = admin
        .get(&format!("/moderation/log?moderator={grace}"))
        .await
        .texts("#log li");
    assert_eq!(by_grace.len(), 2);
    let by_someone_else = admin.get("/moderation/log?moderator=999999").await;
    assert!(by_someone_else.text("#log-empty").is_some());
}

#[actix_web::test]
async fn reports_and_actions_cite_the_rules_by_number_for_the_member_and_the_public_log() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let amara = app.member("Amara", "amara@example.org").await;
    let ben = app.member("Ben", "ben@example.org").await;
    let need = post_need(&app, &amara, "Selling a sofa, cheap", &[]).await;
    let rules = app.browser().get("/").await.texts("#rules li");
    let fourth = rules.get(3).expect("a fourth rule").clone();

    let form = ben.get(&format!("/report?kind=need&id={need}")).await;
    assert!(
        form.text("#reported-text")
            .is_some_and(|t| t.contains("Selling a sofa"))
    );
    let sent = ben
        .submit(
            &format!("/report?kind=need&id={need}"),
            "#report-form",
            &[("reason", "spam"), ("rule", "4"), ("note", "An advert.")],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let queue = admin.get("/moderation").await;
    assert!(
        queue
            .body
            .contains(&format!("Rule 4, “{fourth}”. An advert.")),
        "{}",
        queue.body
    );

    let hidden = admin
        .submit(
            "/moderation",
            &format!("form[action='/moderation/needs/{need}/hide']"),
            &[("reason", "Adverts go elsewhere."), ("rule", "4")],
        )
        .await;
    assert_eq!(hidden.status, 303, "{}", hidden.body);
    let cited = format!("Rule 4, “{fourth}”: Adverts go elsewhere.");
    assert!(amara.get("/notifications").await.body.contains(&cited));
    assert!(amara.get("/modlog").await.body.contains(&cited));

    // A rule that does not exist is refused next to its field.
    let token = admin.csrf_token().await;
    let refused = admin
        .post(
            &format!("/moderation/people/{}/warn", 2),
            &[("csrf_token", &token), ("reason", "x"), ("rule", "99")],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.text("#rule-error").is_some());
}
