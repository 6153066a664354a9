-- Full-text search over approval item and fee item names (`q` on their lists, like the ledger's): the trigram
-- tokenizer matches any substring of 3 or more characters, Chinese included. These tables have text ids and no
-- integer key of their own (a VACUUM may renumber their rowids), so each index is keyed by a small table that gives
-- every item a stable integer; triggers keep both in step with every write path (API, imports, decisions).
CREATE TABLE approval_items_fts_keys (fts_rowid INTEGER PRIMARY KEY, item_id TEXT NOT NULL UNIQUE);
--> statement-breakpoint
CREATE VIRTUAL TABLE approval_items_fts USING fts5(name, content='', contentless_delete=1, tokenize='trigram');
--> statement-breakpoint
INSERT INTO approval_items_fts_keys(item_id) SELECT id FROM approval_items ORDER BY id;
--> statement-breakpoint
INSERT INTO approval_items_fts(rowid, name) SELECT k.fts_rowid, a.name FROM approval_items_fts_keys k JOIN approval_items a ON a.id = k.item_id;
--> statement-breakpoint
CREATE TRIGGER approval_items_fts_insert AFTER INSERT ON approval_items BEGIN
  INSERT INTO approval_items_fts_keys(item_id) VALUES (new.id);
  INSERT INTO approval_items_fts(rowid, name) VALUES ((SELECT fts_rowid FROM approval_items_fts_keys WHERE item_id = new.id), new.name);
END;
--> statement-breakpoint
CREATE TRIGGER approval_items_fts_update AFTER UPDATE OF name ON approval_items BEGIN
  DELETE FROM approval_items_fts WHERE rowid = (SELECT fts_rowid FROM approval_items_fts_keys WHERE item_id = old.id);
  INSERT INTO approval_items_fts(rowid, name) VALUES ((SELECT fts_rowid FROM approval_items_fts_keys WHERE item_id = new.id), new.name);
END;
--> statement-breakpoint
CREATE TRIGGER approval_items_fts_delete AFTER DELETE ON approval_items BEGIN
  DELETE FROM approval_items_fts WHERE rowid = (SELECT fts_rowid FROM approval_items_fts_keys WHERE item_id = old.id);
  DELETE FROM approval_items_fts_keys WHERE item_id = old.id;
END;
--> statement-breakpoint
CREATE TABLE fee_items_fts_keys (fts_rowid INTEGER PRIMARY KEY, item_id TEXT NOT NULL UNIQUE);
--> statement-breakpoint
CREATE VIRTUAL TABLE fee_items_fts USING fts5(name, content='', contentless_delete=1, tokenize='trigram');
--> statement-breakpoint
INSERT INTO fee_items_fts_keys(item_id) SELECT id FROM fee_items ORDER BY id;
--> statement-breakpoint
INSERT INTO fee_items_fts(rowid, name) SELECT k.fts_rowid, f.name FROM fee_items_fts_keys k JOIN fee_items f ON f.id = k.item_id;
--> statement-breakpoint
CREATE TRIGGER fee_items_fts_insert AFTER INSERT ON fee_items BEGIN
  INSERT INTO fee_items_fts_keys(item_id) VALUES (new.id);
  INSERT INTO fee_items_fts(rowid, name) VALUES ((SELECT fts_rowid FROM fee_items_fts_keys WHERE item_id = new.id), new.name);
END;
--> statement-breakpoint
CREATE TRIGGER fee_items_fts_update AFTER UPDATE OF name ON fee_items BEGIN
  DELETE FROM fee_items_fts WHERE rowid = (SELECT fts_rowid FROM fee_items_fts_keys WHERE item_id = old.id);
  INSERT INTO fee_items_fts(rowid, name) VALUES ((SELECT fts_rowid FROM fee_items_fts_keys WHERE item_id = new.id), new.name);
END;
--> statement-breakpoint
CREATE TRIGGER fee_items_fts_delete AFTER DELETE ON fee_items BEGIN
  DELETE FROM fee_items_fts WHERE rowid = (SELECT fts_rowid FROM fee_items_fts_keys WHERE item_id = old.id);
  DELETE FROM fee_items_fts_keys WHERE item_id = old.id;
END;
