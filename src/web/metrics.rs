//! `GET /metrics`: what an operator watches, in the Prometheus text format
//! (OpenMetrics), for the addresses `--metrics-allow` names (loopback by
//! default). Requests by route and status with their latency, the
//! database pool, the password-hashing queue, rate-limit refusals,
//! background jobs and the listener for other processes' changes.

use std::net::IpAddr;
use std::time::Duration;

use actix_web::http::header::CONTENT_TYPE;
use actix_web::{HttpRequest, HttpResponse, web};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use crate::AppState;
use crate::error::AppError;
use crate::kernel::measure::latency_buckets;

/// Labels of one kind of request.
type RouteLabels = Vec<(&'static str, String)>;

/// What the server counts as it serves.
#[derive(Debug)]
pub struct Metrics {
    requests: Family<RouteLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    jobs: Family<RouteLabels, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            requests: Family::default(),
            latency: Family::new_with_constructor(latency_buckets),
            jobs: Family::default(),
        }
    }
}

impl Metrics {
    /// Counts one request to `route` (the matched pattern, never the raw
    /// path) answered with `status` after `elapsed`. The method is a word
    /// of [`super::request_head::method_label`]'s closed set.
    pub fn request(&self, method: &'static str, route: &str, status: u16, elapsed: Duration) {
        let labels = vec![
            ("method", method.to_owned()),
            ("route", route.to_owned()),
            ("status", status.to_string()),
        ];
        self.requests.get_or_create(&labels).inc();
        let labels = vec![("method", method.to_owned()), ("route", route.to_owned())];
        self.latency
            .get_or_create(&labels)
            .observe(elapsed.as_secs_f64());
    }

    /// Counts one run of a background job: `ok`, `failed`, or `skipped`
    /// (another process was running it).
    pub fn job_ran(&self, job: &'static str, outcome: &'static str) {
        self.jobs
            .get_or_create(&vec![
                ("job", job.to_owned()),
                ("outcome", outcome.to_owned()),
            ])
            .inc();
    }
}

/// Values read from the running server at each scrape.
#[derive(Debug)]
struct Snapshot(web::Data<AppState>);

fn gauge(encoder: &mut DescriptorEncoder, name: &str, help: &str, value: i64) -> std::fmt::Result {
    let gauge = ConstGauge::new(value);
    gauge.encode(encoder.encode_descriptor(name, help, None, gauge.metric_type())?)
}

fn counter(
    encoder: &mut DescriptorEncoder,
    name: &str,
    help: &str,
    value: u64,
) -> std::fmt::Result {
    let counter = ConstCounter::new(value);
    counter.encode(encoder.encode_descriptor(name, help, None, counter.metric_type())?)
}

impl Collector for Snapshot {
    fn encode(&self, mut encoder: DescriptorEncoder) -> std::fmt::Result {
        let state = &self.0;
        let pool = state.db.pool_state();
        let size = i64::from(state.config.db_pool_size);
        gauge(
            &mut encoder,
            "kith_db_pool_size",
            "Database connections allowed.",
            size,
        )?;
        gauge(
            &mut encoder,
            "kith_db_pool_connections",
            "Database connections open.",
            i64::from(pool.connections),
        )?;
        gauge(
            &mut encoder,
            "kith_db_pool_in_use",
            "Database connections in use.",
            i64::from(pool.connections.saturating_sub(pool.idle_connections)),
        )?;
        gauge(
            &mut encoder,
            "kith_password_hash_threads",
            "Threads hashing passwords.",
            i64::try_from(state.passwords.threads()).unwrap_or(i64::MAX),
        )?;
        gauge(
            &mut encoder,
            "kith_password_hash_waiting",
            "Requests waiting for a password-hashing thread.",
            i64::try_from(state.passwords.waiting()).unwrap_or(i64::MAX),
        )?;
        counter(
            &mut encoder,
            "kith_password_hash_busy",
            "Requests told the site is busy: no hashing thread came free in time.",
            state.passwords.busy_answers(),
        )?;
        let refusals = state.limiter.refusals();
        let refused = ConstCounter::new(0_u64);
        let mut family = encoder.encode_descriptor(
            "kith_rate_limit_refusals",
            "Requests refused by a rate limit, by limit.",
            None,
            refused.metric_type(),
        )?;
        for (name, count) in refusals {
            let labels = [("limit", name)];
            ConstCounter::new(count).encode(family.encode_family(&labels)?)?;
        }
        if !matches!(state.config.database_url, crate::db::DatabaseUrl::Sqlite(_)) {
            let changes = &state.changes;
            gauge(
                &mut encoder,
                "kith_listener_connected",
                "1 while this process hears other processes' changes.",
                i64::from(changes.is_connected()),
            )?;
            counter(
                &mut encoder,
                "kith_listener_changes_heard",
                "Times this process acted on other processes' changes.",
                changes.times_heard(),
            )?;
            counter(
                &mut encoder,
                "kith_listener_reconnects",
                "Times the listener had to connect again.",
                changes.reconnects(),
            )?;
        }
        Ok(())
    }
}

/// The registry of a running server.
#[derive(Debug)]
pub struct Exporter {
    registry: Registry,
}

impl Exporter {
    /// Registers the server's counters and its scrape-time values.
    pub fn new(state: web::Data<AppState>) -> Self {
        let mut registry = Registry::default();
        let metrics = &state.metrics;
        registry.register(
            "kith_http_requests",
            "HTTP requests answered, by method, route and status.",
            metrics.requests.clone(),
        );
        registry.register(
            "kith_http_request_duration_seconds",
            "Time to answer, by method and route.",
            metrics.latency.clone(),
        );
        registry.register(
            "kith_job_runs",
            "Background job runs, by job and outcome.",
            metrics.jobs.clone(),
        );
        registry.register(
            "kith_db_pool_wait_seconds",
            "Time requests waited for a database connection.",
            state.db.pool_wait(),
        );
        registry.register_collector(Box::new(Snapshot(state.clone())));
        Self { registry }
    }
}

/// Whether `req` may read the metrics. The client is the socket peer, or
/// the address a trusted proxy reports; a request that came through an
/// untrusted proxy (it carries `X-Forwarded-For` or `Forwarded` from a
/// peer that is not a `--trusted-proxy`) is refused, so a proxy on the
/// same machine cannot make the whole world look like loopback.
pub fn may_read(req: &HttpRequest, state: &AppState) -> bool {
    let trusted = &state.config.trusted_proxies;
    let Some(peer) = req.peer_addr().map(|p| super::client::canonical(p.ip())) else {
        return false;
    };
    let forwarded =
        req.headers().contains_key("x-forwarded-for") || req.headers().contains_key("forwarded");
    if forwarded && !trusted.iter().any(|net| net.contains(&peer)) {
        return false;
    }
    let client: Option<IpAddr> = super::client::client_addr(req, trusted);
    client.is_some_and(|ip| {
        state
            .config
            .metrics_allow
            .iter()
            .any(|net| net.contains(&ip))
    })
}

/// `GET /metrics`.
pub async fn serve(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    if !may_read(&req, &state) {
        return Err(AppError::NotFound);
    }
    let exporter = Exporter::new(state.clone());
    let mut body = String::new();
    prometheus_client::encoding::text::encode(&mut body, &exporter.registry)
        .map_err(|e| AppError::internal(format!("metrics: {e}")))?;
    Ok(HttpResponse::Ok()
        .insert_header((
            CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        ))
        .body(body))
}
