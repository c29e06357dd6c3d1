//! What an operator relies on: `/metrics` for the addresses allowed to
//! read it, and a clean stop that closes every database connection.

use std::process::Command;

use crate::helpers::{Browser, spawn_app, spawn_app_with};

#[actix_web::test]
async fn metrics_count_requests_by_route_for_loopback_only() {
    let app = spawn_app().await;
    let visitor = app.browser();
    assert_eq!(visitor.get("/healthz").await.status, 200);
    assert_eq!(visitor.get("/needs/12345").await.status, 303);
    let page = visitor.get("/metrics").await;
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-type")
            .is_some_and(|t| t.starts_with("application/openmetrics-text")),
    );
    let body = &page.body;
    for expected in [
        r#"kith_http_requests_total{method="GET",route="/healthz",status="200"} 1"#,
        r#"kith_http_requests_total{method="GET",route="/needs/{id}",status="303"} 1"#,
        r#"kith_http_request_duration_seconds_bucket{"#,
        "kith_db_pool_size 4",
        "kith_db_pool_wait_seconds_count",
        "kith_password_hash_threads 2",
        "kith_password_hash_waiting 0",
        "kith_password_hash_busy_total 0",
    ] {
        assert!(body.contains(expected), "{expected} missing from:\n{body}");
    }
    assert!(!body.contains("12345"), "raw paths are never labels");

    // A wrong password is refused by a rate limit after ten tries; the
    // refusal is counted by limit.
    for _ in 0..11 {
        visitor
            .submit(
                "/login",
                "#login-form",
                &[("email", "nobody@example.org"), ("password", "wrong guess")],
            )
            .await;
    }
    let body = visitor.get("/metrics").await.body;
    assert!(
        body.contains(r#"kith_rate_limit_refusals_total{limit="login_per_account_and_address"} 1"#),
        "{body}"
    );
}

#[actix_web::test]
async fn metrics_are_hidden_from_everyone_a_proxy_forwards() {
    // No trusted proxy: a request that says it was forwarded came through
    // some proxy on this machine, and is refused.
    let app = spawn_app().await;
    let visitor = app.browser();
    let forwarded = visitor
        .get_with("/metrics", &[("x-forwarded-for", "127.0.0.1")])
        .await;
    assert_eq!(forwarded.status, 404);

    // Behind a trusted proxy, the client it reports decides.
    let app = spawn_app_with(|config| {
        config.trusted_proxies = vec!["127.0.0.1/32".parse().expect("a range")];
    })
    .await;
    let visitor = app.browser();
    let outsider = visitor
        .get_with("/metrics", &[("x-forwarded-for", "203.0.113.9")])
        .await;
    assert_eq!(outsider.status, 404);
    let operator = visitor
        .get_with("/metrics", &[("x-forwarded-for", "::1")])
        .await;
    assert_eq!(operator.status, 200);
}

#[actix_web::test]
async fn stopping_the_server_closes_every_database_connection_and_exits_cleanly() {
    let (server, address, url, _db) = crate::helpers::serve_process();
    let browser = Browser::new(&address);
    assert_eq!(browser.get("/healthz").await.status, 200);
    assert_eq!(browser.get("/needs").await.status, 303);

    let stopped = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(stopped.success());
    let output = server.wait_with_output().expect("the server stops");
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{:?}: {log}", output.status);
    assert!(!log.contains("still held the database"), "{log}");

    if let kith::db::DatabaseUrl::Postgres(url) = &url {
        use diesel::prelude::*;
        let name = url
            .split('?')
            .next()
            .and_then(|u| u.rsplit('/').next())
            .expect("a database name")
            .to_owned();
        let admin = crate::helpers::postgres_url().expect("the server's URL");
        let mut conn = diesel::PgConnection::establish(&admin).expect("reach PostgreSQL");
        #[derive(QueryableByName)]
        struct Open {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let open: Open =
            diesel::sql_query("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1")
                .bind::<diesel::sql_types::Text, _>(&name)
                .get_result(&mut conn)
                .expect("count connections");
        assert_eq!(open.n, 0, "connections left open after the stop");
    }
}
