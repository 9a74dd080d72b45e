-- The full-text index is filled once per transaction instead of once per row. FTS5 writes its
-- pending tokens out as a new segment whenever a statement inside a transaction opens a
-- savepoint, which every trigger-bearing insert does, so a per-row trigger made one segment (and
-- later merges) per message. Inserts now only note the row id; db/search-index.ts moves the noted
-- rows into the index in one statement just before each write transaction commits.
-- drizzle-kit cannot describe triggers, so this migration was generated empty with
-- `drizzle-kit generate --custom` and written by hand.
CREATE TABLE `messages_fts_pending` (`id` integer PRIMARY KEY NOT NULL);
--> statement-breakpoint
DROP TRIGGER `messages_fts_insert`;
--> statement-breakpoint
DROP TRIGGER `messages_fts_delete`;
--> statement-breakpoint
DROP TRIGGER `messages_fts_update`;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_insert` AFTER INSERT ON `messages` BEGIN
  INSERT INTO messages_fts_pending(id) VALUES (new.id);
END;
--> statement-breakpoint
-- A row still waiting for the index was never tokenised: telling FTS5 to forget it would corrupt
-- the index, so it only leaves the waiting list.
CREATE TRIGGER `messages_fts_delete` AFTER DELETE ON `messages` BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, body) SELECT 'delete', old.id, old.body WHERE NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE id = old.id);
  DELETE FROM messages_fts_pending WHERE id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_update` AFTER UPDATE OF body ON `messages` BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, body) SELECT 'delete', old.id, old.body WHERE NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE id = old.id);
  DELETE FROM messages_fts_pending WHERE id = old.id;
  INSERT INTO messages_fts_pending(id) VALUES (new.id);
END;
