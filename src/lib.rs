//! Kith: a mutual-aid board for one neighbourhood.
//!
//! The library holds the whole site; `main.rs` only reads the command line.
//! [`Application::build`] connects to the database, applies migrations and
//! binds the listener (port 0 in tests), and [`Application::run`] serves.

pub mod accounts;
pub mod admin;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod invites;
pub mod kernel;
pub mod mail;
pub mod moderation;
pub mod modlog;
pub mod needs;
pub mod notifications;
pub mod people;
pub mod policy;
pub mod seed;
pub mod site;
pub mod web;

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, NormalizePath, from_fn};
use actix_web::{App, HttpServer, web as aweb};

use crate::config::Config;
use crate::config::site::SettingsCache;
use crate::db::Db;
use crate::error::AppError;
use crate::kernel::passwords::Passwords;
use crate::web::ratelimit::Limiter;
use crate::web::session::CookieNames;

/// The shared state, defined by the web layer and named here for
/// convenience: `crate::AppState` is [`web::AppState`].
pub use crate::web::AppState;

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Db")
    }
}

/// A built server, bound and ready to run.
pub struct Application {
    server: Server,
    port: u16,
    state: aweb::Data<AppState>,
    setup_link: Option<String>,
}

/// Seconds in-flight requests get to finish on SIGINT or SIGTERM.
pub const SHUTDOWN_GRACE_SECONDS: u64 = 10;

impl Application {
    /// Connects, migrates, loads the settings, issues a setup link if there
    /// is no admin yet, and binds the listener.
    pub async fn build(mut config: Config) -> Result<Self, AppError> {
        let url = config.database_url.clone();
        let pool_size = config.db_pool_size;
        let db = aweb::block(move || Db::connect(&url, pool_size))
            .await?
            .map_err(|e| AppError::internal(format!("cannot open the database: {e}")))?;

        let listener = TcpListener::bind(&config.bind)
            .map_err(|e| AppError::internal(format!("cannot listen on {}: {e}", config.bind)))?;
        let local = listener
            .local_addr()
            .map_err(|e| AppError::internal(format!("no local address: {e}")))?;
        if config.base_url.is_empty() {
            config.base_url = format!("http://{local}");
        }

        let (settings, categories, setup_link, signing_key) = {
            let db = db.clone();
            let base_url = config.base_url.clone();
            let now = config.clock.now();
            aweb::block(move || -> Result<_, AppError> {
                let mut conn = db.get()?;
                db::run_migrations(&mut conn)?;
                db::optimize(&mut conn)?;
                let settings = site::db::load_settings(&mut conn)?;
                let categories = needs::db::list_categories(&mut conn, true)?;
                let link = accounts::setup::issue_setup_link(&mut conn, &base_url, now)?;
                let key = mail::db::site_key(
                    &mut conn,
                    "link_signing",
                    &kernel::secret::random_token(32),
                )?;
                Ok((settings, categories, link, key))
            })
            .await??
        };
        let signer = kernel::signed::Signer::new(signing_key.into_bytes());
        let mailer = mail::Mailer::new(&config.mail)
            .map_err(AppError::internal)?
            .with_bell(db.mail_bell())
            .with_composer(std::sync::Arc::new(
                notifications::email::compose::NotificationMail::new(
                    signer.clone(),
                    config.clock.clone(),
                ),
            ));
        let hash_threads = config.hash_threads;
        let passwords = aweb::block(move || Passwords::new(hash_threads)).await??;

        let state = aweb::Data::new(AppState {
            db: db.clone(),
            cookies: CookieNames::new(config.https),
            limiter: match config.database_url {
                db::DatabaseUrl::Postgres(_) => Limiter::shared(db.clone(), config.clock.clone()),
                db::DatabaseUrl::Sqlite(_) => Limiter::in_memory(config.clock.clone()),
            },
            passwords,
            settings: SettingsCache::new(settings, &db),
            changes: Default::default(),
            metrics: Default::default(),
            parts: web::state::Parts::default()
                .with(needs::CategoryCache::new(categories, &db))
                .with(needs::board::BoardCache::default())
                .with(std::sync::Arc::new(web::state::WaitingCount::new(
                    moderation::db::actions::waiting_count,
                )))
                .with(mailer)
                .with(signer),
            config,
        });
        let workers = state.config.workers;
        let app_state = state.clone();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(app_state.clone())
                .app_data(aweb::PayloadConfig::new(web::extract::FORM_LIMIT))
                .configure(routes)
                .wrap(from_fn(web::session::load_visitor))
                .wrap(from_fn(web::errors::render_error_pages))
                .wrap(from_fn(web::headers::security_headers))
                .wrap(Compress::default())
                .wrap(NormalizePath::trim())
                .wrap(from_fn(web::logging::log_requests))
        })
        .workers(workers)
        .shutdown_timeout(SHUTDOWN_GRACE_SECONDS)
        .listen(listener)
        .map_err(|e| AppError::internal(format!("cannot serve: {e}")))?
        .run();
        Ok(Self {
            server,
            port: local.port(),
            state,
            setup_link,
        })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The one-time link that creates the first admin, if there is no admin.
    pub fn setup_link(&self) -> Option<&str> {
        self.setup_link.as_deref()
    }

    /// A handle that stops the server.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// The shared state (for tools and tests that need the database).
    pub fn state(&self) -> aweb::Data<AppState> {
        self.state.clone()
    }

    /// Serves until SIGINT or SIGTERM, then lets requests in flight finish.
    /// Meanwhile needs past their date are expired every few minutes, mail
    /// is delivered from the outbox, and
    /// on PostgreSQL changes made by other processes are heard at once.
    /// Before returning it closes every database connection, so nothing is
    /// torn down under a connection still closing when the process exits.
    pub async fn run(self) -> std::io::Result<()> {
        let Self { server, state, .. } = self;
        let listener = {
            let state = state.clone();
            let (url, own) = (
                state.config.database_url.clone(),
                state.db.name().to_owned(),
            );
            db::changes::Listener::start(&url, &own, state.changes.clone(), move |conn| {
                heard_changes(&state, conn);
            })?
        };
        let mut jobs = vec![
            actix_web::rt::spawn(needs::expiry::run_forever(state.clone())),
            actix_web::rt::spawn(site::refresh_forever(state.clone())),
            actix_web::rt::spawn(web::ratelimit::sweep_forever(state.clone())),
        ];
        jobs.push(actix_web::rt::spawn(
            notifications::email::digest::run_forever(state.clone()),
        ));
        if let Some(every) = state.config.mail.sender_every {
            jobs.push(actix_web::rt::spawn(mail::sender::run_forever(
                state.clone(),
                every,
            )));
        }
        let served = server.await;
        for job in jobs {
            job.abort();
            let _ = job.await;
        }
        if let Some(listener) = listener {
            let _ = aweb::block(move || listener.stop()).await;
        }
        close(state).await;
        served
    }
}

/// Another process changed something: board pages read before are stale,
/// and the settings and categories may have changed.
fn heard_changes(state: &AppState, conn: &mut db::DbConnection) {
    state.db.changed();
    if let Err(e) = site::reload(state, conn) {
        tracing::error!(error = %e, "reloading the settings failed");
    }
}

/// How long shutdown waits for the last request to let go of the state.
const CLOSE_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Waits until nothing but this holds the shared state, then drops it: the
/// pool closes its connections here, before the process exits.
async fn close(state: aweb::Data<AppState>) {
    let state = state.into_inner();
    let waited = std::time::Instant::now();
    while std::sync::Arc::strong_count(&state) > 1 && waited.elapsed() < CLOSE_WAIT {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    if std::sync::Arc::strong_count(&state) > 1 {
        tracing::warn!("requests still held the database at shutdown");
    }
    drop(state);
}

/// Every route of the site: the web layer's own, then each feature's.
fn routes(cfg: &mut aweb::ServiceConfig) {
    web::routes(cfg);
    site::routes(cfg);
    accounts::routes(cfg);
    needs::routes(cfg);
    notifications::routes(cfg);
    people::routes(cfg);
    moderation::routes(cfg);
    modlog::routes(cfg);
    admin::routes(cfg);
    invites::routes(cfg);
    mail::routes(cfg);
    cfg.default_service(aweb::to(web::not_found));
}
