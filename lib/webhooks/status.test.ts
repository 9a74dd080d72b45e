import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findMessageById, insertMessage } from "@/db/queries/messages";
import { eventsForMessage } from "@/db/queries/status-events";
import { tempDb, type TempDb } from "@/tests/support/db";
import { messageSid, statusParams } from "@/tests/support/twilio-fixtures";
import { readStatusCallback } from "@/lib/twilio/status";
import { recordStatus } from "./status";

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

function outbound(sid: string | null) {
  const now = new Date();
  return insertMessage(t.db, { messageSid: sid, direction: "outbound", fromAddress: "whatsapp:+14155238886", toAddress: "whatsapp:+919812345678", body: "hi", status: "queued", createdAt: now, updatedAt: now });
}
const callback = (sid: string, status: string, extra: Record<string, string> = {}) => readStatusCallback(statusParams(sid, status, extra));

describe("recordStatus", () => {
  it("records every event and moves forward only", () => {
    const sid = messageSid();
    const message = outbound(sid);
    for (const status of ["sent", "read", "delivered", "sent"]) recordStatus(t.db, callback(sid, status), null);
    expect(findMessageById(t.db, message.id)?.status).toBe("read");
    expect(eventsForMessage(t.db, message.id).map((event) => event.status)).toEqual(["sent", "read", "delivered", "sent"]);
  });

  it("keeps a failure terminal with its error code", () => {
    const sid = messageSid();
    const message = outbound(sid);
    recordStatus(t.db, callback(sid, "sent"), null);
    recordStatus(t.db, callback(sid, "failed", { ErrorCode: "63016", ErrorMessage: "Outside the 24h window" }), null);
    recordStatus(t.db, callback(sid, "delivered"), null);
    expect(findMessageById(t.db, message.id)).toMatchObject({ status: "failed", errorCode: 63016, errorMessage: "Outside the 24h window" });
  });

  it("keeps unknown SIDs as orphan events", () => {
    const outcome = recordStatus(t.db, callback(messageSid(), "delivered"), null);
    expect(outcome).toEqual({ messageId: null, status: null, orphan: true });
    expect(t.db.$client.prepare("select count(*) as n from status_events where message_id is null").get()).toEqual({ n: 1 });
  });

  it("gives a TwiML reply its SID from the first callback and adopts earlier orphans", () => {
    const reply = outbound(null);
    const sid = messageSid();
    recordStatus(t.db, callback(sid, "read"), null);
    const outcome = recordStatus(t.db, callback(sid, "sent"), reply.id);
    expect(outcome).toMatchObject({ messageId: reply.id, status: "read", orphan: false });
    expect(findMessageById(t.db, reply.id)).toMatchObject({ messageSid: sid, status: "read" });
    expect(eventsForMessage(t.db, reply.id)).toHaveLength(2);
  });

  it("never lets a reply hint overwrite another message's SID", () => {
    const other = outbound(messageSid());
    const sid = messageSid();
    expect(recordStatus(t.db, callback(sid, "sent"), other.id).orphan).toBe(true);
    expect(findMessageById(t.db, other.id)?.messageSid).not.toBe(sid);
  });
});
