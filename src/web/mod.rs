//! The thin web layer: HTTP plumbing under every feature (middleware,
//! extractors, page context, errors as pages, rate limits, metrics, static
//! files). Features own their handlers; the app (`lib.rs`) mounts them.

pub mod again;
pub mod assets;
pub mod client;
pub mod context;
pub mod db;
pub mod errors;
pub mod extract;
pub mod fields;
pub mod headers;
pub mod logging;
pub mod metrics;
pub mod ratelimit;
pub mod request_head;
pub mod session;
pub mod sessions;
pub mod state;

pub use state::AppState;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use crate::error::AppError;

/// Registers the routes of the web layer itself: health, metrics and
/// static files. The features' routes are mounted by the app (`lib.rs`).
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(healthz))
        .route("/metrics", web::get().to(metrics::serve))
        .route("/static/{file}", web::get().to(assets::serve))
        .route("/favicon.ico", web::get().to(assets::favicon));
}

/// What answers an address no route claims.
pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

/// `200 ok` when the database answers within two seconds, `503` otherwise.
async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    if state.db.answers(std::time::Duration::from_secs(2)).await {
        HttpResponse::Ok().content_type("text/plain").body("ok\n")
    } else {
        HttpResponse::ServiceUnavailable()
            .content_type("text/plain")
            .body("database not answering\n")
    }
}

/// `path` if it is a path on this site, safe to redirect or link to: it
/// starts with one `/`, holds only visible ASCII (a tab or newline could
/// turn `/\t/host` into `//host` in a browser) and no backslash (which
/// browsers read as a slash). The one check for every redirect or link
/// built from what a request says.
pub fn local_path(path: &str) -> Option<&str> {
    let plain = path.bytes().all(|b| b.is_ascii_graphic());
    (plain && path.starts_with('/') && !path.starts_with("//") && !path.contains('\\'))
        .then_some(path)
}

/// The longest path a visitor is sent back to after logging in, in bytes;
/// a longer one is dropped rather than cut (a cut path is another page).
pub const RETURN_MAX: usize = 512;

/// Where to go after logging in, given the `next` a request carried: the
/// path if it is [`local_path`] and at most [`RETURN_MAX`] bytes long,
/// else the home page. Never another site, whatever `next` says.
pub fn return_path(next: &str) -> &str {
    local_path(next)
        .filter(|path| path.len() <= RETURN_MAX)
        .unwrap_or("/")
}

/// The log-in page's address for a visitor who asked for `path` (a path
/// with its query): `/login?next=…`, or plain `/login` when `path` is the
/// home page or could not be gone back to.
pub fn login_for(path: &str) -> String {
    match return_path(path) {
        "/" => "/login".to_owned(),
        path => serde_urlencoded::to_string([("next", path)])
            .map_or_else(|_| "/login".to_owned(), |query| format!("/login?{query}")),
    }
}

/// Renders a page at `status`.
pub fn render<T: askama::Template>(status: StatusCode, page: &T) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(page.render()?))
}

/// A `303 See Other` to `location`: the end of every successful form post.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, location))
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_on_this_site_are_local() {
        assert_eq!(local_path("/needs/3?x=1"), Some("/needs/3?x=1"));
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "https://evil.example/",
            "needs",
            "/needs/\u{0}",
            "/caf\u{e9}",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn only_a_short_path_on_this_site_is_returned_to_after_logging_in() {
        let long = format!("/needs?q={}", "a".repeat(RETURN_MAX));
        for (next, to) in [
            ("/needs/154", "/needs/154"),
            ("/needs?category=3&page=2", "/needs?category=3&page=2"),
            ("/people/7", "/people/7"),
            ("", "/"),
            ("/", "/"),
            ("https://evil.example/", "/"),
            ("http://evil.example", "/"),
            ("//evil.example", "/"),
            ("///evil.example", "/"),
            ("/\\evil.example", "/"),
            ("\\/evil.example", "/"),
            ("javascript:alert(1)", "/"),
            ("evil.example", "/"),
            ("/needs/1\r\nSet-Cookie: x=1", "/"),
            ("/\t/evil.example", "/"),
            ("/needs/1\u{0}", "/"),
            ("/caf\u{e9}", "/"),
            (" /needs/1", "/"),
            (long.as_str(), "/"),
        ] {
            assert_eq!(return_path(next), to, "{next:?}");
        }
    }

    #[test]
    fn the_log_in_address_carries_the_page_asked_for_encoded() {
        assert_eq!(login_for("/needs/154"), "/login?next=%2Fneeds%2F154");
        assert_eq!(
            login_for("/needs?category=3&page=2"),
            "/login?next=%2Fneeds%3Fcategory%3D3%26page%3D2"
        );
        assert_eq!(login_for("/"), "/login");
        assert_eq!(login_for("//evil.example"), "/login");
    }
}
