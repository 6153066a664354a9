-- custom: 060_fee_catalogue_immutable.sql
-- A published fee catalogue version never changes (task 5.1: 向社会公布的目录): refuse UPDATE and DELETE in the database itself.
CREATE TRIGGER fee_catalogues_no_update BEFORE UPDATE ON fee_catalogues BEGIN SELECT RAISE(ABORT, 'fee catalogue versions are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER fee_catalogues_no_delete BEFORE DELETE ON fee_catalogues BEGIN SELECT RAISE(ABORT, 'fee catalogue versions are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER fee_catalogue_entries_no_update BEFORE UPDATE ON fee_catalogue_entries BEGIN SELECT RAISE(ABORT, 'fee catalogue versions are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER fee_catalogue_entries_no_delete BEFORE DELETE ON fee_catalogue_entries BEGIN SELECT RAISE(ABORT, 'fee catalogue versions are immutable'); END;
