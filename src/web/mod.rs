//! The thin web layer: routes, middleware, extractors and page context.
//! Features (`accounts`, `site`) own their handlers; this module wires them.

pub mod assets;
pub mod client;
pub mod context;
pub mod errors;
pub mod extract;
pub mod fields;
pub mod headers;
pub mod logging;
pub mod metrics;
pub mod ratelimit;
pub mod session;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// Registers every route of the site.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(healthz))
        .route("/metrics", web::get().to(metrics::serve))
        .route("/static/{file}", web::get().to(assets::serve))
        .route("/favicon.ico", web::get().to(assets::favicon));
    crate::site::routes(cfg);
    crate::accounts::routes(cfg);
    crate::needs::routes(cfg);
    crate::notifications::routes(cfg);
    crate::people::routes(cfg);
    crate::moderation::routes(cfg);
    crate::invites::routes(cfg);
    cfg.default_service(web::to(not_found));
}

async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

/// `200 ok` when the database answers within two seconds, `503` otherwise.
async fn healthz(state: web::Data<crate::AppState>) -> HttpResponse {
    if state.db.answers(std::time::Duration::from_secs(2)).await {
        HttpResponse::Ok().content_type("text/plain").body("ok\n")
    } else {
        HttpResponse::ServiceUnavailable()
            .content_type("text/plain")
            .body("database not answering\n")
    }
}

/// `bytes` random bytes from the operating system's generator, base64url.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// The SHA-256 of a token, hex: what the database keeps instead of the token.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// "3 minutes", "1 hour": a wait in words.
pub fn format_wait(seconds: u64) -> String {
    let minutes = seconds.div_ceil(60).max(1);
    match minutes {
        1 => "a minute".into(),
        m if m < 60 => format!("{m} minutes"),
        m => {
            let hours = m.div_ceil(60);
            if hours == 1 {
                "an hour".into()
            } else {
                format!("{hours} hours")
            }
        }
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
    fn tokens_are_long_random_and_url_safe() {
        let a = random_token(32);
        let b = random_token(32);
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }

    #[test]
    fn token_hashes_are_sha256_hex() {
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn constant_time_eq_matches_only_equal_strings() {
        assert!(constant_time_eq("secret", "secret"));
        assert!(!constant_time_eq("secret", "secreT"));
        assert!(!constant_time_eq("secret", "secrets"));
    }

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
    fn waits_read_as_words() {
        assert_eq!(format_wait(5), "a minute");
        assert_eq!(format_wait(170), "3 minutes");
        assert_eq!(format_wait(3600), "an hour");
        assert_eq!(format_wait(3 * 3600 + 1), "4 hours");
    }
}
