-- The catalogue version: a number that changes with every change to what staff configure
-- (offices, services, their documents and offers, opening rules, closures). Each server process
-- keeps one in-memory copy of the catalogue and reads it again only when this number differs, so
-- a booking reads one row instead of the whole configuration. Triggers change it, so no write
-- path can forget to, and so do other processes and manual SQL.
--
-- The number is drawn at random rather than counted: a transaction that changes the catalogue
-- and rolls back (a dry run) may already have cached its copy under its number, and that number
-- must never come back for different data.
-- PostgreSQL flavour; the SQLite twin in ../sqlite/0008_catalog_version.sql must stay equivalent.
-- Values come from a sequence, which never hands out a number twice, even across rollbacks.

CREATE SEQUENCE catalog_versions;

CREATE TABLE catalog_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT  NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, nextval('catalog_versions'));

CREATE FUNCTION change_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalog_version SET version = nextval('catalog_versions') WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER offices_change_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON offices
    FOR EACH STATEMENT EXECUTE FUNCTION change_catalog_version();

CREATE TRIGGER services_change_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON services
    FOR EACH STATEMENT EXECUTE FUNCTION change_catalog_version();

CREATE TRIGGER service_documents_change_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_documents
    FOR EACH STATEMENT EXECUTE FUNCTION change_catalog_version();

CREATE TRIGGER office_services_change_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON office_services
    FOR EACH STATEMENT EXECUTE FUNCTION change_catalog_version();

CREATE TRIGGER opening_rules_change_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON opening_rules
    FOR EACH STATEMENT EXECUTE FUNCTION change_catalog_version();

CREATE TRIGGER closures_change_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON closures
    FOR EACH STATEMENT EXECUTE FUNCTION change_catalog_version();
