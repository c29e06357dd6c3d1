//! `spawn_app()` and a small cookie-keeping browser for the tests.

use std::cell::RefCell;
use std::collections::HashMap;

use actix_web::cookie::Cookie;
use actix_web::web::Data;
use kith::clock::Clock;
use kith::config::Config;
use kith::db::DatabaseUrl;
use kith::{AppState, Application};
use scraper::{Html, Selector};

use crate::mailbox::Mailbox;

/// A password that passes the policy.
pub const GOOD_PASSWORD: &str = "kettle on the windowsill";

/// A running server with its own database.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// Shared state, for reaching the database.
    pub state: Data<AppState>,
    /// The first-admin link the server would have logged.
    pub setup_link: Option<String>,
    /// The hand-moved clock the server reads.
    pub clock: Clock,
    /// The SMTP server its mail goes to.
    pub mailbox: Mailbox,
    server: actix_web::dev::ServerHandle,
    _db: TestDb,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop the server before its database is dropped; the stop command
        // is sent at once, the returned future only waits for it.
        drop(self.server.stop(false));
    }
}

/// A database made for one test, removed when dropped.
pub enum TestDb {
    Sqlite(
        #[expect(dead_code, reason = "kept alive so the directory outlives the test")]
        tempfile::TempDir,
    ),
    Postgres {
        admin_url: String,
        name: String,
    },
    /// Another test app's database: left for its owner to remove.
    Shared,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres { admin_url, name } = self {
            use diesel::{Connection, RunQueryDsl};
            if let Ok(mut conn) = diesel::PgConnection::establish(admin_url) {
                let _ =
                    diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .execute(&mut conn);
            }
        }
    }
}

/// Which backend the tests run on: PostgreSQL when `KITH_TEST_POSTGRES_URL` is set.
pub fn postgres_url() -> Option<String> {
    std::env::var("KITH_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// A new empty database on the backend under test.
pub fn fresh_database() -> (DatabaseUrl, TestDb) {
    match postgres_url() {
        Some(admin_url) => {
            use diesel::{Connection, RunQueryDsl};
            let name = format!(
                "kith_test_{}",
                kith::kernel::secret::random_token(9)
                    .to_lowercase()
                    .replace(['-', '_'], "x")
            );
            let mut conn =
                diesel::PgConnection::establish(&admin_url).expect("reach the PostgreSQL server");
            diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
                .execute(&mut conn)
                .expect("create a test database");
            // The test database on the same server, with the same options
            // (`?sslmode=…` and the like).
            let (base, options) = match admin_url.split_once('?') {
                Some((base, options)) => (base, format!("?{options}")),
                None => (admin_url.as_str(), String::new()),
            };
            let (server, _) = base.rsplit_once('/').expect("URL with a database name");
            let url = format!("{server}/{name}{options}");
            (
                DatabaseUrl::Postgres(url),
                TestDb::Postgres { admin_url, name },
            )
        }
        None => {
            let dir = tempfile::tempdir().expect("temporary directory");
            let path = dir.path().join("kith.db");
            (
                DatabaseUrl::Sqlite(path.display().to_string()),
                TestDb::Sqlite(dir),
            )
        }
    }
}

/// Migrates a new database and opens its registration, for stories that
/// start the server as a separate process.
pub fn open_registration(url: &DatabaseUrl) {
    let mut conn = url.connect().expect("connect");
    kith::db::run_migrations(&mut conn).expect("migrate");
    let mut settings = kith::site::db::load_settings(&mut conn).expect("settings");
    settings.joining.mode = kith::site::RegistrationMode::Open;
    kith::site::db::save_joining(&mut conn, &settings.joining).expect("save");
}

/// The database URL as the command line takes it.
pub fn url_for_cli(url: &DatabaseUrl) -> String {
    match url {
        DatabaseUrl::Sqlite(path) => format!("sqlite://{path}"),
        DatabaseUrl::Postgres(url) => url.clone(),
    }
}

/// Starts the app with defaults and a manual clock, with registration
/// open (a new site waits for approval; most stories are about what
/// members do once they are in).
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the app after `adjust` has changed its configuration, with
/// registration open.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let app = spawn_new_site_with(adjust).await;
    app.set_registration(kith::site::RegistrationMode::Open)
        .await;
    app
}

/// Starts the app exactly as a new site starts: approval mode.
pub async fn spawn_new_site() -> TestApp {
    spawn_new_site_with(|_| {}).await
}

/// Starts a new site after `adjust` has changed its configuration.
pub async fn spawn_new_site_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let (url, db) = fresh_database();
    let mut config = Config::for_database(url);
    config.clock = Clock::manual(1_800_000_000);
    let mailbox = Mailbox::start().await;
    send_mail_to(&mut config, &mailbox);
    adjust(&mut config);
    start(config, db, mailbox).await
}

/// Mail goes to `mailbox`, delivered when a test says so
/// ([`TestApp::deliver_mail`]) rather than by a sender of its own.
pub fn send_mail_to(config: &mut Config, mailbox: &Mailbox) {
    config.mail.transport = kith::config::mail::MailTransport::Smtp(
        kith::config::mail::parse_smtp_url(&mailbox.url()).expect("the test server's URL"),
    );
    config.mail.sender_every = None;
}

/// Starts another process on a database some other test app made, reading
/// time from `clock`.
pub async fn spawn_another_process(url: &DatabaseUrl, clock: &Clock) -> TestApp {
    let mut config = Config::for_database(url.clone());
    config.clock = clock.clone();
    let mailbox = Mailbox::start().await;
    send_mail_to(&mut config, &mailbox);
    start(config, TestDb::Shared, mailbox).await
}

/// Starts another process on `app`'s database, reading its clock and
/// sending to its mailbox.
pub async fn spawn_sibling(app: &TestApp) -> TestApp {
    let mut config = Config::for_database(app.state.config.database_url.clone());
    config.clock = app.clock.clone();
    send_mail_to(&mut config, &app.mailbox);
    start(config, TestDb::Shared, app.mailbox.clone()).await
}

async fn start(config: Config, db: TestDb, mailbox: Mailbox) -> TestApp {
    let clock = config.clock.clone();
    let app = Application::build(config).await.expect("the app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state();
    let setup_link = app.setup_link().map(str::to_owned);
    let server = app.handle();
    actix_web::rt::spawn(app.run());
    TestApp {
        address,
        state,
        setup_link,
        clock,
        mailbox,
        server,
        _db: db,
    }
}

impl TestApp {
    /// Delivers the mail that is due now, as the sender would.
    pub async fn deliver_mail(&self) -> kith::mail::sender::Delivered {
        kith::mail::sender::deliver_due(&self.state)
            .await
            .expect("delivery runs")
    }

    /// Sets the registration mode directly, as an admin's form would.
    pub async fn set_registration(&self, mode: kith::site::RegistrationMode) {
        let mut settings = (*self.state.settings.current()).clone();
        settings.joining.mode = mode;
        let joining = settings.joining.clone();
        self.state
            .db
            .write(move |conn| kith::site::db::save_joining(conn, &joining))
            .await
            .expect("registration mode saved");
        self.state.settings.replace(settings);
    }

    /// A new browser with no cookies.
    pub fn browser(&self) -> Browser {
        Browser::new(&self.address)
    }

    /// Signs up through the form and confirms the address from the mail,
    /// opened on another device (so `browser` stays logged out); panics
    /// unless both succeed.
    pub async fn sign_up(&self, browser: &Browser, name: &str, email: &str) {
        self.sign_up_unconfirmed(browser, name, email).await;
        self.confirm_by_mail(&self.browser(), email).await;
    }

    /// Opens the latest confirmation link mailed to `email` in `browser`
    /// and presses its button, which logs that browser in.
    pub async fn confirm_by_mail(&self, browser: &Browser, email: &str) {
        let path = self.latest_link(email, "/signup/confirm/").await;
        let confirmed = browser.submit(&path, "#confirm-form", &[]).await;
        assert_eq!(
            confirmed.status, 303,
            "confirming failed: {}",
            confirmed.body
        );
    }

    /// Delivers due mail, then the path of the link starting with `prefix`
    /// in the latest message to `email` that has one.
    pub async fn latest_link(&self, email: &str, prefix: &str) -> String {
        self.deliver_mail().await;
        let link = self
            .mailbox
            .to(email)
            .iter()
            .rev()
            .find(|m| m.text().contains(prefix))
            .unwrap_or_else(|| panic!("no message to {email} with a {prefix} link"))
            .link(prefix);
        link[link.find(prefix).expect("the path")..].to_owned()
    }

    /// Signs up through the form without confirming the address.
    pub async fn sign_up_unconfirmed(&self, browser: &Browser, name: &str, email: &str) {
        let page = try_sign_up(browser, name, email).await;
        assert_eq!(page.status, 303, "sign-up failed: {}", page.body);
        assert_eq!(page.location(), Some("/signup/check-email"));
    }

    /// A new browser with a new member logged in, their address confirmed.
    pub async fn member(&self, name: &str, email: &str) -> Browser {
        let browser = self.browser();
        self.sign_up(&browser, name, email).await;
        let page = browser.log_in(email, GOOD_PASSWORD).await;
        assert_eq!(page.status, 303, "log-in failed: {}", page.body);
        browser
    }
}

/// A response, read.
pub struct Page {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: awc::http::header::HeaderMap,
    /// Body text.
    pub body: String,
}

impl Page {
    /// The `Location` header.
    pub fn location(&self) -> Option<&str> {
        self.headers.get("location").and_then(|v| v.to_str().ok())
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The text of every element matching `css`, trimmed.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let html = Html::parse_document(&self.body);
        let selector = Selector::parse(css).expect("valid selector");
        html.select(&selector)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// The text of the first element matching `css`, exactly as written
    /// (line breaks kept), as a browser would send a textarea's contents.
    pub fn raw_text(&self, css: &str) -> Option<String> {
        let html = Html::parse_document(&self.body);
        let selector = Selector::parse(css).expect("valid selector");
        html.select(&selector).next().map(|e| e.text().collect())
    }

    /// The text of the first element matching `css`.
    pub fn text(&self, css: &str) -> Option<String> {
        self.texts(css).into_iter().next()
    }

    /// An attribute of the first element matching `css`.
    pub fn attr(&self, css: &str, name: &str) -> Option<String> {
        let html = Html::parse_document(&self.body);
        let selector = Selector::parse(css).expect("valid selector");
        html.select(&selector)
            .next()
            .and_then(|e| e.value().attr(name).map(str::to_owned))
    }

    /// The hidden inputs of the form `form`, as a browser would send them.
    pub fn hidden_inputs(&self, form: &str) -> Vec<(String, String)> {
        let html = Html::parse_document(&self.body);
        let selector =
            Selector::parse(&format!("{form} input[type=hidden]")).expect("valid selector");
        html.select(&selector)
            .filter_map(|e| {
                let value = e.value();
                Some((
                    value.attr("name")?.to_owned(),
                    value.attr("value")?.to_owned(),
                ))
            })
            .collect()
    }

    /// The value of the input `name` inside the form `form`.
    pub fn input_value(&self, form: &str, name: &str) -> Option<String> {
        self.attr(&format!("{form} input[name=\"{name}\"]"), "value")
    }
}

/// A browser: keeps cookies, sends `Origin` on posts like a real one, and
/// never follows redirects by itself.
pub struct Browser {
    client: awc::Client,
    base: String,
    cookies: RefCell<HashMap<String, String>>,
}

impl Browser {
    /// A browser for the site at `base` (`http://host:port`).
    pub fn new(base: &str) -> Self {
        let client = awc::Client::builder()
            .disable_redirects()
            .timeout(std::time::Duration::from_secs(60))
            .finish();
        Self {
            client,
            base: base.to_owned(),
            cookies: RefCell::new(HashMap::new()),
        }
    }

    /// The site's address.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Like [`Browser::post_with`], but `None` when the server cannot be reached.
    pub async fn try_post_with(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Option<u16> {
        let body = serde_urlencoded::to_string(fields).expect("form encodes");
        let mut request = self
            .client
            .post(format!("{}{path}", self.base))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .insert_header(("cookie", self.cookie_header()));
        for (name, value) in headers {
            request = request.insert_header((*name, *value));
        }
        let response = request.send_body(body).await.ok()?;
        Some(response.status().as_u16())
    }

    /// The cookie `name`, if the browser holds it.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.borrow().get(name).cloned()
    }

    /// Sets a cookie by hand (to replay an old one).
    pub fn set_cookie(&self, name: &str, value: &str) {
        self.cookies
            .borrow_mut()
            .insert(name.to_owned(), value.to_owned());
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .borrow()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn read(
        &self,
        mut response: awc::ClientResponse<
            impl futures_util::Stream<Item = Result<actix_web::web::Bytes, awc::error::PayloadError>>
            + Unpin,
        >,
    ) -> Page {
        for value in response.headers().get_all("set-cookie") {
            let cookie = Cookie::parse(value.to_str().expect("ascii cookie").to_owned())
                .expect("valid cookie");
            let removed = cookie
                .max_age()
                .is_some_and(|age| age.is_zero() || age.is_negative());
            if removed {
                self.cookies.borrow_mut().remove(cookie.name());
            } else {
                self.cookies
                    .borrow_mut()
                    .insert(cookie.name().to_owned(), cookie.value().to_owned());
            }
        }
        let body = response.body().limit(4 * 1024 * 1024).await.expect("body");
        Page {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: String::from_utf8_lossy(&body).into_owned(),
        }
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> Page {
        self.get_with(path, &[]).await
    }

    /// `GET path` with extra headers.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Page {
        let mut request = self.client.get(format!("{}{path}", self.base));
        let cookies = self.cookie_header();
        if !cookies.is_empty() {
            request = request.insert_header(("cookie", cookies));
        }
        for (name, value) in headers {
            request = request.insert_header((*name, *value));
        }
        let response = request.send().await.expect("GET sent");
        self.read(response).await
    }

    /// `POST path` with a form body, as the browser's own page would.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let origin = self.base.clone();
        self.post_with(path, fields, &[("origin", origin.as_str())])
            .await
    }

    /// `POST path` with a form body and exactly the given extra headers.
    pub async fn post_with(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Page {
        let body = serde_urlencoded::to_string(fields).expect("form encodes");
        self.post_raw(path, &body, headers).await
    }

    /// `POST path` with a body encoded by hand (for repeated fields).
    pub async fn post_raw(&self, path: &str, body: &str, headers: &[(&str, &str)]) -> Page {
        let mut request = self
            .client
            .post(format!("{}{path}", self.base))
            .insert_header(("content-type", "application/x-www-form-urlencoded"));
        let cookies = self.cookie_header();
        if !cookies.is_empty() {
            request = request.insert_header(("cookie", cookies));
        }
        for (name, value) in headers {
            request = request.insert_header((*name, *value));
        }
        let response = request.send_body(body.to_owned()).await.expect("POST sent");
        self.read(response).await
    }

    /// Opens `page_path`, fills the form `form` with `fields` and its own
    /// CSRF token, and sends it where the form says.
    pub async fn submit(&self, page_path: &str, form: &str, fields: &[(&str, &str)]) -> Page {
        let page = self.get(page_path).await;
        assert_eq!(page.status, 200, "{page_path} did not open: {}", page.body);
        let action = page
            .attr(form, "action")
            .unwrap_or_else(|| panic!("{form} on {page_path}"));
        assert!(
            page.input_value(form, "csrf_token").is_some(),
            "{form} carries no CSRF token"
        );
        let hidden = page.hidden_inputs(form);
        let mut all: Vec<(&str, &str)> = hidden
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        all.extend_from_slice(fields);
        self.post(&action, &all).await
    }

    /// Logs in through the form.
    pub async fn log_in(&self, email: &str, password: &str) -> Page {
        self.submit(
            "/login",
            "#login-form",
            &[("email", email), ("password", password)],
        )
        .await
    }

    /// The CSRF token the layout hands this browser (from the log-out form
    /// when logged in, else from the log-in page).
    pub async fn csrf_token(&self) -> String {
        for page in ["/", "/waiting"] {
            let page = self.get(page).await;
            if let Some(token) = page.input_value("#logout-form", "csrf_token") {
                return token;
            }
        }
        self.get("/login")
            .await
            .input_value("#login-form", "csrf_token")
            .expect("a CSRF token")
    }
}

/// Sends the sign-up form with `name`, `email` and a good password, and
/// the page that answers, whatever it is.
pub async fn try_sign_up(browser: &Browser, name: &str, email: &str) -> Page {
    try_sign_up_with(browser, name, email, &[]).await
}

/// Like [`try_sign_up`], with `more` fields (an applicant's answer, an
/// invite code).
pub async fn try_sign_up_with(
    browser: &Browser,
    name: &str,
    email: &str,
    more: &[(&str, &str)],
) -> Page {
    let mut fields = vec![
        ("display_name", name),
        ("email", email),
        ("password", GOOD_PASSWORD),
        ("password_confirm", GOOD_PASSWORD),
    ];
    fields.extend_from_slice(more);
    browser.submit("/signup", "#signup-form", &fields).await
}

/// Starts `kith serve` as a process of its own on a new database with
/// registration open, logging at `info` to a piped standard error; returns
/// it, the address it listens on, and the database (removed when the
/// `TestDb` is dropped).
pub fn serve_process() -> (std::process::Child, String, DatabaseUrl, TestDb) {
    use std::process::{Command, Stdio};
    let (url, db) = fresh_database();
    open_registration(&url);
    let mut server = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .args(["--database-url", &url_for_cli(&url)])
        .env("KITH_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kith starts");
    let address = listening_address(&mut server);
    (server, address, url, db)
}

/// The address a `kith serve` process started with its standard output
/// piped says it listens on (its first line).
pub fn listening_address(child: &mut std::process::Child) -> String {
    use std::io::{BufRead, BufReader};
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout piped"))
        .read_line(&mut line)
        .expect("a first line");
    line.trim()
        .strip_prefix("Kith is listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_owned()
}

/// How many accounts exist, straight from the database.
pub async fn count_users(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use kith::db::schema::users;
    app.state
        .db
        .run(|conn| Ok(users::table.count().get_result::<i64>(conn)?))
        .await
        .expect("count users")
}

/// A date `days` from the app's today, as `YYYY-MM-DD`.
pub fn day(app: &TestApp, days: i64) -> String {
    let today = app.state.config.clock.today();
    (today + chrono::Duration::days(days)).to_string()
}

/// Posts a need through the form with sensible defaults, overridden by
/// `fields`; returns its id.
pub async fn post_need(
    app: &TestApp,
    browser: &Browser,
    title: &str,
    fields: &[(&str, &str)],
) -> i64 {
    let form = browser.get("/needs/new").await;
    let category = form
        .attr("#category_id option:nth-child(2)", "value")
        .unwrap_or_else(|| panic!("no category to choose ({}): {}", form.status, form.body));
    let date = day(app, 3);
    let mut all: Vec<(&str, &str)> = vec![
        ("title", title),
        ("details", ""),
        ("category_id", category.as_str()),
        ("when_kind", "date"),
        ("date", date.as_str()),
        ("start_time", ""),
        ("end_time", ""),
        ("place", "Elm Street"),
        ("helpers_wanted", "1"),
        ("urgency", "normal"),
        ("private_details", "Flat 3, door code 1234"),
    ];
    for (name, value) in fields {
        match all.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => all.push((name, value)),
        }
    }
    let page = browser.submit("/needs/new", "#need-form", &all).await;
    assert_eq!(page.status, 303, "posting failed: {}", page.body);
    need_id_from(page.location().expect("a location"))
}

/// The need id in a `/needs/{id}` address.
pub fn need_id_from(location: &str) -> i64 {
    location
        .trim_start_matches("/needs/")
        .split(['/', '?', '#'])
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no need id in {location}"))
}

/// The id of `volunteer_name`'s offer, from the author's view of the need.
pub async fn offer_id(author: &Browser, need: i64, volunteer_name: &str) -> i64 {
    let page = author.get(&format!("/needs/{need}")).await;
    let html = Html::parse_document(&page.body);
    let offers = Selector::parse("li.offer").expect("selector");
    html.select(&offers)
        .find(|li| li.text().any(|t| t.contains(volunteer_name)))
        .and_then(|li| li.value().attr("id"))
        .and_then(|id| id.trim_start_matches("offer-").parse().ok())
        .unwrap_or_else(|| panic!("no offer from {volunteer_name} on need {need}"))
}

/// Ticks "Share my email address…" on the account page of the member
/// logged in to `browser`.
pub async fn share_email(browser: &Browser) {
    let page = browser
        .submit("/account", "#sharing-form", &[("share_email", "yes")])
        .await;
    assert_eq!(page.status, 303, "sharing not saved: {}", page.body);
}

/// Submits a button-only form (accept, decline, withdraw) found on `page_path`.
pub async fn press(browser: &Browser, page_path: &str, action: &str) -> Page {
    let page = browser.get(page_path).await;
    let token = page
        .input_value(&format!("form[action='{action}']"), "csrf_token")
        .unwrap_or_else(|| panic!("no form posting to {action} on {page_path}"));
    browser.post(action, &[("csrf_token", &token)]).await
}

/// A server started on an existing database (a backup, seeded data).
pub struct ServedApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    server: actix_web::dev::ServerHandle,
}

impl Drop for ServedApp {
    fn drop(&mut self) {
        drop(self.server.stop(false));
    }
}

/// Starts the app on `url`.
pub async fn serve_database(url: DatabaseUrl) -> ServedApp {
    let mut config = Config::for_database(url);
    send_mail_to(&mut config, &Mailbox::start().await);
    let app = Application::build(config)
        .await
        .expect("the database opens");
    let address = format!("http://127.0.0.1:{}", app.port());
    let server = app.handle();
    actix_web::rt::spawn(app.run());
    ServedApp { address, server }
}

impl TestApp {
    /// A browser logged in as the first admin, made through the setup link.
    pub async fn admin(&self) -> Browser {
        let link = self.setup_link.as_deref().expect("a setup link");
        let path = &link[link.find("/setup").expect("a /setup link")..];
        let browser = self.browser();
        let page = browser
            .submit(
                path,
                "#setup-form",
                &[
                    ("display_name", "Grace Admin"),
                    ("email", "grace@example.org"),
                    ("password", GOOD_PASSWORD),
                    ("password_confirm", GOOD_PASSWORD),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "setup failed: {}", page.body);
        browser
    }
}

impl TestApp {
    /// Raises the posting limits as far as the admin page allows, for
    /// stories about something else that post many needs.
    pub async fn raise_posting_limits(&self) {
        let admin = self.admin().await;
        let page = admin.get("/admin/settings").await;
        let name = page.input_value("#settings-form", "name").expect("a name");
        let description = page.raw_text("#description").unwrap_or_default();
        let rules = page.raw_text("#rules").unwrap_or_default();
        let saved = admin
            .submit(
                "/admin/settings",
                "#settings-form",
                &[
                    ("name", &name),
                    ("description", &description),
                    ("rules", &rules),
                    ("new_member_days", "0"),
                    ("new_member_needs_per_day", "100"),
                    ("new_member_offers_per_day", "100"),
                    ("needs_per_day", "100"),
                ],
            )
            .await;
        assert_eq!(saved.status, 303, "limits not saved: {}", saved.body);
    }
}

/// Opens the newest notification whose words contain `words`, as a member
/// clicking it would; returns where it led (the `Location` it answered
/// with).
pub async fn open_notification(member: &Browser, words: &str) -> String {
    let list = member.get("/notifications").await;
    let html = Html::parse_document(&list.body);
    let links = Selector::parse("#notifications a").expect("selector");
    let href = html
        .select(&links)
        .find(|a| a.text().collect::<String>().contains(words))
        .and_then(|a| a.value().attr("href").map(str::to_owned))
        .unwrap_or_else(|| panic!("no notification saying {words:?}: {}", list.body));
    let opened = member.get(&href).await;
    assert_eq!(opened.status, 303, "{href} did not lead on");
    opened.location().expect("a destination").to_owned()
}

/// Pipes `message` into `kith mail receive`, as a mail server's pipe
/// transport does; returns the exit status.
pub async fn receive_mail(database: &str, recipient: Option<&str>, message: Vec<u8>) -> i32 {
    let (database, recipient) = (database.to_owned(), recipient.map(str::to_owned));
    actix_web::web::block(move || {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kith"));
        command.args(["mail", "receive", "--database-url", &database]);
        if let Some(recipient) = &recipient {
            command.args(["--recipient", recipient]);
        }
        let mut child = command
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("kith runs");
        let mut stdin = child.stdin.take().expect("stdin");
        // A reader that stops early must not fail the writer.
        let _ = std::io::Write::write_all(&mut stdin, &message);
        drop(stdin);
        child.wait().expect("kith ends").code().unwrap_or(-1)
    })
    .await
    .expect("ran")
}
