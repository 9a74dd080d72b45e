import type { Db } from "@/db/client";

/** The SQL and parameters of every statement `run` makes drizzle execute. */
export function captureStatements(db: Db, run: () => void): { sql: string; params: unknown[] }[] {
  const seen: { sql: string; params: unknown[] }[] = [];
  const client = db.$client;
  const prepare = client.prepare;
  client.prepare = ((source: string) => {
    const statement = prepare.call(client, source);
    // Drizzle runs a select with all() or get() (after raw(), which returns the same statement).
    const methods = statement as unknown as Record<"all" | "get", (...params: unknown[]) => unknown>;
    for (const method of ["all", "get"] as const) {
      const original = methods[method];
      methods[method] = (...params: unknown[]) => {
        seen.push({ sql: source, params });
        return original.apply(statement, params);
      };
    }
    return statement;
  }) as typeof prepare;
  try {
    run();
  } finally {
    client.prepare = prepare;
  }
  return seen;
}

/** SQLite's plan for every select `run` makes, one line per statement ("SEARCH t USING INDEX …; …"). */
export function selectPlans(db: Db, run: () => void): { sql: string; plan: string }[] {
  return captureStatements(db, run)
    .filter((statement) => /^select/i.test(statement.sql))
    .map((statement) => ({
      sql: statement.sql,
      plan: (db.$client.prepare(`explain query plan ${statement.sql}`).all(...statement.params) as { detail: string }[]).map((row) => row.detail).join("; "),
    }));
}
