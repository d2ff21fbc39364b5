//! Cross-cutting HTTP behaviour: every error is problem+json; security headers on every response.

use crate::error::{problem, problem_response};
use actix_web::body::MessageBody;
use actix_web::dev::ServiceRequest;
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers, Next};
use shared::problem::PROBLEM_JSON;

/// Rewrites any error response that is not yet problem+json (an unknown route, a wrong method,
/// an extractor's plain-text error) into one, so clients only ever parse one error format.
pub fn problem_for_every_error<B: 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler(|response: ServiceResponse<B>| {
        let is_problem = response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|value| value.as_bytes() == PROBLEM_JSON.as_bytes());
        if is_problem {
            return Ok(ErrorHandlerResponse::Response(
                response.map_into_left_body(),
            ));
        }
        let status = response.status();
        let code = match status.as_u16() {
            404 => "not_found",
            405 => "method_not_allowed",
            413 => "payload_too_large",
            415 => "unsupported_media_type",
            400..=499 => "bad_request",
            _ => "internal",
        };
        let (request, original) = response.into_parts();
        let mut replacement = problem_response(&problem(status, code, None, Vec::new()));
        if let Some(allow) = original.headers().get(header::ALLOW) {
            replacement
                .headers_mut()
                .insert(header::ALLOW, allow.clone());
        }
        let response = ServiceResponse::new(request, replacement).map_into_right_body();
        Ok(ErrorHandlerResponse::Response(response))
    })
}

/// The Content-Security-Policy of the SPA: only our own origin; WebAssembly may compile;
/// the inline loader scripts Trunk writes into the two apps' `index.html` are allowed by their
/// hashes. The hashes are recomputed when either file changes (a rebuilt SPA), so no restart
/// is needed.
#[derive(Debug)]
struct ContentSecurityPolicy {
    index_files: Vec<std::path::PathBuf>,
    cached: std::sync::Mutex<(Vec<Option<std::time::SystemTime>>, String)>,
}

impl ContentSecurityPolicy {
    /// For the SPA in `static_dir` (or none: API only).
    fn new(static_dir: Option<&std::path::Path>) -> ContentSecurityPolicy {
        ContentSecurityPolicy {
            index_files: static_dir
                .map(|dir| super::spa::index_files(dir).to_vec())
                .unwrap_or_default(),
            cached: std::sync::Mutex::new((Vec::new(), policy_for(None))),
        }
    }

    /// The policy for a request path. The API reference page (Swagger UI) needs inline styles;
    /// nothing else is relaxed.
    fn for_path(&self, path: &str) -> String {
        if path.starts_with("/api/docs") {
            return "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'".to_owned();
        }
        let modified: Vec<_> = self
            .index_files
            .iter()
            .map(|index| std::fs::metadata(index).and_then(|m| m.modified()).ok())
            .collect();
        let mut cached = self
            .cached
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if cached.0 != modified {
            let html: String = self
                .index_files
                .iter()
                .filter_map(|index| std::fs::read_to_string(index).ok())
                .collect();
            *cached = (modified, policy_for(Some(&html)));
        }
        cached.1.clone()
    }
}

fn policy_for(index_html: Option<&str>) -> String {
    let hashes: String = index_html
        .map(inline_script_hashes)
        .unwrap_or_default()
        .iter()
        .map(|hash| format!(" 'sha256-{hash}'"))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Base64 SHA-256 of every inline `<script>` (one without `src`) in an HTML document.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<script") {
        let after_open = &rest[open..];
        let Some(tag_end) = after_open.find('>') else {
            break;
        };
        let tag = &after_open[..tag_end];
        let body_and_rest = &after_open[tag_end + 1..];
        let Some(close) = body_and_rest.find("</script>") else {
            break;
        };
        if !tag.contains("src=") {
            let digest = Sha256::digest(&body_and_rest.as_bytes()[..close]);
            hashes.push(base64::engine::general_purpose::STANDARD.encode(digest));
        }
        rest = &body_and_rest[close..];
    }
    hashes
}

/// The security headers of this deployment: the Content-Security-Policy, and
/// `Strict-Transport-Security` when the public URL is https (browsers then never use plain
/// http for this host again, so no one on the way can strip TLS).
#[derive(Debug)]
pub struct SecurityHeaders {
    csp: ContentSecurityPolicy,
    strict_transport: bool,
}

impl SecurityHeaders {
    pub fn new(static_dir: Option<&std::path::Path>, https: bool) -> SecurityHeaders {
        SecurityHeaders {
            csp: ContentSecurityPolicy::new(static_dir),
            strict_transport: https,
        }
    }
}

/// One year, the value browsers' preload lists ask for.
const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// Headers that make browsers stricter with everything we serve.
pub async fn security_headers(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let (csp, strict_transport) = request
        .app_data::<actix_web::web::Data<SecurityHeaders>>()
        .map_or((None, false), |headers| {
            (
                Some(headers.csp.for_path(request.path())),
                headers.strict_transport,
            )
        });
    let mut response = next.call(request).await?;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if let Some(value) = csp.and_then(|csp| HeaderValue::from_str(&csp).ok()) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    if strict_transport {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        );
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inline_scripts_are_hashed() {
        let html =
            "<script type=module>import init from '/a.js';</script><script src=/b.js></script>";
        assert_eq!(inline_script_hashes(html).len(), 1);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), html).unwrap();
        let csp = ContentSecurityPolicy::new(Some(dir.path()));
        let first = csp.for_path("/");
        assert!(first.contains("'sha256-"));
        assert!(first.contains("frame-ancestors 'none'"));
        assert!(!csp.for_path("/book").contains("unsafe-inline"));
    }

    #[test]
    fn the_loader_scripts_of_both_apps_are_allowed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<script>citizens()</script>").unwrap();
        std::fs::create_dir(dir.path().join("staff")).unwrap();
        std::fs::write(
            dir.path().join("staff/index.html"),
            "<script>staff()</script>",
        )
        .unwrap();
        let policy = ContentSecurityPolicy::new(Some(dir.path())).for_path("/admin/day");
        for script in ["citizens()", "staff()"] {
            let hash = inline_script_hashes(&format!("<script>{script}</script>")).remove(0);
            assert!(policy.contains(&hash), "{script} is allowed");
        }
    }

    #[test]
    fn a_rebuilt_index_gets_its_new_hash_without_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index.html");
        std::fs::write(&index, "<script>one()</script>").unwrap();
        let csp = ContentSecurityPolicy::new(Some(dir.path()));
        let before = csp.for_path("/");
        std::fs::write(&index, "<script>two()</script>").unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&index)
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert_ne!(csp.for_path("/"), before);
    }
}
