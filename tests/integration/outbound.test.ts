import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db/client";
import { findMessageById } from "@/db/queries/messages";
import { findJobForMessage } from "@/db/queries/outbound-jobs";
import type { EmulatedMessage } from "@/lib/emulator/emulator";
import { campaignProgress } from "@/db/queries/campaigns";
import { insertEmployee } from "@/db/queries/employees";
import { enqueueMessage } from "@/lib/outbound/queue";
import { createCampaign } from "@/lib/workflows/campaigns";
import { updateSettings } from "@/lib/settings";
import { emulatorRequest, freePort, startEmulatorProcess, startServer, type RunningEmulatorProcess, type RunningServer } from "../support/server";

const ACCOUNT = `AC${"12".repeat(16)}`;
const TOKEN = "outbound-integration-token-000000";
const FROM = "whatsapp:+14155238886";

let port: number;
let emulator: RunningEmulatorProcess;
let server: RunningServer;
let db: Db;
let serverEnv: Record<string, string>;

const control = <T>(path: string, body?: unknown): Promise<T> => emulatorRequest<T>(emulator, { accountSid: ACCOUNT, authToken: TOKEN }, path, body);
const phoneSays = (from: string, body: string) => control<{ httpStatus: number; replies: { body: string }[] }>("/__emulator/inbound", { from, body, profileName: "Asha" });
const sentTo = async (phone: string) => (await control<{ messages: EmulatedMessage[] }>("/__emulator/messages")).messages.filter((message) => message.direction === "outbound-api" && message.to === `whatsapp:${phone}`);

async function waitFor<T>(probe: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function enqueue(phone: string, body: string) {
  return enqueueMessage(db, { phone, from: FROM, content: { kind: "text", body }, sentByUserId: null });
}

beforeAll(async () => {
  port = await freePort();
  emulator = await startEmulatorProcess([
    "--account-sid", ACCOUNT, "--auth-token", TOKEN, "--incoming-url", `http://127.0.0.1:${port}/api/twilio/incoming`,
    "--sent-delay", "20", "--delivered-delay", "40", "--read-delay", "60",
  ]);
  serverEnv = { ADMIN_EMAIL: "", ADMIN_PASSWORD: "", TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_API_BASE: emulator.baseUrl, TWILIO_WHATSAPP_FROM: FROM };
  server = await startServer(serverEnv, { port, keepFiles: true });
  db = openDatabase(server.databasePath);
  updateSettings(db, { id: null, label: "test" }, { incomingEnabled: true, cooldownSeconds: 0 });
}, 180_000);

afterAll(async () => {
  db?.$client.close();
  await server?.stop();
  await emulator?.stop();
});

describe("outbound sending through the emulator process", () => {
  it("a phone's HELP gets the command list, signed both ways", async () => {
    const result = await phoneSays("+919811111111", "help");
    expect(result.httpStatus).toBe(200);
    expect(result.replies[0]?.body).toMatch(/^Commands you can send:/);
  });

  it("a queued reply reaches the emulator once and its status ends at read", async () => {
    await phoneSays("+919822222222", "hi");
    const queued = enqueue("+919822222222", "Your declaration is due Friday.");
    expect(queued.queued).toBe(true);
    const message = await waitFor(() => findMessageById(db, queued.message.id), (row) => row?.status === "read");
    const sent = await sentTo("+919822222222");
    expect(sent.map((item) => item.body)).toEqual(["Your declaration is due Friday."]);
    expect(message?.messageSid).toBe(sent[0]?.sid);
    expect(sent[0]?.statusCallback).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/api/twilio/status\\?job=`));
  });

  it("retries a 429 from the emulator and still sends once", async () => {
    await phoneSays("+919833333333", "hi");
    await control("/__emulator/config", { failNext: [{ status: 429, code: 20429 }, { status: 429, code: 20429 }] });
    const queued = enqueue("+919833333333", "After two 429s");
    await waitFor(() => findMessageById(db, queued.message.id), (row) => row?.status === "read");
    expect(await sentTo("+919833333333")).toHaveLength(1);
    expect(findJobForMessage(db, queued.message.id)).toMatchObject({ state: "sent", attempts: 3 });
  });

  it("refuses an opted-out contact without calling the API", async () => {
    await phoneSays("+919844444444", "STOP");
    const refused = enqueue("+919844444444", "Should never leave");
    expect(refused).toMatchObject({ queued: false, message: { status: "refused" } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await sentTo("+919844444444")).toHaveLength(0);
  });

  it("loses and duplicates nothing when the server is killed mid-queue and restarted", async () => {
    const phone = "+919855555555";
    await phoneSays(phone, "hi");
    updateSettings(db, { id: null, label: "test" }, { sendRatePerSecond: 4 });
    const ids = Array.from({ length: 12 }, (_, index) => enqueue(phone, `Reminder ${index + 1}`)).map((result) => result.message.id);
    await waitFor(() => sentTo(phone), (sent) => sent.length >= 3);
    await server.crash();
    server = await startServer(serverEnv, { databasePath: server.databasePath, port, keepFiles: true });
    updateSettings(db, { id: null, label: "test" }, { sendRatePerSecond: 50 });

    await waitFor(() => ids.map((id) => findMessageById(db, id)?.messageSid), (sids) => sids.every(Boolean), 60_000);
    const sent = await sentTo(phone);
    expect(sent.map((item) => item.body).sort()).toEqual(Array.from({ length: 12 }, (_, index) => `Reminder ${index + 1}`).sort());
    expect(new Set(ids.map((id) => findMessageById(db, id)?.messageSid)).size).toBe(12);
    expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
  }, 120_000);

  it("runs a reminder campaign end to end: 50 recipients, 3 opted out, statuses advance, 10 ACKs counted exactly", async () => {
    const phones = Array.from({ length: 50 }, (_, index) => `+91977${String(index).padStart(7, "0")}`);
    phones.forEach((phone, index) => insertEmployee(db, { name: `Person ${index}`, employeeCode: `C${index}`, phone, department: index % 2 ? "Equity" : "Debt", managerId: null, approver: false, active: true }, new Date()));
    for (const [index, phone] of phones.entries()) await phoneSays(phone, index < 3 ? "STOP" : "hi");

    const campaign = createCampaign(db, { id: null, label: "test" }, { name: "Q3 holding statement", body: "Hi {name}, please submit your Q3 holding statement. Reply ACK to confirm.", contentSid: null, audience: { kind: "everyone" } }, FROM);
    expect(campaign.skippedOptedOut).toBe(3);
    await waitFor(() => campaignProgress(db, campaign.id), (progress) => progress.read === 47, 30_000);

    for (const phone of phones.slice(3, 13)) {
      const answer = await phoneSays(phone, "ACK");
      expect(answer.replies[0]?.body).toMatch(/Your acknowledgement of “Q3 holding statement” is recorded\.$/);
    }
    expect(campaignProgress(db, campaign.id)).toEqual({ total: 50, skipped: 3, queued: 0, sent: 47, delivered: 47, read: 47, failed: 0, refused: 0, acknowledged: 10, offRecord: 0 });
    const sent = (await control<{ messages: EmulatedMessage[] }>("/__emulator/messages")).messages.filter((message) => message.direction === "outbound-api" && message.body.includes("Q3 holding statement"));
    expect(sent).toHaveLength(47);
    expect(new Set(sent.map((message) => message.to)).size).toBe(47);
    expect(sent.find((message) => message.to === `whatsapp:${phones[5]}`)?.body).toBe("Hi Person 5, please submit your Q3 holding statement. Reply ACK to confirm.");
  }, 90_000);
});
