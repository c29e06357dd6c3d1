//! Error pages in the site's layout, for every 4xx and 5xx response.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use crate::error::{AppError, ErrorPage};
use crate::web::context::PageContext;

/// The error page.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    ctx: PageContext,
    page: ErrorPage,
    status: u16,
}

/// Middleware: replaces the body of any error response that is not already
/// an HTML page (a form re-rendered with its errors is) with `error.html`.
pub async fn render_error_pages(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    send_back_after_log_in(&mut res);
    let status = res.status();
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !(status.is_client_error() || status.is_server_error()) || is_html {
        return Ok(res.map_into_boxed_body());
    }
    let page = res
        .response()
        .extensions()
        .get::<ErrorPage>()
        .cloned()
        .unwrap_or_else(|| generic_page(status));
    let html = render(res.request(), page, status);
    let (req, old) = res.into_parts();
    let mut new = HttpResponse::build(status);
    for (name, value) in old.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            new.append_header((name.clone(), value.clone()));
        }
    }
    let new = new.content_type("text/html; charset=utf-8").body(html);
    Ok(ServiceResponse::new(req, new))
}

/// A visitor sent to log in from a page they asked for (a shared link to
/// a need, say) is told where they were going: the log-in page gets the
/// page as `next`, says what it is and returns there afterwards. Only for
/// reading: a form sent without a session cannot be sent again anyway.
fn send_back_after_log_in<B>(res: &mut ServiceResponse<B>) {
    let asked_to_log_in = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
        .is_some_and(|e| matches!(e, AppError::LoginRequired));
    let reading = matches!(*res.request().method(), Method::GET | Method::HEAD);
    if !(asked_to_log_in && reading) {
        return;
    }
    let asked_for = res
        .request()
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    if let Ok(location) = header::HeaderValue::from_str(&crate::web::login_for(&asked_for)) {
        res.response_mut()
            .headers_mut()
            .insert(header::LOCATION, location);
    }
}

fn render(req: &HttpRequest, page: ErrorPage, status: StatusCode) -> String {
    let fallback = || {
        format!(
            "<!doctype html><html lang=\"en\"><title>Error</title><main><h1>{}</h1></main></html>",
            status.as_u16()
        )
    };
    let Ok(ctx) = PageContext::build(req, true) else {
        return fallback();
    };
    ErrorTemplate {
        ctx,
        page,
        status: status.as_u16(),
    }
    .render()
    .unwrap_or_else(|e| {
        tracing::error!(error = %e, "error page failed to render");
        fallback()
    })
}

/// Words for errors that did not come from [`crate::error::AppError`]
/// (actix-web's own, such as an unreadable path parameter).
fn generic_page(status: StatusCode) -> ErrorPage {
    let (title, message) = match status {
        StatusCode::NOT_FOUND => ("Page not found", "There is nothing here."),
        StatusCode::METHOD_NOT_ALLOWED => {
            ("Not possible here", "This page cannot be used that way.")
        }
        StatusCode::PAYLOAD_TOO_LARGE => ("Too much at once", "What you sent was too large."),
        s if s.is_server_error() => (
            "Something went wrong",
            "Sorry, that did not work because of a fault on our side. Please try again.",
        ),
        _ => (
            "That request could not be read",
            "Please go back and try again.",
        ),
    };
    ErrorPage {
        title,
        message: message.into(),
        reference: None,
        retry_url: None,
    }
}
