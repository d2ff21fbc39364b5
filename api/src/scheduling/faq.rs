//! The questions and answers of the help page as citizens read them: visible entries only, in
//! their language, answers parsed into the safe structure of `shared::markup`.

use super::Result;
use super::catalog::pick;
use crate::store::Tx;
use crate::store::faq::{self, FaqRow};
use shared::faq::FaqEntry;
use shared::ids::{FaqEntryId, OfficeId};
use shared::locale::Locale;
use shared::markup;

/// The visible entries for every office plus those of `office_id` (of all offices if `None`).
#[tracing::instrument(skip_all, fields(office_id = ?office_id))]
pub async fn entries(
    tx: &mut Tx,
    locale: Locale,
    office_id: Option<OfficeId>,
) -> Result<Vec<FaqEntry>> {
    let rows = faq::visible(tx, office_id.map(|id| id.0)).await?;
    Ok(rows.iter().map(|row| entry_view(row, locale)).collect())
}

fn entry_view(row: &FaqRow, locale: Locale) -> FaqEntry {
    FaqEntry {
        id: FaqEntryId(row.id),
        slug: row.slug.clone(),
        group: pick(locale, &row.group_de, &row.group_en).to_owned(),
        question: pick(locale, &row.question_de, &row.question_en).to_owned(),
        answer: markup::parse(pick(locale, &row.answer_de, &row.answer_en)),
        office_id: row.office_id.map(OfficeId),
        position: row.position,
    }
}
