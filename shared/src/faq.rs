//! The questions and answers of the help page: as citizens read them (one language, the answer
//! parsed into safe [`Block`]s) and as staff edit them (both languages, the answer as markup
//! source; see [`crate::markup`] for the syntax).

use crate::ids::{FaqEntryId, OfficeId};
use crate::markup::Block;
use serde::{Deserialize, Serialize};

/// One question with its answer, in the asked language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FaqEntry {
    pub id: FaqEntryId,
    /// Stable anchor for deep links: `/help#<slug>` or `/help/<slug>`.
    pub slug: String,
    /// The heading the entry is shown under; groups appear in the order of their first entry.
    pub group: String,
    pub question: String,
    /// The answer as a structure of plain strings: render every string as text. It never holds
    /// HTML, and link targets are only `http(s)://`, `mailto:`, `tel:`, `/path` or `#anchor`.
    pub answer: Vec<Block>,
    /// The office the entry is about; `null` for entries that concern every office.
    pub office_id: Option<OfficeId>,
    /// Display order, ascending.
    pub position: i64,
}

/// What staff set for an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FaqEntrySettings {
    /// 1–60 of `a-z`, `0-9` and `-` (not at either end); unique.
    pub slug: String,
    /// `null`: for every office (administrators only); else the office it is about.
    pub office_id: Option<OfficeId>,
    pub group_de: String,
    pub group_en: String,
    pub question_de: String,
    pub question_en: String,
    /// Markup source (see the `markup` module): paragraphs, `- ` lists, `**strong**`,
    /// `[text](https://…|mailto:…|tel:…|/path)`. Other link targets are refused.
    pub answer_de: String,
    pub answer_en: String,
    /// Hidden entries are kept for staff but not shown to citizens.
    pub visible: bool,
}

/// An entry as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminFaqEntry {
    pub id: FaqEntryId,
    pub position: i64,
    /// Whether this account may change or delete the entry (administrators: all; managers:
    /// those of their offices).
    pub editable: bool,
    pub settings: FaqEntrySettings,
}

/// A new order: the listed entries take the positions they occupy now, in the given order;
/// other entries keep theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FaqOrder {
    pub ids: Vec<FaqEntryId>,
}
