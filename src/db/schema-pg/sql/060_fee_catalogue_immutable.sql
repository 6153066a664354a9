-- PostgreSQL counterpart of src/db/sql/060_fee_catalogue_immutable.sql: a published fee catalogue version never
-- changes (task 5.1: 向社会公布的目录), refused in the database itself with the same message. SQLite's RAISE(ABORT) is
-- a constraint error; here SQLSTATE 23001 (restrict_violation, class 23 integrity constraint). TRUNCATE, which skips
-- row triggers and has no SQLite equivalent, is refused too. EXECUTE PROCEDURE (not FUNCTION): openGauss accepts only it.
CREATE OR REPLACE FUNCTION fee_catalogue_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'fee catalogue versions are immutable' USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER fee_catalogues_no_update BEFORE UPDATE ON fee_catalogues FOR EACH ROW EXECUTE PROCEDURE fee_catalogue_immutable();
--> statement-breakpoint
CREATE TRIGGER fee_catalogues_no_delete BEFORE DELETE ON fee_catalogues FOR EACH ROW EXECUTE PROCEDURE fee_catalogue_immutable();
--> statement-breakpoint
CREATE TRIGGER fee_catalogues_no_truncate BEFORE TRUNCATE ON fee_catalogues FOR EACH STATEMENT EXECUTE PROCEDURE fee_catalogue_immutable();
--> statement-breakpoint
CREATE TRIGGER fee_catalogue_entries_no_update BEFORE UPDATE ON fee_catalogue_entries FOR EACH ROW EXECUTE PROCEDURE fee_catalogue_immutable();
--> statement-breakpoint
CREATE TRIGGER fee_catalogue_entries_no_delete BEFORE DELETE ON fee_catalogue_entries FOR EACH ROW EXECUTE PROCEDURE fee_catalogue_immutable();
--> statement-breakpoint
CREATE TRIGGER fee_catalogue_entries_no_truncate BEFORE TRUNCATE ON fee_catalogue_entries FOR EACH STATEMENT EXECUTE PROCEDURE fee_catalogue_immutable();
