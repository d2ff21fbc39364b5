//! The questions and answers of the help page, as stored (both languages, markup source).

use super::{StoreResult, Tx, with_tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FaqRow {
    pub id: i64,
    pub office_id: Option<i64>,
    pub slug: String,
    pub group_de: String,
    pub group_en: String,
    pub question_de: String,
    pub question_en: String,
    pub answer_de: String,
    pub answer_en: String,
    pub position: i64,
    pub visible: bool,
}

/// The columns staff set.
#[derive(Debug, Clone)]
pub struct FaqValues<'a> {
    pub office_id: Option<i64>,
    pub slug: &'a str,
    pub group_de: &'a str,
    pub group_en: &'a str,
    pub question_de: &'a str,
    pub question_en: &'a str,
    pub answer_de: &'a str,
    pub answer_en: &'a str,
    pub visible: bool,
}

const COLUMNS: &str = "id, office_id, slug, group_de, group_en, question_de, question_en, \
    answer_de, answer_en, position, visible";

/// Every entry, hidden ones included, in display order.
pub async fn all(tx: &mut Tx) -> StoreResult<Vec<FaqRow>> {
    let sql = format!("SELECT {COLUMNS} FROM faq_entries ORDER BY position, id");
    Ok(with_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).fetch_all(c).await?))
}

/// The visible entries for every office, plus those of `office_id` (of every office when
/// `None`), in display order.
pub async fn visible(tx: &mut Tx, office_id: Option<i64>) -> StoreResult<Vec<FaqRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM faq_entries WHERE visible \
         AND (office_id IS NULL OR CAST($1 AS BIGINT) IS NULL OR office_id = $1) \
         ORDER BY position, id"
    );
    Ok(
        with_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(office_id).fetch_all(c).await?),
    )
}

pub async fn get(tx: &mut Tx, id: i64) -> StoreResult<Option<FaqRow>> {
    let sql = format!("SELECT {COLUMNS} FROM faq_entries WHERE id = $1");
    Ok(
        with_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(c).await?),
    )
}

/// Inserts an entry after all others; returns its id.
pub async fn insert(tx: &mut Tx, entry: &FaqValues<'_>) -> StoreResult<i64> {
    let sql = "INSERT INTO faq_entries (office_id, slug, group_de, group_en, question_de, \
               question_en, answer_de, answer_en, visible, position) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
               (SELECT COALESCE(MAX(position), -1) + 1 FROM faq_entries)) RETURNING id";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(entry.office_id).bind(entry.slug).bind(entry.group_de).bind(entry.group_en)
        .bind(entry.question_de).bind(entry.question_en).bind(entry.answer_de)
        .bind(entry.answer_en).bind(entry.visible)
        .fetch_one(c).await?))
}

pub async fn update(tx: &mut Tx, id: i64, entry: &FaqValues<'_>) -> StoreResult<()> {
    let sql = "UPDATE faq_entries SET office_id = $2, slug = $3, group_de = $4, group_en = $5, \
               question_de = $6, question_en = $7, answer_de = $8, answer_en = $9, visible = $10 \
               WHERE id = $1";
    with_tx!(tx, c => sqlx::query(sql)
        .bind(id).bind(entry.office_id).bind(entry.slug).bind(entry.group_de)
        .bind(entry.group_en).bind(entry.question_de).bind(entry.question_en)
        .bind(entry.answer_de).bind(entry.answer_en).bind(entry.visible)
        .execute(c).await?.rows_affected());
    Ok(())
}

pub async fn set_position(tx: &mut Tx, id: i64, position: i64) -> StoreResult<()> {
    let sql = "UPDATE faq_entries SET position = $2 WHERE id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(id).bind(position).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn delete(tx: &mut Tx, id: i64) -> StoreResult<()> {
    let sql = "DELETE FROM faq_entries WHERE id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(id).execute(c).await?.rows_affected());
    Ok(())
}
