/**
 * `npm run bench [-- --sizes 10000,1000000 --runs 15]`: measures pages against seeded databases of
 * each size, side by side in one run, and writes JSON and Markdown under bench/results/. A
 * benchmark, not a test: it reports pass or miss against the targets and always exits 0.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureBuild } from "./build-if-needed";
import { benchScale } from "./bench/scale";

const { values } = parseArgs({ options: { sizes: { type: "string", default: "10000,1000000" }, runs: { type: "string", default: "15" } } });
const sizes = values.sizes.split(",").map(Number).filter((size) => Number.isInteger(size) && size > 0);

const PAGE_LIMIT_MS = 100;
const GROWTH_LIMIT = 1.5;

type Db = Parameters<Parameters<typeof benchScale>[1][number]["path"]>[0];
const busiestNumber = (db: Db) =>
  (db.$client.prepare("select c.phone from contacts c order by (select count(*) from messages m where m.contact_id = c.id) desc limit 1").get() as { phone: string }).phone;

async function main() {
  await ensureBuild();
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`Machine: ${machine}`);
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

  mkdirSync(path.join("bench", "results"), { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const json = path.join("bench", "results", `bench-${stamp}.json`);
  writeFileSync(json, JSON.stringify({ at: new Date().toISOString(), machine, scale: rows }, null, 2));
  writeFileSync(path.join("bench", "results", `bench-${stamp}.md`), `# Benchmark ${new Date().toISOString()}\n\nMachine: ${machine}\n\nServer time per page (median of ${values.runs} signed-in requests on loopback, production build):\n\n${table}\n`);
  console.log(`Results: ${json}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
