/**
 * `npm start`: validates the environment, migrates, bootstraps the first admin, builds when the
 * build is missing or stale, then serves Next.js behind a thin node:http layer that decides which
 * forwarded headers to trust and sets the security headers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { getEnv, EnvError } from "../lib/env";
import { describeBootstrap, prepareDatabase } from "../lib/startup";
import { REQUEST_PATH_HEADER } from "../lib/http/forwarded";
import { ensureBuild } from "./build-if-needed";

const UNTRUSTED_FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded", "x-real-ip"];

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

function securityHeaders(req: IncomingMessage, res: ServerResponse, https: boolean): void {
  res.setHeader(
    "Content-Security-Policy",
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; " +
      "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  );
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (https) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

async function main() {
  const env = loadEnv();
  const prepared = await prepareDatabase(env);
  for (const line of describeBootstrap(prepared.admin)) console.log(line);
  await ensureBuild();

  const app = next({ dev: false, dir: process.cwd(), port: env.port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = createServer((req, res) => {
    if (!env.trustProxy) {
      for (const name of UNTRUSTED_FORWARDING_HEADERS) delete req.headers[name];
      req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "unknown";
    }
    req.headers[REQUEST_PATH_HEADER] = (req.url ?? "/").split("?")[0];
    const https = env.trustProxy ? req.headers["x-forwarded-proto"] === "https" : false;
    securityHeaders(req, res, https || Boolean(env.publicBaseUrl?.startsWith("https://")));
    handle(req, res).catch((error: unknown) => {
      console.error("Unhandled request error", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal Server Error");
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(env.port, () => {
    console.log(`Switchboard is running at http://localhost:${env.port} (database ${env.databasePath}, migration ${prepared.migration})`);
    console.log(env.twilio ? `Twilio: configured for account ${env.twilio.accountSid.slice(0, 6)}…` : "Twilio: no credentials set, running in simulator mode");
    if (!env.publicBaseUrl) console.log("PUBLIC_BASE_URL is not set: webhook URLs are built from each request's origin.");
  });

  const shutdown = () => {
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
