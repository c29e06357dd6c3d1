//! What every response carries, and the pages a visitor first sees.

use crate::helpers::{Page, spawn_app};

fn assert_security_headers(page: &Page, what: &str) {
    let csp = page
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("no CSP on {what}"));
    for directive in [
        "default-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(directive), "{what}: CSP lacks {directive}");
    }
    assert!(
        !csp.contains("unsafe-inline"),
        "{what}: CSP allows inline code"
    );
    assert_eq!(
        page.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert!(
        page.header("referrer-policy").is_some(),
        "{what}: no Referrer-Policy"
    );
}

#[actix_web::test]
async fn pages_static_files_and_error_pages_all_carry_the_security_headers() {
    let app = spawn_app().await;
    let browser = app.browser();
    let landing = browser.get("/").await;
    assert_eq!(landing.status, 200);
    assert_security_headers(&landing, "the landing page");

    let css = landing
        .attr("link[rel=stylesheet]", "href")
        .expect("a stylesheet");
    let stylesheet = browser.get(&css).await;
    assert_eq!(stylesheet.status, 200);
    assert_security_headers(&stylesheet, "the stylesheet");
    assert_eq!(
        stylesheet.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert!(
        stylesheet
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/css"))
    );

    let missing = browser.get("/no/such/page").await;
    assert_eq!(missing.status, 404);
    assert_security_headers(&missing, "the 404 page");
    assert_eq!(missing.text("h1").as_deref(), Some("Page not found"));
    assert!(
        missing.text(".site-name").is_some(),
        "the error page is in the site's layout"
    );
}

#[actix_web::test]
async fn an_https_site_uses_host_prefixed_secure_cookies_and_hsts() {
    let app = crate::helpers::spawn_app_with(|config| {
        config.base_url = "https://kith.example".into();
        config.https = true;
    })
    .await;
    let page = app.browser().get("/login").await;
    let cookie = page.header("set-cookie").expect("a CSRF cookie");
    assert!(cookie.starts_with("__Host-kith_csrf="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    assert!(
        page.header("strict-transport-security")
            .is_some_and(|h| h.contains("max-age="))
    );
}

#[actix_web::test]
async fn plain_http_cookies_are_http_only_and_lax_without_hsts() {
    let app = spawn_app().await;
    let page = app.browser().get("/login").await;
    let cookie = page.header("set-cookie").expect("a CSRF cookie");
    assert!(cookie.starts_with("kith_csrf="));
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    assert!(!cookie.contains("Secure"));
    assert_eq!(page.header("strict-transport-security"), None);
}

#[actix_web::test]
async fn static_files_are_compressed_when_the_browser_accepts_it() {
    let app = spawn_app().await;
    let browser = app.browser();
    let css = browser
        .get("/")
        .await
        .attr("link[rel=stylesheet]", "href")
        .expect("stylesheet");
    let page = browser.get_with(&css, &[("accept-encoding", "gzip")]).await;
    assert_eq!(page.header("content-encoding"), Some("gzip"));
}

#[actix_web::test]
async fn a_stale_or_unknown_static_file_is_not_found() {
    let app = spawn_app().await;
    assert_eq!(
        app.browser()
            .get("/static/kith.0000000000.css")
            .await
            .status,
        404
    );
    assert_eq!(app.browser().get("/static/../Cargo.toml").await.status, 404);
}

#[actix_web::test]
async fn the_landing_page_tells_a_visitor_what_the_board_is_its_rules_and_how_to_join() {
    let app = spawn_app().await;
    let page = app.browser().get("/").await;
    assert_eq!(page.attr("html", "lang").as_deref(), Some("en"));
    assert!(
        page.text("#site-description")
            .is_some_and(|t| t.contains("neighbourhood"))
    );
    assert!(page.texts("#rules li").len() >= 3);
    assert!(
        page.attr("a.skip-link", "href")
            .is_some_and(|h| h == "#main")
    );
    assert!(page.text("main#main").is_some());
    assert!(page.attr("a[href='/signup']", "href").is_some());
    assert!(page.attr("a[href='/login']", "href").is_some());
}

#[actix_web::test]
async fn every_input_on_the_forms_has_a_label() {
    let app = spawn_app().await;
    let browser = app.browser();
    for path in ["/signup", "/login"] {
        let page = browser.get(path).await;
        let html = scraper::Html::parse_document(&page.body);
        let inputs = scraper::Selector::parse("input:not([type=hidden])").expect("selector");
        for input in html.select(&inputs) {
            let id = input.value().attr("id").expect("inputs have ids");
            assert!(
                page.text(&format!("label[for='{id}']")).is_some(),
                "{path}: #{id} has no label"
            );
        }
    }
}

#[actix_web::test]
async fn healthz_answers_ok_while_the_database_answers() {
    let app = spawn_app().await;
    let page = app.browser().get("/healthz").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.body.trim(), "ok");
}

#[actix_web::test]
async fn healthz_answers_503_when_no_database_connection_can_be_had() {
    let app = spawn_app().await;
    let held: Vec<_> = (0..app.state.config.db_pool_size)
        .map(|_| app.state.db.get().expect("a connection"))
        .collect();
    let page = app.browser().get("/healthz").await;
    assert_eq!(page.status, 503);
    drop(held);
    assert_eq!(app.browser().get("/healthz").await.status, 200);
}

#[actix_web::test]
async fn a_post_to_a_page_that_only_reads_is_refused_with_a_page() {
    let app = spawn_app().await;
    let page = app.browser().post("/", &[]).await;
    assert!(page.status == 404 || page.status == 405, "{}", page.status);
    assert!(page.text("h1").is_some());
}

#[actix_web::test]
async fn a_fault_shows_a_friendly_page_with_a_reference_and_nothing_internal() {
    use diesel::RunQueryDsl;
    let app = spawn_app().await;
    let browser = app.browser();
    app.sign_up(&browser, "Xia", "xia@example.org").await;
    // Break the database under the running site.
    app.state
        .db
        .run(|conn| Ok(diesel::sql_query("DROP TABLE sessions").execute(conn)?))
        .await
        .expect("table dropped");

    let page = browser
        .log_in("xia@example.org", crate::helpers::GOOD_PASSWORD)
        .await;
    assert_eq!(page.status, 500);
    assert_eq!(page.text("h1").as_deref(), Some("Something went wrong"));
    let reference = page.text("#error-reference").expect("a reference id");
    assert!(reference.len() >= 8);
    let body = page.body.to_lowercase();
    for internal in ["sessions", "sql", "table", "diesel", "panicked", ".rs"] {
        assert!(!body.contains(internal), "the page shows {internal:?}");
    }
    assert_security_headers(&page, "the 500 page");
}

#[actix_web::test]
async fn a_member_gets_a_busy_page_when_no_database_connection_is_free() {
    let app = spawn_app().await;
    let browser = app.member("Yusuf", "yusuf@example.org").await;
    let held: Vec<_> = (0..app.state.config.db_pool_size)
        .map(|_| app.state.db.get().expect("a connection"))
        .collect();
    let page = browser.get("/account").await;
    drop(held);
    assert_eq!(page.status, 503);
    assert_eq!(page.text("h1").as_deref(), Some("Busy right now"));
    assert_eq!(browser.get("/account").await.status, 200);
}

#[actix_web::test]
async fn error_pages_for_a_logged_in_member_are_never_stored() {
    let app = spawn_app().await;
    let member = app.member("Zoe", "zoe@example.org").await;
    let page = member.get("/no/such/page").await;
    assert_eq!(page.status, 404);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(
        page.text("#nav-account").is_some_and(|t| t.contains("Zoe")),
        "the layout knows who is logged in"
    );
}
