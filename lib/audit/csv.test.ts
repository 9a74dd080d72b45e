import { describe, expect, it } from "vitest";
import type { AuditEntry } from "@/db/schema";
import { auditCsvStream } from "./csv";

const entry = (id: number, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  id,
  at: new Date(Date.UTC(2026, 10, 1, 9, 0, id)),
  actorUserId: 3,
  actorLabel: "admin@example.com",
  action: "rules.create",
  kind: "rules.",
  target: `rule ${id}`,
  before: null,
  after: { keyword: "HOLIDAY", reply: "Ask HR, then \"wait\"." },
  ip: "127.0.0.1",
  prevHash: "0".repeat(64),
  hash: "a".repeat(64),
  ...overrides,
});

async function lines(entries: AuditEntry[], perChunk?: number): Promise<string[]> {
  const bytes = await new Response(auditCsvStream(entries[Symbol.iterator](), perChunk)).arrayBuffer();
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  expect(text.startsWith("\uFEFF")).toBe(true);
  return text.slice(1).split("\r\n");
}

describe("audit trail CSV", () => {
  it("starts with a UTF-8 BOM and a header, then one line per entry with its JSON details quoted", async () => {
    const bytes = new Uint8Array(await new Response(auditCsvStream([entry(1)][Symbol.iterator]())).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, first, ...rest] = await lines([entry(1), entry(2), entry(3)], 2);
    expect(header).toBe("id,time_utc,actor,actor_user_id,action,target,before,after,ip,prev_hash,hash");
    expect(first).toBe(`1,2026-11-01T09:00:01.000Z,admin@example.com,3,rules.create,rule 1,,"{""keyword"":""HOLIDAY"",""reply"":""Ask HR, then \\""wait\\"".""}",127.0.0.1,${"0".repeat(64)},${"a".repeat(64)}`);
    expect(rest).toHaveLength(3);
    expect(rest.at(-1)).toBe("");
  });

  it("never hands a spreadsheet a formula, whoever typed the value", async () => {
    const [, line] = await lines([
      entry(1, { actorLabel: "=cmd|' /C calc'!A0 (+919800000001) via WhatsApp", actorUserId: null, target: "@SUM(1+1)", after: "-2+3", ip: "+1" }),
    ]);
    expect(line).toBe(`1,2026-11-01T09:00:01.000Z,'=cmd|' /C calc'!A0 (+919800000001) via WhatsApp,,rules.create,'@SUM(1+1),,"""-2+3""",'+1,${"0".repeat(64)},${"a".repeat(64)}`);
  });

  it("keeps letters outside ASCII as they are", async () => {
    const [, line] = await lines([entry(1, { actorLabel: "प्रिया (+919800000001) via WhatsApp", target: "Zoë 🙂" })]);
    expect(line).toContain("प्रिया (+919800000001) via WhatsApp");
    expect(line).toContain("Zoë 🙂");
  });
});
