import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { recentAudit } from "@/db/queries/audit";
import { findUserByEmail } from "@/db/queries/users";
import { SYSTEM_ACTOR } from "@/lib/audit";
import { verifyPassword } from "@/lib/auth/password";
import { createUser, setUserActive } from "@/lib/auth/users";
import { tempDb } from "../support/db";

const run = (script: string, ...args: string[]) => runWith({}, script, ...args);
function runWith(env: Record<string, string>, script: string, ...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", path.join("scripts", script), ...args], { encoding: "utf8", env: { ...process.env, DATABASE_PATH: ":memory:", ...env } });
}

describe("operator scripts' command lines", () => {
  it.each([
    ["purge.ts", "npm run purge"],
    ["verify-records.ts", "npm run verify-records"],
    ["seed-large.ts", "npm run seed:large"],
    ["bench.ts", "npm run bench"],
    ["reset-password.ts", "NEW_PASSWORD=… npm run reset-password"],
  ])("%s --help prints its usage and does nothing else", (script, command) => {
    const result = run(script, "--help");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Usage: ${command}`);
    expect(result.stderr).toBe("");
  });

  it("names a mistyped option and shows the usage, without a stack trace", () => {
    const result = run("verify-records.ts", "--databse", "x.db");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--databse'");
    expect(result.stderr).toContain("Usage: npm run verify-records");
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it("says so when an option is missing its value", () => {
    const result = run("purge.ts", "--database");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--database");
    expect(result.stderr).toContain("Usage: npm run purge");
  });

  it("reset-password sets the password from the environment, reactivates the user and audits it as the command line", async () => {
    const t = tempDb();
    try {
      const admin = await createUser(t.db, SYSTEM_ACTOR, { email: "only-admin@example.com", name: "", role: "admin", password: "forgotten-password" });
      await createUser(t.db, SYSTEM_ACTOR, { email: "spare@example.com", name: "", role: "admin", password: "spare-password-1" });
      setUserActive(t.db, SYSTEM_ACTOR, admin.id, false);

      const missing = runWith({ NEW_PASSWORD: "" }, "reset-password.ts", "--email", "only-admin@example.com", "--database", t.file);
      expect(missing.status).toBe(2);
      expect(missing.stderr).toContain("NEW_PASSWORD is not set");
      const weak = runWith({ RECOVERY_SECRET: "qwerty123" }, "reset-password.ts", "--email", "only-admin@example.com", "--password-env", "RECOVERY_SECRET", "--database", t.file);
      expect(weak.status).toBe(1);
      expect(weak.stderr).toContain("RECOVERY_SECRET: This is one of the most common passwords");
      const unknown = runWith({ NEW_PASSWORD: "remembered-at-last" }, "reset-password.ts", "--email", "nobody@example.com", "--database", t.file);
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain("No user has the email nobody@example.com");

      const done = runWith({ NEW_PASSWORD: "remembered-at-last" }, "reset-password.ts", "--email", "only-admin@example.com", "--database", t.file);
      expect(done.stderr).toBe("");
      expect(done.status).toBe(0);
      expect(done.stdout).toContain("only-admin@example.com");
      expect(done.stdout).not.toContain("remembered-at-last");
      const stored = findUserByEmail(t.db, "only-admin@example.com")!;
      expect(stored.active).toBe(true);
      expect(await verifyPassword("remembered-at-last", stored.passwordHash)).toBe(true);
      expect(recentAudit(t.db, 1)[0]).toMatchObject({ action: "user.password_reset", target: "only-admin@example.com", actorLabel: "command line (npm run reset-password)" });
    } finally {
      t.close();
    }
  });
});
