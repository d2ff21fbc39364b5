-- Questions and answers of the help page, edited by staff. SQLite flavour; the PostgreSQL
-- twin in ../postgres/0006_faq.sql must stay equivalent.
--
-- Texts come in both languages. Answers are stored as markup source (see shared::markup) and
-- parsed into a safe structure whenever they are read, so a stricter parser applies to old
-- entries too. An entry with an office_id concerns that office only; NULL concerns every
-- office. Hidden entries are kept for staff but not shown to citizens.
CREATE TABLE faq_entries (
    id          INTEGER PRIMARY KEY,
    office_id   INTEGER REFERENCES offices (id) ON DELETE CASCADE,
    slug        TEXT    NOT NULL UNIQUE, -- the anchor of deep links: /help#<slug>
    group_de    TEXT    NOT NULL,
    group_en    TEXT    NOT NULL,
    question_de TEXT    NOT NULL,
    question_en TEXT    NOT NULL,
    answer_de   TEXT    NOT NULL,
    answer_en   TEXT    NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0,
    visible     BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE INDEX faq_entries_in_order ON faq_entries (position, id);
