import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import type { InboundResult } from "@/lib/emulator/emulator";
import { getSettings } from "@/lib/settings";
import { createMessageSender } from "@/lib/twilio/client";
import { webhookUrls } from "@/lib/webhooks/urls";
import { simulatorAccount } from "../support/media";
import { emulatorRequest, startServer, type RunningServer } from "../support/server";

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const server of servers.reverse()) await server.stop();
  // The first server kept its folder for the second; nothing else removes it.
  if (servers[0]) rmSync(path.dirname(servers[0].databasePath), { recursive: true, force: true });
});

describe("simulator mode across a restart", () => {
  it("keeps a phone's 24-hour window open: the local Twilio learns when each phone last wrote from the database", async () => {
    const first = await startServer({ ADMIN_EMAIL: "", ADMIN_PASSWORD: "" }, { keepFiles: true });
    servers.push(first);
    const db = openDatabase(first.databasePath);
    const account = simulatorAccount(db);
    const sent = await emulatorRequest<InboundResult>({ baseUrl: `${first.baseUrl}/__twilio` }, account, "/__emulator/inbound", {
      url: webhookUrls(first.baseUrl, getSettings(db)).incoming,
      from: "+919700000201",
      body: "hello before the restart",
    });
    expect(sent.httpStatus).toBe(200);
    db.$client.close();
    await first.stop();

    const second = await startServer({ ADMIN_EMAIL: "", ADMIN_PASSWORD: "" }, { databasePath: first.databasePath });
    servers.push(second);
    const twilio = { baseUrl: `${second.baseUrl}/__twilio` };
    await emulatorRequest(twilio, account, "/__emulator/config", { windowErrors: "reject" });
    const sender = createMessageSender({ ...account, apiBase: twilio.baseUrl, timeoutMs: 5000 });
    const reply = { from: "whatsapp:+14155238886", body: "Free text inside the window", statusCallback: null };
    await expect(sender.send({ ...reply, to: "whatsapp:+919700000201" })).resolves.toMatchObject({ sid: expect.stringMatching(/^SM/) });
    // A phone that never wrote is still outside its window.
    await expect(sender.send({ ...reply, to: "whatsapp:+919700000202" })).rejects.toMatchObject({ code: 63016 });
  });
});
