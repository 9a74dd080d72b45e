/**
 * `npm run emulator -- --port 3999 --account-sid AC… --auth-token … --incoming-url http://127.0.0.1:3000/api/twilio/incoming`
 * A local Twilio on its own port. Point the app at it with TWILIO_API_BASE=http://127.0.0.1:3999.
 */
import { listenEmulator } from "../lib/emulator/http-server";
import { readCommandLine } from "./cli";

const values = readCommandLine(
  "Usage: npm run emulator -- [--port 3999] [--incoming-url URL] [--account-sid AC…] [--auth-token …] [--rate-limit n]\n  [--failure-rate 0-1] [--out-of-order-rate 0-1] [--duplicate-rate 0-1] [--sent-delay ms] [--delivered-delay ms] [--read-delay ms]\n  [--window-errors callback|reject] [--deliver-origin URL] [--host 127.0.0.1]\n  A local Twilio: the Messages REST endpoint, signed status callbacks, and a phone that posts to --incoming-url.",
  {
    port: { type: "string", default: process.env.EMULATOR_PORT ?? "3999" },
    host: { type: "string", default: "127.0.0.1" },
    "account-sid": { type: "string", default: process.env.TWILIO_ACCOUNT_SID ?? `AC${"0".repeat(32)}` },
    "auth-token": { type: "string", default: process.env.TWILIO_AUTH_TOKEN ?? "emulator-auth-token-0000000000000" },
    "incoming-url": { type: "string" },
    "deliver-origin": { type: "string" },
    "rate-limit": { type: "string", default: "0" },
    "failure-rate": { type: "string", default: "0" },
    "out-of-order-rate": { type: "string", default: "0" },
    "duplicate-rate": { type: "string", default: "0" },
    "sent-delay": { type: "string", default: "50" },
    "delivered-delay": { type: "string", default: "150" },
    "read-delay": { type: "string", default: "300" },
    "window-errors": { type: "string", default: "callback" },
  },
);

async function main() {
const running = await listenEmulator(
  {
    accountSid: values["account-sid"],
    authToken: values["auth-token"],
    incomingUrl: values["incoming-url"] ?? null,
    deliverOrigin: values["deliver-origin"] ?? null,
    rateLimitPerSecond: Number(values["rate-limit"]),
    failureRate: Number(values["failure-rate"]),
    outOfOrderRate: Number(values["out-of-order-rate"]),
    duplicateRate: Number(values["duplicate-rate"]),
    windowErrors: values["window-errors"] === "reject" ? "reject" : "callback",
    delaysMs: { sent: Number(values["sent-delay"]), delivered: Number(values["delivered-delay"]), read: Number(values["read-delay"]) },
  },
  Number(values.port),
  values.host,
);
console.log(JSON.stringify({ ready: true, baseUrl: running.baseUrl, accountSid: values["account-sid"] }));
const stop = () => void running.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
