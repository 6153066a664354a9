-- PostgreSQL counterpart of src/db/sql/010_rectification_fts.sql: substring search over rectification item (整改事项)
-- titles and descriptions. SQLite keeps an FTS5 trigram table in step by triggers; here pg_trgm GIN indexes on the
-- same columns serve `title LIKE '%…%' OR description LIKE '%…%'` (and ILIKE) directly, with no triggers. pg_trgm is
-- the one extension allowed (信创: openGauss/KingbaseES ship it); before PostgreSQL 13 it needs a superuser to create.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX rectification_items_title_trgm ON rectification_items USING gin (title gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX rectification_items_description_trgm ON rectification_items USING gin (description gin_trgm_ops);
