//! A `kill -9` loses no write that was acknowledged, and the database
//! stays sound.

use std::cell::RefCell;
use std::process::{Child, Command, Stdio};
use std::rc::Rc;

use crate::helpers::{Browser, fresh_database, url_for_cli};

/// Starts the server on `url`, its mail going to `outbox`.
fn start_server(url: &str, outbox: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(["serve", "--bind", "127.0.0.1:0", "--database-url", url])
        .env("KITH_LOG", "warn")
        .env("KITH_OUTBOX_DIR", outbox)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("kith starts");
    let address = crate::helpers::listening_address(&mut child);
    (child, address)
}

#[actix_web::test]
async fn killing_the_server_mid_write_loses_no_acknowledged_change() {
    let (url, _db) = fresh_database();
    crate::helpers::open_registration(&url);
    let url = url_for_cli(&url);
    let outbox = tempfile::tempdir().expect("an outbox folder");
    let (mut server, address) = start_server(&url, outbox.path());

    let browser = Rc::new(Browser::new(&address));
    let page = browser
        .submit(
            "/signup",
            "#signup-form",
            &[
                ("display_name", "Name 0"),
                ("email", "zia@example.org"),
                ("password", crate::helpers::GOOD_PASSWORD),
                ("password_confirm", crate::helpers::GOOD_PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(
        browser
            .log_in("zia@example.org", crate::helpers::GOOD_PASSWORD)
            .await
            .status,
        303
    );
    let token = browser.csrf_token().await;

    // One writer renames the member again and again; each rename that is
    // answered 303 is acknowledged.
    let acknowledged = Rc::new(RefCell::new(0_u32));
    let writer = {
        let (browser, acknowledged) = (browser.clone(), acknowledged.clone());
        actix_web::rt::spawn(async move {
            for i in 1..10_000_u32 {
                let name = format!("Name {i}");
                let origin = browser.base().to_owned();
                let sent = browser
                    .try_post_with(
                        "/account/name",
                        &[("csrf_token", &token), ("display_name", &name)],
                        &[("origin", &origin)],
                    )
                    .await;
                match sent {
                    Some(303) => *acknowledged.borrow_mut() = i,
                    _ => break,
                }
            }
        })
    };
    // Renaming is limited to ten at once per account, so the kill comes
    // after five acknowledged renames, with the writer still sending.
    while *acknowledged.borrow() < 5 && !writer.is_finished() {
        actix_web::rt::task::yield_now().await;
    }
    assert!(*acknowledged.borrow() >= 5, "the writer stopped early");
    assert!(!writer.is_finished(), "a rename is in flight at the kill");
    let killed = Command::new("kill")
        .args(["-KILL", &server.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    server.wait().expect("the server is gone");
    writer.await.expect("the writer stops");
    let last_acknowledged = *acknowledged.borrow();

    if let Some(path) = url.strip_prefix("sqlite://") {
        use diesel::Connection;
        let mut conn = diesel::SqliteConnection::establish(path).expect("open the database");
        kith::db::backup::integrity_check(&mut conn).expect("integrity_check says ok");
    }

    let outbox = tempfile::tempdir().expect("an outbox folder");
    let (mut server, address) = start_server(&url, outbox.path());
    let after = Browser::new(&address);
    after.set_cookie(
        "kith_session",
        &browser.cookie("kith_session").expect("session"),
    );
    let account = after.get("/account").await;
    let name = account
        .input_value("#name-form", "display_name")
        .expect("the account page");
    let number: u32 = name
        .trim_start_matches("Name ")
        .parse()
        .expect("a name we wrote");
    assert!(
        number >= last_acknowledged,
        "name {number} is older than the last acknowledged, {last_acknowledged}"
    );
    let _ = server.kill();
    let _ = server.wait();
}
