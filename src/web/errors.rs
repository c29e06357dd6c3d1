//! Error pages in the site's layout, for every 4xx and 5xx response.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use crate::error::ErrorPage;
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
    let res = next.call(req).await?;
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
