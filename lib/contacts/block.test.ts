import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listBlocked } from "@/db/queries/contacts";
import { recentAudit } from "@/db/queries/audit";
import { tempDb, type TempDb } from "@/tests/support/db";
import { InvalidNumberError, setNumberBlocked, toE164 } from "./block";

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

describe("block list", () => {
  it("normalises numbers to E.164 and refuses anything else", () => {
    expect(toE164("+91 98123-45678")).toBe("+919812345678");
    expect(toE164("whatsapp:+14155551234")).toBe("+14155551234");
    for (const bad of ["98123 45678", "hello", "+0123", ""]) expect(() => toE164(bad)).toThrow(InvalidNumberError);
  });

  it("names the phone input when a number is refused, so the form can mark it", () => {
    expect(() => setNumberBlocked(t.db, { id: null, label: "admin@example.com" }, "98123 45678", true)).toThrow(
      expect.objectContaining({ name: "InvalidNumberError", field: "phone" }),
    );
  });

  it("blocks and unblocks with an audit row each, idempotently", () => {
    const actor = { id: null, label: "admin@example.com" };
    setNumberBlocked(t.db, actor, "+919812345678", true);
    setNumberBlocked(t.db, actor, "+919812345678", true);
    expect(listBlocked(t.db).map((contact) => contact.phone)).toEqual(["+919812345678"]);
    setNumberBlocked(t.db, actor, "+919812345678", false);
    expect(listBlocked(t.db)).toEqual([]);
    expect(recentAudit(t.db, 5).map((entry) => entry.action)).toEqual(["contacts.unblock", "contacts.block"]);
  });
});
