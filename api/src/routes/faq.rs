//! `GET /api/v1/faq`: the questions and answers of the help page, in the citizen's language.

use super::extract::RequestLocale;
use crate::error::Result;
use crate::routes::state::AppState;
use crate::scheduling::faq;
use actix_web::{HttpResponse, get, web};
use shared::faq::FaqEntry;
use shared::ids::OfficeId;
use shared::problem::Problem;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FaqQuery {
    /// Language of the texts; default: `Accept-Language`, else `de`.
    #[allow(dead_code)]
    #[param(value_type = Option<shared::locale::Locale>)]
    pub lang: Option<String>,
    /// Only the entries for every office plus those of this office (without it: the entries
    /// of all offices; an unknown office has no entries of its own).
    #[param(value_type = Option<i64>)]
    pub office_id: Option<OfficeId>,
}

/// Visible questions and answers in display order. Each answer is a structure of plain
/// strings (paragraphs, lists, strong text, links with `http(s)`, `mailto`, `tel` or
/// site-relative targets only): render every string as text, never as HTML.
#[utoipa::path(get, path = "/api/v1/faq", security((), ("api_key" = [])), tag = "help", params(FaqQuery),
    responses(
        (status = 200, description = "The entries", body = Vec<FaqEntry>),
        (status = 422, description = "Unsupported language", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/faq")]
pub async fn list(
    state: web::Data<AppState>,
    locale: RequestLocale,
    query: web::Query<FaqQuery>,
) -> Result<HttpResponse> {
    let mut tx = state.db.begin_read().await?;
    let entries = faq::entries(&mut tx, locale.0, query.office_id).await?;
    Ok(HttpResponse::Ok().json(entries))
}
