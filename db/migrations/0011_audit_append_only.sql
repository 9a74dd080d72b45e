-- The audit log only grows: once a row is sealed into the hash chain, the database refuses to
-- change or delete it. (drizzle-kit cannot describe triggers: generated with --custom, written here.)
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` WHEN old.hash IS NOT NULL BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
