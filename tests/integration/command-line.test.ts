import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const run = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", path.join("scripts", script), ...args], { encoding: "utf8", env: { ...process.env, DATABASE_PATH: ":memory:" } });

describe("operator scripts' command lines", () => {
  it.each([
    ["purge.ts", "npm run purge"],
    ["verify-records.ts", "npm run verify-records"],
    ["seed-large.ts", "npm run seed:large"],
    ["bench.ts", "npm run bench"],
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
});
