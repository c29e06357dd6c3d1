//! One log line per request: method, route, status, duration and a request
//! id, which also tags every other line logged while serving it. The route
//! is the matched pattern, not the raw path, so no query string (which may
//! carry a token) is ever logged; the method is one of a closed set
//! ([`request_head::method_label`]). This is the outermost middleware: a
//! request whose head is refused ([`request_head::refusal`]) is answered
//! here, before routing or any other middleware.

use std::time::Instant;

use actix_web::HttpResponse;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;

use crate::web::request_head;

/// Middleware: refuses a request whose head is not acceptable, logs every
/// request and answers with an `x-request-id` header.
pub async fn log_requests(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let id = crate::kernel::secret::random_token(6);
    let state = req
        .app_data::<actix_web::web::Data<crate::AppState>>()
        .cloned();
    let method = request_head::method_label(req.method());
    let started = Instant::now();
    let span = tracing::info_span!("request", request_id = %id);
    let outcome = match request_head::refusal(&req) {
        Some(status) => Ok(req
            .into_response(
                HttpResponse::build(status)
                    .content_type("text/plain; charset=utf-8")
                    .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                    .body(status.canonical_reason().unwrap_or("Refused")),
            )
            .map_into_right_body()),
        None => next
            .call(req)
            .instrument(span.clone())
            .await
            .map(ServiceResponse::map_into_left_body),
    };
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    match outcome {
        Ok(mut res) => {
            let route = res
                .request()
                .match_pattern()
                .unwrap_or_else(|| "(none)".into());
            let status = res.status().as_u16();
            if let Some(state) = &state {
                state
                    .metrics
                    .request(method, &route, status, started.elapsed());
            }
            span.in_scope(|| {
                tracing::info!(
                    method,
                    route,
                    status,
                    elapsed_ms = format!("{elapsed_ms:.1}"),
                    "request"
                );
            });
            if let Ok(value) = HeaderValue::from_str(&id) {
                res.headers_mut()
                    .insert(HeaderName::from_static("x-request-id"), value);
            }
            Ok(res)
        }
        Err(e) => {
            span.in_scope(|| {
                tracing::warn!(method, error = %e, elapsed_ms = format!("{elapsed_ms:.1}"), "request failed");
            });
            Err(e)
        }
    }
}
