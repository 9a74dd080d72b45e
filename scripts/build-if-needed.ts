import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "db", "public", "package-lock.json", "next.config.ts", "postcss.config.mjs", "tsconfig.json"];
const STAMP = path.join(".next", "switchboard-source-hash");

function* files(entry: string): Generator<string> {
  if (!existsSync(entry)) return;
  if (statSync(entry).isFile()) {
    yield entry;
    return;
  }
  for (const name of readdirSync(entry).sort()) yield* files(path.join(entry, name));
}

/** A fingerprint of everything the build depends on, so a pulled change is never served from an old build. */
export function sourceHash(): string {
  const hash = createHash("sha256");
  for (const source of SOURCES) {
    for (const file of files(source)) hash.update(file).update("\0").update(readFileSync(file));
  }
  return hash.digest("hex");
}

export async function ensureBuild(options: { force?: boolean } = {}): Promise<void> {
  const wanted = sourceHash();
  const built = !options.force && existsSync(path.join(".next", "BUILD_ID")) && existsSync(STAMP) ? readFileSync(STAMP, "utf8") : "";
  if (built === wanted) return;
  if (!options.force) console.log(built ? "Sources changed since the last build: building…" : "No build found: building (takes a minute or two)…");
  const result = spawnSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("next build failed");
  // Hash again: next build may itself touch tracked config (tsconfig.json include paths).
  writeFileSync(STAMP, sourceHash());
}
