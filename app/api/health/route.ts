import { migrationState } from "@/db/client";
import { appDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export function GET() {
  try {
    const db = appDb();
    db.$client.prepare("select 1").get();
    const migration = migrationState(db);
    const healthy = migration.pending === 0;
    return Response.json(
      { status: healthy ? "ok" : "degraded", database: "ok", migration: migration.latest?.tag ?? null, appliedMigrations: migration.applied, pendingMigrations: migration.pending },
      { status: healthy ? 200 : 503, headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    return Response.json(
      { status: "error", database: "unreachable", reason: error instanceof Error ? error.message : "unknown" },
      { status: 503, headers: { "cache-control": "no-store" } },
    );
  }
}
