/**
 * How many cases each fuzz property runs, in one place so the total quoted in the README
 * ("cases fuzzed") is the sum of real figures: `node --import tsx tests/support/fuzz-budget.ts`.
 * Each property is one fast-check run; a case is one generated input checked end to end.
 */
const BASE_RUNS = {
  form: { anyText: 5000, anyBytes: 3000, roundTrip: 3000, agreesWithUrlSearchParams: 3000, truncated: 2000, badEscapes: 2000 },
  inbound: { readInbound: 4000, readStatusCallback: 3000, signature: 2000 },
  router: { anyBody: 5000, reservedWords: 2000, rules: 3000, nameTemplates: 3000 },
  handlers: { incoming: 2500, status: 1000, forgeries: 1000, replays: 300 },
  http: { incoming: 300, status: 100 },
} as const;

// `npm run soak` runs the same properties FUZZ_SCALE times over.
const SCALE = Math.max(1, Math.floor(Number(process.env.FUZZ_SCALE ?? "1")) || 1);

type Budget = { [File in keyof typeof BASE_RUNS]: { [Property in keyof (typeof BASE_RUNS)[File]]: number } };
export const FUZZ_RUNS = Object.fromEntries(
  Object.entries(BASE_RUNS).map(([file, runs]) => [file, Object.fromEntries(Object.entries(runs).map(([property, n]) => [property, n * SCALE]))]),
) as Budget;

/** A test's time limit at the current scale: more cases need proportionally more time. */
export const fuzzTimeout = (atScaleOne: number) => atScaleOne * SCALE;

/** Cases per file and in all at scale 1: the figure the README quotes. */
export function fuzzTotals(): { perFile: Record<string, number>; total: number } {
  const perFile = Object.fromEntries(Object.entries(BASE_RUNS).map(([file, runs]) => [file, Object.values(runs).reduce((sum: number, n: number) => sum + n, 0)]));
  return { perFile, total: Object.values(perFile).reduce((sum, n) => sum + n, 0) };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(fuzzTotals(), null, 2));
