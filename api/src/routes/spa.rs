//! The built SPA: files from `--static-dir`, the app's `index.html` for client-side routes
//! (never for `/api/…`), long-lived caching for Trunk's content-hashed assets. Two apps: the
//! citizens' in the folder itself, the staff app in `staff/`, served for `/admin` and below.

use actix_files::{Files, NamedFile};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use std::path::{Path, PathBuf};

/// The staff app's folder inside the static folder (Trunk builds it with `/staff/` URLs).
const STAFF_APP_DIR: &str = "staff";

/// The `index.html` of the citizens' app and of the staff app.
pub fn index_files(static_dir: &Path) -> [PathBuf; 2] {
    [
        static_dir.join("index.html"),
        static_dir.join(STAFF_APP_DIR).join("index.html"),
    ]
}

/// Paths of the staff app's client-side routes.
fn is_staff_route(path: &str) -> bool {
    path == "/admin" || path.starts_with("/admin/")
}

pub fn configure(config: &mut web::ServiceConfig, static_dir: Option<&Path>) {
    let Some(dir) = static_dir else {
        config.default_service(web::to(super::not_found));
        return;
    };
    let [citizen_index, staff_index] = index_files(dir);
    config.service(
        Files::new("/", dir)
            .index_file("index.html")
            .use_etag(true)
            .path_filter(|path, _| !path.starts_with("api"))
            .default_handler(fn_service(move |request: ServiceRequest| {
                let index = if is_staff_route(request.path()) {
                    staff_index.clone()
                } else {
                    citizen_index.clone()
                };
                async move { spa_fallback(request, index).await }
            })),
    );
}

/// Client-side routes (`/book`, `/booking/PW-…`, `/admin/day`) get their app's `index.html`;
/// missing files with an extension (a stale asset) and anything under `/api` get a 404.
async fn spa_fallback(
    request: ServiceRequest,
    index: PathBuf,
) -> Result<ServiceResponse, actix_web::Error> {
    let path = request.path().to_owned();
    let looks_like_file = path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    if path.starts_with("/api/")
        || looks_like_file
        || request.method() != actix_web::http::Method::GET
    {
        let (request, _) = request.into_parts();
        let response = crate::error::ApiError::NotFound;
        return Ok(ServiceResponse::new(
            request,
            actix_web::ResponseError::error_response(&response),
        ));
    }
    let (request, _) = request.into_parts();
    let file = NamedFile::open(index)?;
    let mut response = file.into_response(&request);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(ServiceResponse::new(request, response))
}

/// Trunk names assets `name-<16 hex>.ext` (the wasm `name-<16 hex>_bg.wasm`): those never
/// change and may be cached for a year; everything else (index.html) is revalidated.
pub fn cache_control_for(path: &str) -> &'static str {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.split('.').next().unwrap_or(file);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let hashed = stem
        .rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() >= 16 && hash.chars().all(|c| c.is_ascii_hexdigit()));
    if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// Sets `Cache-Control` on successful responses outside `/api` and `/health` that have none.
pub async fn cache_headers(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = request.path().to_owned();
    let mut response = next.call(request).await?;
    let is_static = !path.starts_with("/api") && !path.starts_with("/health");
    if is_static
        && response.status().is_success()
        && !response.headers().contains_key(header::CACHE_CONTROL)
    {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control_for(&path)),
        );
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_paths_belong_to_the_staff_app_and_everything_else_to_the_citizens() {
        assert!(is_staff_route("/admin"));
        assert!(is_staff_route("/admin/day"));
        assert!(!is_staff_route("/administration"));
        assert!(!is_staff_route("/book"));
        assert!(!is_staff_route("/"));
    }

    #[test]
    fn hashed_trunk_assets_are_cached_for_a_year_and_index_is_revalidated() {
        assert_eq!(
            cache_control_for("/frontend-4f8a1b2c3d4e5f60_bg.wasm"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control_for("/frontend-4f8a1b2c3d4e5f60.js"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control_for("/style-0123456789abcdef.css"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control_for("/index.html"), "no-cache");
        assert_eq!(cache_control_for("/"), "no-cache");
    }
}
