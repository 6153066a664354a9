-- custom: 010_rectification_fts.sql
-- Full-text search over rectification item titles and descriptions (Chinese: the trigram tokenizer matches any
-- substring of 3 or more characters). Contentless with deletes, keyed by rectification_items.seq; kept in step by triggers.
CREATE VIRTUAL TABLE rectification_items_fts USING fts5(title, description, content='', contentless_delete=1, tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER rectification_items_fts_insert AFTER INSERT ON rectification_items BEGIN
  INSERT INTO rectification_items_fts(rowid, title, description) VALUES (new.seq, new.title, coalesce(new.description, ''));
END;
--> statement-breakpoint
CREATE TRIGGER rectification_items_fts_update AFTER UPDATE OF title, description ON rectification_items BEGIN
  DELETE FROM rectification_items_fts WHERE rowid = old.seq;
  INSERT INTO rectification_items_fts(rowid, title, description) VALUES (new.seq, new.title, coalesce(new.description, ''));
END;
--> statement-breakpoint
CREATE TRIGGER rectification_items_fts_delete AFTER DELETE ON rectification_items BEGIN
  DELETE FROM rectification_items_fts WHERE rowid = old.seq;
END;
