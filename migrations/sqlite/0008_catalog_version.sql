-- The catalogue version: a number that changes with every change to what staff configure
-- (offices, services, their documents and offers, opening rules, closures). Each server process
-- keeps one in-memory copy of the catalogue and reads it again only when this number differs, so
-- a booking reads one row instead of the whole configuration. Triggers change it, so no write
-- path can forget to, and so do other processes and manual SQL.
--
-- The number is drawn at random rather than counted: a transaction that changes the catalogue
-- and rolls back (a dry run) may already have cached its copy under its number, and that number
-- must never come back for different data.
-- SQLite flavour; the PostgreSQL twin in ../postgres/0008_catalog_version.sql must stay equivalent.

CREATE TABLE catalog_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, random());

CREATE TRIGGER offices_insert_changes_catalog AFTER INSERT ON offices
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;

CREATE TRIGGER offices_update_changes_catalog AFTER UPDATE ON offices
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;

CREATE TRIGGER offices_delete_changes_catalog AFTER DELETE ON offices
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;

CREATE TRIGGER services_insert_changes_catalog AFTER INSERT ON services
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;

CREATE TRIGGER services_update_changes_catalog AFTER UPDATE ON services
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;

CREATE TRIGGER services_delete_changes_catalog AFTER DELETE ON services
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;

CREATE TRIGGER service_documents_insert_changes_catalog AFTER INSERT ON service_documents
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;

CREATE TRIGGER service_documents_update_changes_catalog AFTER UPDATE ON service_documents
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;

CREATE TRIGGER service_documents_delete_changes_catalog AFTER DELETE ON service_documents
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;

CREATE TRIGGER office_services_insert_changes_catalog AFTER INSERT ON office_services
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;

CREATE TRIGGER office_services_update_changes_catalog AFTER UPDATE ON office_services
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;

CREATE TRIGGER office_services_delete_changes_catalog AFTER DELETE ON office_services
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;

CREATE TRIGGER opening_rules_insert_changes_catalog AFTER INSERT ON opening_rules
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;

CREATE TRIGGER opening_rules_update_changes_catalog AFTER UPDATE ON opening_rules
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;

CREATE TRIGGER opening_rules_delete_changes_catalog AFTER DELETE ON opening_rules
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;

CREATE TRIGGER closures_insert_changes_catalog AFTER INSERT ON closures
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;

CREATE TRIGGER closures_update_changes_catalog AFTER UPDATE ON closures
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;

CREATE TRIGGER closures_delete_changes_catalog AFTER DELETE ON closures
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;
