/**
 * The app's attack surface read from the source tree and the build, so access tests cover a new
 * page, route handler or server action without anyone remembering to list it.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export interface AppEntry {
  kind: "page" | "route";
  /** e.g. app/(dashboard)/people/[id]/page.tsx */
  file: string;
  /** The URL pattern: route groups dropped, dynamic segments kept, e.g. /people/[id]. */
  pattern: string;
  /** Route handlers: the HTTP methods the file exports. Pages: GET. */
  methods: string[];
}

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      // _folders are private (never routed) in the App Router.
      if (!name.startsWith("_")) yield* walk(full);
    } else {
      yield full;
    }
  }
}

function patternOf(appDir: string, file: string): string {
  const segments = path
    .relative(appDir, path.dirname(file))
    .split(path.sep)
    .filter((segment) => segment !== "" && !/^\(.*\)$/.test(segment) && !segment.startsWith("@"));
  return `/${segments.join("/")}`;
}

export function appEntries(appDir = "app"): AppEntry[] {
  const entries: AppEntry[] = [];
  for (const file of walk(appDir)) {
    const base = path.basename(file);
    if (/^page\.(tsx|ts|jsx|js|mdx)$/.test(base)) {
      entries.push({ kind: "page", file, pattern: patternOf(appDir, file), methods: ["GET"] });
    } else if (/^route\.(ts|js)$/.test(base)) {
      const source = readFileSync(file, "utf8");
      const methods = HTTP_METHODS.filter((method) => new RegExp(`export\\s+(?:async\\s+)?(?:function|const|let)\\s+${method}\\b`).test(source) || new RegExp(`export\\s*\\{[^}]*\\b${method}\\b[^}]*\\}`).test(source));
      entries.push({ kind: "route", file, pattern: patternOf(appDir, file), methods });
    }
  }
  return entries;
}

export interface ManifestAction {
  id: string;
  /** e.g. app/(dashboard)/settings/actions.ts */
  file: string;
  name: string;
  /** The page entries that bundle it, e.g. app/(dashboard)/settings/page. */
  workers: string[];
}

interface ServerReferenceManifest {
  node?: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }>;
  edge?: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }>;
}

/** Every server action the production build can run, from the manifest Next writes at build time. */
export function manifestActions(buildDir = ".next"): ManifestAction[] {
  const manifest = JSON.parse(readFileSync(path.join(buildDir, "server", "server-reference-manifest.json"), "utf8")) as ServerReferenceManifest;
  return [...Object.entries(manifest.node ?? {}), ...Object.entries(manifest.edge ?? {})].map(([id, entry]) => ({
    id,
    file: entry.filename,
    name: entry.exportedName,
    workers: Object.keys(entry.workers),
  }));
}

/** The exported async functions of every file whose first statement is "use server". */
export function useServerExports(roots = ["app", "lib", "components", "db"]): { file: string; name: string }[] {
  const found: { file: string; name: string }[] = [];
  for (const root of roots) {
    for (const file of walk(root)) {
      if (!/\.(ts|tsx|js|jsx)$/.test(file) || /\.test\./.test(file)) continue;
      const source = readFileSync(file, "utf8");
      const code = source.replace(/^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, "");
      if (!/^["']use server["']/.test(code)) continue;
      for (const match of source.matchAll(/export\s+(?:async\s+function\s+(\w+)|const\s+(\w+)\s*=\s*async\b)/g)) {
        found.push({ file: file.split(path.sep).join("/"), name: match[1] ?? match[2] ?? "" });
      }
    }
  }
  return found;
}

/** Page entry of a manifest worker: app/(dashboard)/settings/page → /settings. */
export function workerPattern(worker: string): string | undefined {
  if (!worker.startsWith("app/") || !worker.endsWith("/page")) return undefined;
  return patternOf("app", `${worker}.tsx`);
}

const requireFromHere = createRequire(import.meta.url);
// React's own reply encoder, the one the browser bundle uses to serialise a server action's arguments.
const { encodeReply } = requireFromHere("next/dist/compiled/react-server-dom-webpack/client.node") as {
  encodeReply(value: unknown): Promise<string | FormData>;
};

export interface ActionResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The action's return value decoded from the RSC payload, when there is one. */
  result: unknown;
}

/** The RSC rows of a response: `id:json` lines; the root row's `a` points at the action's result. */
function decodeResult(text: string): unknown {
  const rows = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^([0-9a-f]+):(.*)$/.exec(line);
    if (match?.[1] && match[2] !== undefined) rows.set(match[1], match[2]);
  }
  try {
    const root = JSON.parse(rows.get("0") ?? "null") as { a?: unknown } | null;
    if (typeof root?.a !== "string") return undefined;
    const ref = /^\$@([0-9a-f]+)$/.exec(root.a)?.[1];
    if (!ref) return undefined;
    const row = rows.get(ref);
    return row === undefined ? undefined : (JSON.parse(row) as unknown);
  } catch {
    return undefined;
  }
}

/**
 * Calls a server action exactly as the client router does: POST to a page with the `Next-Action`
 * header and the arguments encoded by React (text/plain JSON, or multipart when a FormData is among them).
 */
export async function callAction(
  baseUrl: string,
  options: { id: string; page: string; args: unknown[]; cookie?: string; origin?: string | null; headers?: Record<string, string> },
): Promise<ActionResponse> {
  const body = await encodeReply(options.args);
  const headers: Record<string, string> = { ...options.headers, "next-action": options.id, accept: "text/x-component" };
  if (typeof body === "string") headers["content-type"] = "text/plain;charset=UTF-8";
  if (options.cookie) headers.cookie = options.cookie;
  const origin = options.origin === undefined ? baseUrl : options.origin;
  if (origin !== null) headers.origin = origin;
  const response = await fetch(`${baseUrl}${options.page}`, { method: "POST", headers, body, redirect: "manual" });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, result: decodeResult(text) };
}

/**
 * A plain HTML form post to an action (no JavaScript, no custom headers): the only shape a
 * cross-site page can make a browser send, so the one CSRF has to be stopped on.
 */
export async function postActionForm(baseUrl: string, options: { id: string; page: string; fields: Record<string, string>; cookie?: string; origin: string }): Promise<{ status: number; text: string }> {
  const form = new FormData();
  form.set(`$ACTION_ID_${options.id}`, "");
  for (const [key, value] of Object.entries(options.fields)) form.set(key, value);
  const headers: Record<string, string> = { origin: options.origin };
  if (options.cookie) headers.cookie = options.cookie;
  const response = await fetch(`${baseUrl}${options.page}`, { method: "POST", headers, body: form, redirect: "manual" });
  return { status: response.status, text: await response.text() };
}

/** The built server action called `name` (names are unique: access-control checks it). */
export function actionNamed(name: string, buildDir = ".next"): ManifestAction {
  const action = manifestActions(buildDir).find((candidate) => candidate.name === name);
  if (!action) throw new Error(`no server action ${name} in the build`);
  return action;
}
