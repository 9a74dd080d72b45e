import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import twilio from "twilio";
import { encodeForm, type FormParams } from "@/lib/twilio/form";

export const COMMAND_MIX = ["HELP", "STATUS", "Hi there", "PENDING", "NISM", "menu", "ACK", "What is the trading window?"];

export interface Answer {
  sid: string;
  /** HTTP status, or null when the connection failed (refused, reset, server killed). */
  status: number | null;
  retryAfter: string | null;
}

export interface StreamOptions {
  baseUrl: string;
  authToken: string;
  accountSid: string;
  connections: number;
  /** Stops issuing new requests once this returns true (in-flight ones still finish). */
  stop: () => boolean;
  /** Numbers the stream writes from: a few hundred, so contacts are reused like real traffic. */
  senders?: number;
}

/**
 * A steady stream of unique, correctly signed Twilio webhooks over `connections` keep-alive
 * connections, recording what each MessageSid was answered. Connection failures are recorded, not
 * thrown, so a stream survives a server being killed under it.
 */
export async function webhookStream(options: StreamOptions): Promise<Answer[]> {
  const url = `${options.baseUrl}/api/twilio/incoming`;
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const answers: Answer[] = [];
  let sent = 0;
  const worker = async () => {
    while (!options.stop()) {
      const n = sent++;
      const params: FormParams = {
        MessageSid: `SM${randomBytes(16).toString("hex")}`,
        AccountSid: options.accountSid,
        From: `whatsapp:+9198${String(10_000_000 + (n % (options.senders ?? 300)) * 37).padStart(8, "0")}`,
        To: "whatsapp:+14155238886",
        Body: COMMAND_MIX[n % COMMAND_MIX.length]!,
        NumMedia: "0",
        ProfileName: "Load",
        WaId: "919800000000",
      };
      const sid = String(params.MessageSid);
      try {
        const signature = twilio.getExpectedTwilioSignature(options.authToken, url, params as Record<string, string>);
        answers.push({ sid, ...(await post(agent, url, encodeForm(params), signature)) });
      } catch {
        answers.push({ sid, status: null, retryAfter: null });
        // A dead server refuses at once: do not spin.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  agent.destroy();
  return answers;
}

function post(agent: Agent, url: string, body: string, signature: string): Promise<{ status: number; retryAfter: string | null }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, timeout: 30_000, headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body), "x-twilio-signature": signature } }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, retryAfter: typeof res.headers["retry-after"] === "string" ? res.headers["retry-after"] : null }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

/** Counts by class: "2xx", "503", "5xx" (other), "4xx", "failed" (no answer). */
export type AnswerClass = "2xx" | "4xx" | "503" | "5xx" | "failed";

export function classify(answers: Answer[]): Record<AnswerClass, number> {
  const counts: Record<AnswerClass, number> = { "2xx": 0, "4xx": 0, "503": 0, "5xx": 0, failed: 0 };
  for (const { status } of answers) {
    if (status === null) counts.failed++;
    else if (status >= 200 && status < 300) counts["2xx"]++;
    else if (status === 503) counts["503"]++;
    else if (status >= 500) counts["5xx"]++;
    else counts["4xx"]++;
  }
  return counts;
}

/** Resident memory of a process in MiB, from /proc (Linux). */
export function residentMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? "0");
  return Math.round(kib / 1024);
}
