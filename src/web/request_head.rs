//! What a request's head may be before anything looks at it: a standard
//! method, a request target and header lines of sensible length. The
//! method becomes a log field and a metrics label only through
//! [`method_label`], a closed set, so no client can grow either.

use actix_web::dev::ServiceRequest;
use actix_web::http::{Method, StatusCode};

/// The longest request target (path and query) served, in bytes. Kith's
/// own links are far shorter; 8 KiB is what common proxies allow.
pub const TARGET_MAX: usize = 8 * 1024;

/// The longest single header line (name and value), in bytes.
pub const HEADER_MAX: usize = 8 * 1024;

/// The most bytes all header lines may hold together.
pub const HEADERS_TOTAL_MAX: usize = 32 * 1024;

/// The methods of HTTP itself (RFC 9110 and PATCH); any other is "other".
const STANDARD: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT",
];

/// The method as a log field or metrics label: one of the standard
/// methods, or `"other"` for anything a client made up.
pub fn method_label(method: &Method) -> &'static str {
    STANDARD
        .into_iter()
        .find(|standard| *standard == method.as_str())
        .unwrap_or("other")
}

/// Why the request is refused before routing, if it is: a made-up method
/// (501), a target too long (414) or header lines too long (431).
pub fn refusal(req: &ServiceRequest) -> Option<StatusCode> {
    if method_label(req.method()) == "other" {
        return Some(StatusCode::NOT_IMPLEMENTED);
    }
    let uri = req.uri();
    let target = uri.path_and_query().map_or(0, |pq| pq.as_str().len())
        + uri.authority().map_or(0, |a| a.as_str().len());
    if target > TARGET_MAX {
        return Some(StatusCode::URI_TOO_LONG);
    }
    let mut total = 0;
    for (name, value) in req.headers() {
        let line = name.as_str().len() + value.len();
        total += line;
        if line > HEADER_MAX || total > HEADERS_TOTAL_MAX {
            return Some(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_standard_methods_are_named_in_logs_and_metrics() {
        for (method, label) in [
            ("GET", "GET"),
            ("HEAD", "HEAD"),
            ("POST", "POST"),
            ("PUT", "PUT"),
            ("DELETE", "DELETE"),
            ("OPTIONS", "OPTIONS"),
            ("PATCH", "PATCH"),
            ("TRACE", "TRACE"),
            ("CONNECT", "CONNECT"),
            ("get", "other"),
            ("PROPFIND", "other"),
            (
                "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
                "other",
            ),
        ] {
            let method = Method::from_bytes(method.as_bytes()).expect("a token");
            assert_eq!(method_label(&method), label, "{method}");
        }
    }
}
