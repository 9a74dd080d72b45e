import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyMigrations, migrationState, openDatabase } from "./client";

describe("database", () => {
  it("creates the folder and file, applies every migration once, and sets the pragmas", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "switchboard-db-"));
    try {
      const file = path.join(dir, "nested", "deeper", "switchboard.db");
      const db = openDatabase(file);
      expect(migrationState(db)).toMatchObject({ applied: 0, latest: null });
      applyMigrations(db);
      applyMigrations(db);
      const state = migrationState(db);
      expect(state.pending).toBe(0);
      expect(state.latest?.tag).toMatch(/^\d{4}_/);
      expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(db.$client.pragma("busy_timeout", { simple: true })).toBe(5000);
      const tables = (db.$client.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((row) => row.name);
      expect(tables).toEqual(expect.arrayContaining(["users", "sessions", "settings", "audit_log", "error_log", "contacts", "messages"]));
      db.$client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a second message with the same MessageSid", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "switchboard-db-"));
    try {
      const db = openDatabase(path.join(dir, "db.sqlite"));
      applyMigrations(db);
      const insert = db.$client.prepare(
        "insert into messages (message_sid, direction, from_address, to_address, body, status, updated_at) values (?, 'inbound', 'a', 'b', '', 'received', 0)",
      );
      insert.run("SM00000000000000000000000000000001");
      expect(() => insert.run("SM00000000000000000000000000000001")).toThrow(/UNIQUE/);
      db.$client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
