//! Static files, compiled into the binary and served under a name that
//! carries a hash of their content, so browsers may keep them for a year.

use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use sha2::{Digest, Sha256};

use crate::error::AppError;

struct Asset {
    name: &'static str,
    bytes: &'static [u8],
    content_type: &'static str,
}

const ASSETS: [Asset; 2] = [
    Asset {
        name: "kith.css",
        bytes: include_bytes!("../../static/kith.css"),
        content_type: "text/css; charset=utf-8",
    },
    Asset {
        name: "favicon.svg",
        bytes: include_bytes!("../../static/favicon.svg"),
        content_type: "image/svg+xml",
    },
];

/// `(url, file name with hash, asset)` for each file.
static HASHED: LazyLock<Vec<(String, String, &'static Asset)>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|asset| {
            let digest = Sha256::digest(asset.bytes);
            let short: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
            let file = match asset.name.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}.{short}.{ext}"),
                None => format!("{}.{short}", asset.name),
            };
            (format!("/static/{file}"), file, asset)
        })
        .collect()
});

/// The cache-busted URL of a static file, e.g. `/static/kith.1a2b3c4d5e.css`.
pub fn url(name: &str) -> &'static str {
    HASHED
        .iter()
        .find(|(_, _, asset)| asset.name == name)
        .map_or("/static/missing", |(url, _, _)| url.as_str())
}

/// `GET /static/{file}`.
pub async fn serve(file: web::Path<String>) -> Result<HttpResponse, AppError> {
    let (_, _, asset) = HASHED
        .iter()
        .find(|(_, hashed, _)| *hashed == *file)
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(asset.content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(asset.bytes))
}

/// `GET /favicon.ico`, asked for by browsers whatever the page says.
pub async fn favicon() -> HttpResponse {
    let icon = &ASSETS[1];
    HttpResponse::Ok()
        .content_type(icon.content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(icon.bytes)
}

#[cfg(test)]
mod tests {
    use super::url;

    #[test]
    fn asset_urls_carry_a_content_hash() {
        let css = url("kith.css");
        assert!(css.starts_with("/static/kith."));
        assert!(css.ends_with(".css"));
        assert_eq!(css.len(), "/static/kith..css".len() + 10);
    }
}
