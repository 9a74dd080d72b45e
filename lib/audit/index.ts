import type { Db } from "@/db/client";
import { insertAudit } from "@/db/queries/audit";

export interface Actor {
  id: number | null;
  label: string;
  ip?: string | null;
}

export const SYSTEM_ACTOR: Actor = { id: null, label: "system" };

export function recordAudit(
  db: Db,
  actor: Actor,
  action: string,
  details: { target?: string; before?: unknown; after?: unknown } = {},
  now = new Date(),
): void {
  insertAudit(db, {
    at: now,
    actorUserId: actor.id,
    actorLabel: actor.label,
    action,
    target: details.target ?? null,
    before: details.before ?? null,
    after: details.after ?? null,
    ip: actor.ip ?? null,
  });
}
