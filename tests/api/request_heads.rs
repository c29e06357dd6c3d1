//! What a client puts in a request's head never becomes something the
//! server keeps: made-up methods are refused before routing and logged and
//! counted as "other", and over-long targets and headers are refused.

use std::io::Read;
use std::process::Command;

use crate::helpers::{Browser, spawn_app};

/// The request series in `/metrics` (background jobs may add their own
/// while the test runs), with every number taken out.
fn series(body: &str) -> Vec<String> {
    request_lines(body)
        .map(|line| {
            line.rsplit_once(' ')
                .map_or(line, |(name, _)| name)
                .to_owned()
        })
        .collect()
}

/// The lines of `/metrics` about requests.
fn request_lines(body: &str) -> impl Iterator<Item = &str> {
    body.lines().filter(|line| line.starts_with("kith_http_"))
}

/// How many bytes the request series take in `/metrics`.
fn request_bytes(body: &str) -> usize {
    request_lines(body).map(str::len).sum()
}

/// A made-up method of `len` capitals, different for each `n`.
fn made_up_method(n: usize, len: usize) -> String {
    let mut word: String = format!("{n:0>6}")
        .bytes()
        .map(|d| char::from(b'A' + (d - b'0')))
        .collect();
    while word.len() < len {
        word.push('X');
    }
    word
}

#[actix_web::test]
async fn ten_thousand_made_up_methods_leave_the_metrics_and_the_log_as_they_were() {
    let (mut server, address, _url, _db) = crate::helpers::serve_process();
    // The log is read as it comes, so the server never waits on a full pipe.
    let mut stderr = server.stderr.take().expect("stderr");
    let log = std::thread::spawn(move || {
        let mut log = String::new();
        stderr.read_to_string(&mut log).expect("the log");
        log
    });

    let browser = Browser::new(&address);
    assert_eq!(browser.get("/healthz").await.status, 200);
    let client = awc::Client::default();
    let send = |method: String| {
        let method = awc::http::Method::from_bytes(method.as_bytes()).expect("a token");
        client.request(method, format!("{address}/needs")).send()
    };
    let first = send(made_up_method(0, 12)).await.expect("an answer");
    assert_eq!(first.status().as_u16(), 501, "a made-up method is refused");
    // The first scrape counts itself; the second is the one compared.
    browser.get("/metrics").await;
    let before = browser.get("/metrics").await.body;

    for n in 1..=10_000 {
        let len = if n % 1000 == 0 { 60_000 } else { 40 };
        let answer = send(made_up_method(n, len)).await.expect("an answer");
        assert_eq!(answer.status().as_u16(), 501);
    }
    let after = browser.get("/metrics").await.body;
    assert_eq!(
        series(&before),
        series(&after),
        "no series was added by a method"
    );
    assert!(
        request_bytes(&after) < request_bytes(&before) + 100,
        "the request series grew from {} to {} bytes",
        request_bytes(&before),
        request_bytes(&after)
    );
    assert!(
        after.contains(
            r#"kith_http_requests_total{method="other",route="/needs",status="501"} 10001"#
        ),
        "{after}"
    );

    let stopped = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(stopped.success());
    assert!(server.wait().expect("the server stops").success());
    let log = log.join().expect("the log is read");
    let refused: Vec<&str> = log.lines().filter(|l| l.contains("status=501")).collect();
    assert_eq!(refused.len(), 10_001, "each refusal is logged once");
    assert!(
        refused
            .iter()
            .all(|l| l.contains("method=\"other\"") || l.contains("method=other"))
    );
    assert!(!log.contains("AAAAAB"), "no made-up method reaches the log");
    let longest = log.lines().map(str::len).max().unwrap_or(0);
    assert!(longest < 400, "a log line of {longest} bytes");
}

#[actix_web::test]
async fn an_over_long_address_or_header_is_refused_before_any_page() {
    let app = spawn_app().await;
    let visitor = app.browser();
    let long_query = format!("/needs?q={}", "a".repeat(9_000));
    assert_eq!(visitor.get(&long_query).await.status, 414);
    let long_header = "b".repeat(9_000);
    let page = visitor
        .get_with("/", &[("x-anything", long_header.as_str())])
        .await;
    assert_eq!(page.status, 431);
    let many: Vec<(String, String)> = (0..40)
        .map(|i| (format!("x-filler-{i}"), "c".repeat(1_000)))
        .collect();
    let many: Vec<(&str, &str)> = many.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    assert_eq!(visitor.get_with("/", &many).await.status, 431);
    // Ordinary requests are untouched.
    assert_eq!(visitor.get("/login").await.status, 200);
    let metrics = visitor.get("/metrics").await.body;
    assert!(
        !metrics.contains("aaaa") && !metrics.contains("bbbb"),
        "{metrics}"
    );
}
