/**
 * `npm start`: validates the environment, migrates, bootstraps the first admin, builds when the
 * build is missing or stale, then serves Next.js behind a thin node:http layer that decides which
 * forwarded headers to trust and sets the security headers.
 */
import { createServer, type ServerResponse } from "node:http";
import { hostname } from "node:os";
import next from "next";
import { getEnv, EnvError } from "../lib/env";
import { describeBootstrap, prepareDatabase } from "../lib/startup";
import { REQUEST_PATH_HEADER, servedOverHttps } from "../lib/http/forwarded";
import { TwilioEmulator } from "../lib/emulator/emulator";
import { jobStatusCallbackUrl, sendCallbackBase } from "../lib/outbound/callback-url";
import { WINDOW_MS } from "../lib/outbound/queue";
import { startSendWorker } from "../lib/outbound/worker";
import { getSettings } from "../lib/settings";
import { createMessageSender } from "../lib/twilio/client";
import { EMULATOR_MOUNT, restApiBase, senderAddress, twilioCredentials } from "../lib/twilio/credentials";
import { dailyPurge } from "../lib/retention/purge";
import { pruneLoginAttempts } from "../lib/auth/throttle";
import { refusedLine, runDailyChecks } from "../lib/workflows/expiry-job";
import { INCOMING_SOURCE, receiveIncoming, receiveStatus, STATUS_SOURCE } from "../lib/webhooks/handlers";
import { serveNodeWebhook } from "../lib/webhooks/node-adapter";
import { logSkipped, logSkippedRefusals } from "../lib/webhooks/http";
import { malformedPath } from "../lib/http/malformed-path";
import { LogBudget } from "../lib/errors/log-budget";
import { crossSiteRefusal, ownHosts } from "../lib/http/cross-site";
import { InFlightLimiter, RETRY_AFTER_SECONDS } from "../lib/http/load-shedding";
import { logError } from "../lib/errors";
import { startCheckpointer } from "../db/checkpointer";
import { contactsWrittenSince } from "../db/queries/contacts";
import { ATTACHMENT_CONTENT_SECURITY_POLICY, MEDIA_ROUTE_PREFIX } from "../lib/inbox/media";
import { ensureBuild } from "./build-if-needed";

const WEBHOOK_ROUTES = new Map([
  ["/api/twilio/incoming", receiveIncoming],
  ["/api/method/compliance.api.whatsapp_webhook.incoming_message", receiveIncoming],
  ["/api/twilio/status", receiveStatus],
  ["/api/method/compliance.api.whatsapp_webhook.status_callback", receiveStatus],
]);

const MALFORMED_PATH_SOURCE = "http.malformed-path";

const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded", "x-real-ip"];

function loadEnv() {
  try {
    return getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const PAGE_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; " +
  "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

function securityHeaders(res: ServerResponse, path: string, https: boolean): void {
  res.setHeader("Content-Security-Policy", path.startsWith(MEDIA_ROUTE_PREFIX) ? ATTACHMENT_CONTENT_SECURITY_POLICY : PAGE_CONTENT_SECURITY_POLICY);
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (https) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

/**
 * Where sign-in should bring someone back to: the page with its query (the inbox's filters), minus
 * Next's own `_rsc` marker, which would make the page after sign-in a raw data stream.
 */
function returnPath(requestUrl: string): string {
  if (!requestUrl.includes("_rsc")) return requestUrl;
  const url = new URL(requestUrl, "http://localhost");
  url.searchParams.delete("_rsc");
  return `${url.pathname}${url.search}`;
}

async function main() {
  const env = loadEnv();
  const prepared = await prepareDatabase(env);
  for (const line of describeBootstrap(prepared.admin)) console.log(line);
  await ensureBuild();

  const app = next({ dev: false, dir: process.cwd(), port: env.port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const { db } = prepared;
  const checkpointer = startCheckpointer(db.$client, {
    onError: (message) => {
      console.error(`Background WAL checkpoint failed: ${message}`);
      logError(db, "db.checkpoint", "background checkpoint failed", { detail: message });
    },
  });
  const localOrigin = `http://127.0.0.1:${env.port}`;
  const credentials = twilioCredentials(db, env);
  // Simulator mode: Twilio itself runs inside this server, reachable only from this machine.
  const emulator =
    credentials.mode === "simulator" && !env.twilioApiBase
      ? new TwilioEmulator({
          accountSid: credentials.accountSid,
          authToken: credentials.authToken,
          whatsappNumber: senderAddress(env) ?? undefined,
          deliverOrigin: localOrigin,
          // The templates Twilio holds are, here, the ones Settings lists: a send with other variables fails as it would at Twilio.
          templateVariables: (contentSid) => getSettings(db).templates.find((template) => template.contentSid.toLowerCase() === contentSid.toLowerCase())?.variables.length ?? null,
        })
      : null;
  emulator?.rememberInbound(contactsWrittenSince(db, new Date(Date.now() - WINDOW_MS)));
  const worker = startSendWorker({
    db,
    send: createMessageSender({ accountSid: credentials.accountSid, authToken: credentials.authToken, apiBase: restApiBase(env, localOrigin), timeoutMs: env.twilioTimeoutMs }),
    statusCallbackUrl: (key) => {
      const settings = getSettings(db);
      const base = sendCallbackBase(env, credentials.mode, localOrigin, settings);
      return base ? jobStatusCallbackUrl(base, settings, key) : null;
    },
    ratePerSecond: () => getSettings(db).sendRatePerSecond,
  });

  // Daily compliance checks: tried hourly; the lease row and "last run on" make it once a day across instances.
  const holder = `${hostname()}:${process.pid}`;
  const runChecks = () => {
    try {
      pruneLoginAttempts(db);
    } catch (error) {
      console.error("Pruning sign-in attempts failed:", error instanceof Error ? error.message : error);
    }
    try {
      const settings = getSettings(db);
      const result = runDailyChecks(db, { holder, leadDays: settings.expiryLeadDays, templateSid: settings.expiryTemplateSid || undefined, from: senderAddress(env) });
      if (result.ran) {
        const refused = result.refusal === undefined ? "" : ` ${refusedLine(result.refused, result.refusal)}`;
        console.log(`Daily checks: ${result.overdue} declarations now overdue, ${result.reminders} expiry reminders queued.${refused}`);
      }
    } catch (error) {
      console.error("Daily checks failed:", error instanceof Error ? error.message : error);
    }
    dailyPurge(db, getSettings(db), holder)
      .then((counts) => counts && console.log(`Retention purge: ${counts.messages} messages, ${counts.errorLog} error-log entries, ${counts.statusEvents} status events deleted.`))
      .catch((error: unknown) => console.error("Retention purge failed:", error instanceof Error ? error.message : error));
  };
  setTimeout(runChecks, 5_000).unref();
  setInterval(runChecks, 60 * 60 * 1000).unref();

  const limiter = new InFlightLimiter(env.maxInFlight);
  const refusalLog = new LogBudget();
  setInterval(() => {
    logSkippedRefusals(db, refusalLog);
    const shed = limiter.takeShedCount();
    if (shed === 0) return;
    const detail = `${shed} requests answered 503 in the last second (MAX_IN_FLIGHT ${limiter.limit})`;
    console.warn(`Overloaded: ${detail}`);
    logError(db, "http.overload", "in-flight limit reached", { detail });
  }, 1000).unref();

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (malformedPath(path)) {
      // Within the refusal budget: scanners send these by the thousand.
      const { write, skippedBefore } = refusalLog.take(`${MALFORMED_PATH_SOURCE} 400`);
      if (skippedBefore > 0) logSkipped(db, MALFORMED_PATH_SOURCE, "400", skippedBefore, refusalLog);
      if (write) logError(db, MALFORMED_PATH_SOURCE, "malformed address", { detail: `${req.method ?? "GET"} ${path.slice(0, 200)}: its percent-encoding does not decode` });
      securityHeaders(res, "/", false);
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
      res.end("Bad request: the address is not valid (its percent-encoding does not decode). Check the link.");
      return;
    }
    if (emulator && (path === EMULATOR_MOUNT || path.startsWith(`${EMULATOR_MOUNT}/`))) {
      const remote = req.socket.remoteAddress ?? "";
      // A reverse proxy on this host connects from loopback too: anything it forwarded is remote.
      const forwarded = FORWARDING_HEADERS.some((name) => req.headers[name] !== undefined);
      if (forwarded || !["127.0.0.1", "::1", "::ffff:127.0.0.1"].includes(remote)) {
        res.writeHead(404).end();
        return;
      }
      void emulator.handle(req, res, path.slice(EMULATOR_MOUNT.length));
      return;
    }
    if (!env.trustProxy) {
      for (const name of FORWARDING_HEADERS) delete req.headers[name];
      req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "unknown";
    }
    const headers = { get: (name: string) => [req.headers[name]].flat()[0] ?? null };
    const https = servedOverHttps(headers, env.publicBaseUrl);
    // Health stays answerable under a flood, so monitoring can tell "busy" from "down".
    if (path !== "/api/health") {
      if (!limiter.tryEnter()) {
        securityHeaders(res, path, https);
        res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "retry-after": String(RETRY_AFTER_SECONDS), connection: "close" });
        res.end("Service unavailable: too many requests in progress, retry shortly");
        return;
      }
      res.once("close", () => limiter.leave());
    }
    // Twilio's webhooks skip Next's router: the same handlers as app/api/twilio/*, with none of a
    // page framework's per-request work on the path that must answer fastest.
    const webhook = req.method === "POST" ? WEBHOOK_ROUTES.get(path) : undefined;
    if (webhook) {
      securityHeaders(res, path, https);
      serveNodeWebhook(req, res, (request) => webhook(request, { db, env, refusalLog }), (error) => {
        console.error("Webhook failed", error);
        logError(db, webhook === receiveIncoming ? INCOMING_SOURCE : STATUS_SOURCE, "internal error", {
          detail: `${path}: ${error instanceof Error ? error.message : String(error)}`,
        });
      }).catch((error: unknown) => {
        // Writing the answer itself failed (the socket, say): nothing more can be said to this client.
        console.error("Webhook answer failed", error);
        res.destroy();
      });
      return;
    }
    securityHeaders(res, path, https);
    // Only pages read it (sign-in returns there), so webhooks never pay for it.
    req.headers[REQUEST_PATH_HEADER] = returnPath(req.url ?? "/");
    const crossSite = crossSiteRefusal(req.method ?? "GET", headers, ownHosts(headers, env.publicBaseUrl));
    if (crossSite) {
      // Next would answer a foreign-origin server action with a 500; refuse it plainly before it gets there.
      logError(db, "http.cross-site", "cross-site request refused", { detail: `${req.method} ${path}: ${crossSite}` });
      res.writeHead(403, { "content-type": "text/plain; charset=utf-8" });
      res.end("Forbidden: cross-site request");
      return;
    }
    handle(req, res).catch((error: unknown) => {
      console.error("Unhandled request error", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal Server Error");
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(env.port, () => {
    console.log(`Switchboard is running at http://localhost:${env.port} (database ${env.databasePath}, migration ${prepared.migration})`);
    if (env.twilio) console.log(`Twilio: live account ${env.twilio.accountSid.slice(0, 6)}…${env.twilioApiBase ? ` via ${env.twilioApiBase}` : ""}`);
    else if (emulator) console.log(`Simulator mode: no Twilio credentials, so a local Twilio runs inside this server. Play the phone at http://localhost:${env.port}/simulator`);
    else console.log(`Simulator mode: using the Twilio emulator at ${env.twilioApiBase}`);
    if (env.twilio && !senderAddress(env)) console.log("TWILIO_WHATSAPP_FROM is not set: replies from the inbox are refused until it is.");
    if (!env.publicBaseUrl) console.log("PUBLIC_BASE_URL is not set: webhook URLs are built from each request's origin.");
  });

  const shutdown = () => {
    emulator?.close();
    void worker.stop();
    void checkpointer.stop();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
