import type { Db } from "@/db/client";

/** The SQL and parameters of every statement `run` makes drizzle execute. */
export function captureStatements(db: Db, run: () => void): { sql: string; params: unknown[] }[] {
  const seen: { sql: string; params: unknown[] }[] = [];
  const client = db.$client;
  const prepare = client.prepare;
  client.prepare = ((source: string) => {
    const statement = prepare.call(client, source);
    // Drizzle runs a select with all() or get() (after raw(), which returns the same statement), the rest with run().
    const methods = statement as unknown as Record<"all" | "get" | "run", (...params: unknown[]) => unknown>;
    for (const method of ["all", "get", "run"] as const) {
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

/**
 * The indexes a statement's program opens, with its foreign-key actions and triggers: EXPLAIN lists
 * their subprograms, which EXPLAIN QUERY PLAN leaves out (an "on delete set null" is one).
 */
export function indexesOpened(db: Db, statement: { sql: string; params: unknown[] }): string[] {
  const client = db.$client;
  const byRootPage = new Map(
    (client.prepare("select name, rootpage from sqlite_master where type = 'index'").all() as { name: string; rootpage: number }[]).map((row) => [row.rootpage, row.name]),
  );
  const program = client.prepare(`explain ${statement.sql}`).all(...statement.params) as { opcode: string; p2: number }[];
  const opened = program.filter((row) => row.opcode === "OpenRead" || row.opcode === "OpenWrite").map((row) => byRootPage.get(row.p2));
  return [...new Set(opened.filter((name): name is string => name !== undefined))];
}

/** Every foreign key pointing at `parent`, with the indexes whose first column is its column. */
export function foreignKeysTo(db: Db, parent: string): { table: string; column: string; indexes: string[] }[] {
  const client = db.$client;
  const tables = client.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[];
  return tables.flatMap(({ name }) =>
    (client.prepare("select \"from\" as column from pragma_foreign_key_list(?) where \"table\" = ?").all(name, parent) as { column: string }[]).map(({ column }) => ({
      table: name,
      column,
      indexes: (client.prepare("select name from pragma_index_list(?)").all(name) as { name: string }[])
        .filter((index) => (client.prepare("select name from pragma_index_info(?) where seqno = 0").get(index.name) as { name: string } | undefined)?.name === column)
        .map((index) => index.name),
    })),
  );
}
