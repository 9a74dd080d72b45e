import { inTransaction, type Db } from "@/db/client";
import { setThreadHandled, threadHandling } from "@/db/queries/inbox";
import { findUserById } from "@/db/queries/users";
import type { Contact } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit";
import { userName } from "@/lib/workflows/approvals";

export type HandledOutcome = { changed: true; messages: number; message: string } | { changed: false; message: string };

/**
 * Marks a conversation handled (every open inbound message) or reopens it (its latest inbound
 * message), idempotently: a click from a page opened before someone else's changes nothing when the
 * conversation is already as asked, says so ("Already handled by …"), and writes no audit row. The
 * state is read and changed in one transaction, so two clicks at once audit one change.
 */
export function setConversationHandledState(db: Db, actor: Actor, contact: Pick<Contact, "id" | "phone">, handled: boolean, byUserId: number, now = new Date()): HandledOutcome {
  return inTransaction(db, (): HandledOutcome => {
    const state = threadHandling(db, contact.id);
    if (handled && state.open === 0) {
      const by = state.lastHandledBy === null ? undefined : findUserById(db, state.lastHandledBy);
      return { changed: false, message: by ? `Already handled by ${userName(by)}.` : "Already handled." };
    }
    if (!handled && (state.open > 0 || state.inbound === 0)) return { changed: false, message: "Already open." };
    const messages = setThreadHandled(db, contact.id, handled ? { by: byUserId, at: now } : null);
    recordAudit(db, actor, handled ? "inbox.handled" : "inbox.reopened", { target: contact.phone, after: { messages } }, now);
    return { changed: true, messages, message: handled ? "Marked handled." : "Reopened." };
  });
}
