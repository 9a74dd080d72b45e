/**
 * The bare reference the webhook benchmark compares against: node:http doing the same essential
 * work in the cheapest correct way — parse the form, check the signature with the twilio package,
 * INSERT OR IGNORE into a WAL better-sqlite3 table, answer TwiML. No framework, no features.
 *   node --import tsx bench/reference-server.ts --port 4000 --database /tmp/ref.db --auth-token …
 */
import Database from "better-sqlite3";
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import twilio from "twilio";

const { values } = parseArgs({ options: { port: { type: "string", default: "4000" }, database: { type: "string", default: "/tmp/reference.db" }, "auth-token": { type: "string", default: "" } } });
const authToken = values["auth-token"];
const db = new Database(values.database);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("busy_timeout = 5000");
db.exec("create table if not exists messages (sid text primary key, sender text not null, body text not null, status text not null default 'received', created_at integer not null)");
db.exec("create table if not exists status_events (id integer primary key, sid text not null, status text not null, at integer not null)");
const insertMessage = db.prepare("insert or ignore into messages (sid, sender, body, created_at) values (?, ?, ?, ?)");
const insertEvent = db.prepare("insert into status_events (sid, status, at) values (?, ?, ?)");
const updateStatus = db.prepare("update messages set status = ? where sid = ?");
const reply = new twilio.twiml.MessagingResponse();
reply.message("Thank you for your message.");
const twiml = reply.toString();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
    const url = `http://${req.headers.host}${req.url}`;
    if (!twilio.validateRequest(authToken, String(req.headers["x-twilio-signature"] ?? ""), url, params)) {
      res.writeHead(403).end("Forbidden");
      return;
    }
    if (req.url?.startsWith("/api/twilio/status")) {
      insertEvent.run(params.MessageSid, params.MessageStatus, Date.now());
      updateStatus.run(params.MessageStatus, params.MessageSid);
      res.writeHead(200, { "content-type": "text/plain" }).end("OK");
      return;
    }
    insertMessage.run(params.MessageSid, params.From, params.Body ?? "", Date.now());
    res.writeHead(200, { "content-type": "text/xml" }).end(twiml);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(values.port), "127.0.0.1", () => console.log(JSON.stringify({ ready: true, port: Number(values.port) })));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
