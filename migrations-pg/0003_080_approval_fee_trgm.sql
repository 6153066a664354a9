-- custom: 080_approval_fee_trgm.sql
-- PostgreSQL counterpart of src/db/sql/080_approval_fee_fts.sql: `q` over approval item (行政审批事项) and fee item
-- (收费项目) names. SQLite needs an integer-keyed FTS5 table per name plus key tables and triggers; here a pg_trgm GIN
-- index on each name column serves `name LIKE '%…%'` (and ILIKE). 010 created the extension.
CREATE INDEX approval_items_name_trgm ON approval_items USING gin (name gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX fee_items_name_trgm ON fee_items USING gin (name gin_trgm_ops);
