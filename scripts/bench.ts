/**
 * `npm run bench [-- --sizes 10000,1000000 --runs 15 --seconds 10 --only webhooks|scale]`
 * Measures, side by side in one run: the webhook path against a bare node:http reference, and pages
 * against seeded databases of each size. Writes JSON and Markdown under bench/results/. A benchmark,
 * not a test: it reports pass or miss and exits 0. `--smoke` (in npm test) runs a few seconds of
 * webhooks only and exits 1 if anything acknowledged was lost or doubled.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuild } from "./build-if-needed";
import { benchScale } from "./bench/scale";
import { benchWebhooks } from "./bench/webhooks";
import { readCommandLine } from "./cli";

const values = readCommandLine(
  "Usage: npm run bench -- [--only webhooks|scale] [--seconds 10] [--connections 32,64] [--sizes 10000,1000000] [--runs 15] [--smoke]\n  Webhooks against a bare reference, and pages at each database size; results in bench/results/.",
  {
    sizes: { type: "string", default: "10000,1000000" },
    runs: { type: "string", default: "15" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "32,64" },
    only: { type: "string" },
    smoke: { type: "boolean", default: false },
  },
);
const sizes = values.sizes.split(",").map(Number).filter((size) => Number.isInteger(size) && size > 0);
const smoke = values.smoke;
const parts = smoke ? ["webhooks"] : values.only ? [values.only] : ["webhooks", "scale"];

const PAGE_LIMIT_MS = 100;
const GROWTH_LIMIT = 1.5;

type Db = Parameters<Parameters<typeof benchScale>[1][number]["path"]>[0];
const busiestNumber = (db: Db) =>
  (db.$client.prepare("select c.phone from contacts c order by (select count(*) from messages m where m.contact_id = c.id) desc limit 1").get() as { phone: string }).phone;

async function main() {
  await ensureBuild();
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`Machine: ${machine}`);
  const sections: string[] = [];
  const report: Record<string, unknown> = { at: new Date().toISOString(), machine };
  let integrityOk = true;
  let appErrors = 0;

  if (parts.includes("webhooks")) {
    console.log("Webhooks: app vs bare reference");
    const connections = smoke ? [8] : values.connections.split(",").map(Number);
    const load = await benchWebhooks({ connections, seconds: smoke ? 2 : Number(values.seconds) });
    const rows = load.filter((row) => row.target === "app").map((app) => {
      const reference = load.find((row) => row.target === "reference" && row.kind === app.kind && row.connections === app.connections)!;
      const ratio = app.requestsPerSecond / reference.requestsPerSecond;
      const checks = [ratio >= 0.5, app.kind !== "incoming" || app.connections !== 32 || app.p99 < 50, app.lost === 0 && app.doubled === 0, app.errors === 0 && app.non2xx === 0];
      return { app, reference, ratio, pass: checks.every(Boolean) };
    });
    integrityOk = load.every((row) => row.lost === 0 && row.doubled === 0) && load.some((row) => row.kind === "incoming" && row.acknowledged > 0);
    appErrors = load.filter((row) => row.target === "app").reduce((sum, row) => sum + row.errors + row.non2xx, 0);
    const table = [
      "| Webhook | Conns | App req/s | Reference req/s | Ratio | App p50 / p99 | Reference p50 / p99 | Errors | Stored / lost / doubled | Target |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
      ...rows.map(({ app, reference, ratio, pass }) =>
        `| ${app.kind} | ${app.connections} | ${app.requestsPerSecond.toFixed(0)} | ${reference.requestsPerSecond.toFixed(0)} | ${ratio.toFixed(2)}x | ${app.p50} / ${app.p99} ms | ${reference.p50} / ${reference.p99} ms | ${app.errors + app.non2xx} | ${app.kind === "incoming" ? `${app.acknowledged - app.lost} / ${app.lost} / ${app.doubled}` : "—"} | ${pass ? "pass" : "MISS"} |`,
      ),
    ].join("\n");
    console.log(`\n${table}\n`);
    sections.push(`Webhooks (unique signed Twilio requests, ${smoke ? 2 : values.seconds} s per run; targets: ≥0.5x the reference, incoming p99 < 50 ms at 32 connections, nothing lost or doubled):\n\n${table}`);
    report.webhooks = rows;
  }

  if (parts.includes("scale")) {
  const scale = await benchScale(
    sizes,
    [
      { page: "Inbox, first page", path: () => "/inbox" },
      { page: "Inbox, filtered", path: () => "/inbox?direction=sent&status=failed" },
      { page: "Inbox, search", path: () => "/inbox?q=declaration" },
      { page: "Inbox, three filters", path: () => "/inbox?direction=received&handled=open&command=STATUS" },
      { page: "Conversation thread", path: (db) => `/inbox/${busiestNumber(db).slice(1)}` },
      { page: "Analytics, 30 days", path: () => "/analytics?period=30d" },
      { page: "Analytics, 12 months", path: () => "/analytics?period=12m" },
    ],
    Number(values.runs),
  );

  const [small, large] = [Math.min(...sizes), Math.max(...sizes)];
  const rows = scale.map((result) => {
    const atLarge = result.medianMs[large]!;
    const ratio = sizes.length > 1 ? atLarge / result.medianMs[small]! : 1;
    const pass = atLarge < PAGE_LIMIT_MS && ratio <= GROWTH_LIMIT;
    return { ...result, ratio, pass };
  });
  const header = `| Page | ${sizes.map((size) => `${size.toLocaleString("en")} msgs`).join(" | ")} | ratio | target (<${PAGE_LIMIT_MS} ms, ≤${GROWTH_LIMIT}x) |`;
  const table = [
    header,
    `|${" --- |".repeat(sizes.length + 3)}`,
    ...rows.map((row) => `| ${row.page} | ${sizes.map((size) => `${row.medianMs[size]!.toFixed(1)} ms`).join(" | ")} | ${row.ratio.toFixed(2)}x | ${row.pass ? "pass" : "MISS"} |`),
  ].join("\n");
  console.log(`\n${table}\n`);
  sections.push(`Server time per page (median of ${values.runs} signed-in requests on loopback, production build):\n\n${table}`);
  report.scale = rows;
  }

  mkdirSync(path.join("bench", "results"), { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const json = path.join("bench", "results", `bench-${stamp}.json`);
  writeFileSync(json, JSON.stringify(report, null, 2));
  writeFileSync(path.join("bench", "results", `bench-${stamp}.md`), `# Benchmark ${new Date().toISOString()}\n\nMachine: ${machine}\n\n${sections.join("\n\n")}\n`);
  console.log(`Results: ${json}`);
  if (smoke) {
    console.log(integrityOk ? "Smoke: every acknowledged message stored exactly once." : "Smoke: FAILED, acknowledged messages were lost or doubled.");
    // A few seconds at 8 connections is far below any limit: a single error or non-2xx answer is a fault.
    if (appErrors > 0) console.log(`Smoke: FAILED, the app answered ${appErrors} requests with an error or a non-2xx status.`);
    if (!integrityOk || appErrors > 0) process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
