/**
 * Access control of the whole app surface against the real production server: every page, route
 * handler and server action found in the source tree and the build is tried without a session, with
 * an expired one, with a forged cookie, with a deactivated user's session, as staff where admins
 * only are allowed, and cross-site; each must be refused and leave the database untouched.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertApproval } from "@/db/queries/approvals";
import { insertCampaign } from "@/db/queries/campaigns";
import { ensureContact } from "@/db/queries/contacts";
import { insertCertificate, insertDeclaration, insertEmployee } from "@/db/queries/employees";
import { openDatabase, type Db } from "@/db/client";
import { insertMessage } from "@/db/queries/messages";
import { SYSTEM_ACTOR } from "@/lib/audit";
import { createSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { createUser } from "@/lib/auth/users";
import { DEFAULT_REPLIES } from "@/lib/commands/replies";
import { createRule } from "@/lib/commands/rules";
import { setNumberBlocked } from "@/lib/contacts/block";
import { threadHref } from "@/lib/inbox/phone-path";
import { placeHold } from "@/lib/retention/privacy";
import { newWebhookToken, updateSettings } from "@/lib/settings";
import { campaignInput, previewAudience } from "@/lib/workflows/campaigns";
import { appEntries, callAction, manifestActions, postActionForm, useServerExports, workerPattern, type AppEntry, type ManifestAction } from "../support/app-surface";
import { sendFileFromPhone, TINY_PNG } from "../support/media";
import { freePort, startServer, type RunningServer } from "../support/server";

const SESSION_SECRET = "access-control-session-secret-0123456789";
// Recognisable secrets: none of them may ever appear in a response, a log line or a table.
const ADMIN_PASSWORD = "Adm1n-Passw0rd-Zebra-7781";
const STAFF_PASSWORD = "St4ff-Passw0rd-Quokka-2290";
const WRONG_PASSWORD = "Wr0ng-Guess-Tuba-4417";
const NEW_USER_PASSWORD = "N3w-User-Passw0rd-Heron-5512";
const SEEDED_TEMPLATE = { name: "Seeded template", contentSid: `HX${"5d".repeat(16)}`, variables: [] };
const RESET_PASSWORD = "R3set-Passw0rd-Marmot-6634";
const CHANGED_PASSWORD = "Ch4nged-Passw0rd-Puffin-8815";
const PASSWORDS = [ADMIN_PASSWORD, STAFF_PASSWORD, WRONG_PASSWORD, NEW_USER_PASSWORD, RESET_PASSWORD, CHANGED_PASSWORD];
const TWILIO_AUTH_TOKEN = "authTOKEN-never-render-9f8e7d6c5b4a";
const TWILIO_ACCOUNT_SID = `AC${"2".repeat(32)}`;

const EVIL_ORIGIN = "https://evil.example";
const SESSION_ENDED = "Your session has ended. Sign in again.";
const ADMINS_ONLY = "Only admins can do this.";

/** Public on purpose: everything else needs a session. Webhooks carry Twilio's signature instead. */
const PUBLIC_PAGES = new Set(["/login"]);
const PUBLIC_ROUTES = new Set(["/api/health"]);
const WEBHOOK_ROUTES = new Set([
  "/api/twilio/incoming",
  "/api/twilio/status",
  "/api/method/compliance.api.whatsapp_webhook.incoming_message",
  "/api/method/compliance.api.whatsapp_webhook.status_callback",
]);
const ADMIN_PAGES = new Set(["/settings", "/users"]);
const ADMIN_ROUTES = new Set(["/logs/records-export", "/logs/audit-export"]);
/** Query strings an admin needs for a 200 (the refusals must not depend on them). */
const ROUTE_QUERY: Record<string, string> = { "/logs/records-export": "?from=2026-01-01&to=2026-01-31" };

const CAMPAIGN = { name: "Policy update", body: "Please read the new policy.", contentSid: "" };

/** What the campaign form carries after a preview: Send goes only to the people it showed. */
function previewedNow(databasePath: string): string {
  const db = openDatabase(databasePath);
  try {
    const result = previewAudience(db, campaignInput.parse({ ...CAMPAIGN, audience: { kind: "everyone" } }));
    if (!result.ok) throw new Error(result.error);
    return result.preview.fingerprint;
  } finally {
    db.$client.close();
  }
}

interface Fixtures {
  databasePath: string;
  employeeId: number;
  /** Another active person, to reassign the approval to. */
  otherEmployeeId: number;
  employeePhone: string;
  certificateId: number;
  declarationId: number;
  approvalId: number;
  campaignId: number;
  ruleId: number;
  holdId: number;
  blockedPhone: string;
  victimUserId: number;
  adminEmail: string;
  photoMessageId: number;
}

type Role = "public" | "session" | "staff" | "admin";
interface ActionSpec {
  /** public: anyone; session: any caller, changes only their own session; staff: signed in; admin: admins only. */
  role: Role;
  /** Arguments that succeed for an admin (checked at the end), so a refusal is the only reason nothing changed. */
  args: (f: Fixtures) => unknown[];
}

function form(fields: Record<string, string | number | File>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value instanceof File ? value : String(value));
  return data;
}

/**
 * Every server action must be classified here; the order is the order of the positive controls
 * (e.g. the simulator posts to the webhook before the IP allow-list would shut it out).
 */
const ACTIONS: Record<string, ActionSpec> = {
  signInAction: { role: "public", args: (f) => [{}, form({ email: f.adminEmail, password: ADMIN_PASSWORD })] },
  // First: the message it posts opens the 24-hour window that notifyApprover and sendReply need.
  sendFromPhone: { role: "staff", args: (f) => [{}, form({ phone: f.employeePhone, profileName: "Asha", body: "HELP", mediaUrl: "", latitude: "", longitude: "" })] },
  createApproval: { role: "staff", args: (f) => [{}, form({ reference: "DOC-9", title: "Gift register", requester: "Asha", approverId: f.employeeId })] },
  notifyApprover: { role: "staff", args: (f) => [f.approvalId] },
  reassignApprover: { role: "staff", args: (f) => [{}, form({ id: f.approvalId, approverId: f.otherEmployeeId })] },
  withdrawRequest: { role: "staff", args: (f) => [{}, form({ id: f.approvalId, reason: "No longer needed" })] },
  sendReply: { role: "staff", args: (f) => [f.employeePhone, {}, form({ kind: "text", body: "Thanks, noted." })] },
  setConversationHandled: { role: "staff", args: (f) => [f.employeePhone, true] },
  setConversationBlocked: { role: "admin", args: () => ["+447700900088", true] },
  verifyRecordsAction: { role: "admin", args: () => [] },
  importPeople: { role: "staff", args: () => [{}, form({ kind: "people", intent: "commit", file: new File(["name,employee_code,phone\nImported Person,IMP-1,+447700900044\n"], "people.csv", { type: "text/csv" }) })] },
  savePerson: { role: "staff", args: () => [{}, form({ name: "New Person", employeeCode: "NEW-1", phone: "+447700900033", department: "Ops", managerId: "", approver: "on", active: "on" })] },
  addCertificate: { role: "staff", args: (f) => [{}, form({ employeeId: f.employeeId, name: "First aid", number: "FA-1", issuedOn: "", expiresOn: "2031-01-01" })] },
  addDeclaration: { role: "staff", args: (f) => [{}, form({ employeeId: f.employeeId, type: "Conflicts", period: "2027", status: "pending", dueOn: "2031-01-01" })] },
  editCertificate: { role: "staff", args: (f) => [{}, form({ id: f.certificateId, employeeId: f.employeeId, name: "Fire safety", number: "FS-2", issuedOn: "", expiresOn: "2032-01-01" })] },
  editDeclaration: { role: "staff", args: (f) => [{}, form({ id: f.declarationId, employeeId: f.employeeId, type: "Gifts", period: "2028", status: "pending", dueOn: "2032-01-01" })] },
  markDeclarationSubmitted: { role: "staff", args: (f) => [f.employeeId, f.declarationId] },
  // After the edits above: these remove the very certificate and declaration they changed.
  deleteCertificateAction: { role: "staff", args: (f) => [f.employeeId, f.certificateId] },
  deleteDeclarationAction: { role: "staff", args: (f) => [f.employeeId, f.declarationId] },
  campaignAction: { role: "staff", args: (f) => [{}, form({ ...CAMPAIGN, audience: "everyone", intent: "send", previewed: previewedNow(f.databasePath) })] },
  // Confirmed for the round it would ask about: the fixture campaign went out moments ago.
  remindAgainAction: { role: "staff", args: (f) => [f.campaignId, "sent"] },
  setIncomingEnabled: { role: "admin", args: () => [true] },
  setWebhookTokenEnabled: { role: "admin", args: () => [false] },
  regenerateWebhookToken: { role: "admin", args: () => [] },
  saveReplies: { role: "admin", args: () => [{}, form({ ...DEFAULT_REPLIES, welcome: "Hello from the access test.", loaded: JSON.stringify({ replies: DEFAULT_REPLIES }) })] },
  saveLimits: { role: "admin", args: () => [{}, form({ dailyLimit: 50, cooldownSeconds: 5, sendRatePerSecond: 5, loaded: JSON.stringify({ dailyLimit: 50, cooldownSeconds: 2, sendRatePerSecond: 10 }) })] },
  saveIpAllowList: { role: "admin", args: () => [{}, form({ ipAllowList: "127.0.0.0/8", loaded: JSON.stringify({ ipAllowList: [] }) })] },
  blockNumber: { role: "admin", args: () => [{}, form({ phone: "+447700900077", confirmed: "+447700900077" })] },
  unblockNumber: { role: "admin", args: (f) => [f.blockedPhone] },
  addRule: { role: "admin", args: () => [{}, form({ keyword: "HOLIDAY", match: "exact", reply: "Ask HR.", priority: 1, enabled: "on" })] },
  updateRuleAction: { role: "admin", args: (f) => [{}, form({ id: f.ruleId, keyword: "POLICY", match: "exact", reply: "See the intranet.", priority: 0, enabled: "on" })] },
  deleteRuleAction: { role: "admin", args: (f) => [f.ruleId] },
  addTemplateAction: { role: "admin", args: () => [{}, form({ name: "Access test", contentSid: `HX${"ac".repeat(16)}`, variables: "Name" })] },
  deleteTemplateAction: { role: "admin", args: () => [SEEDED_TEMPLATE.contentSid] },
  saveReminderSettings: { role: "admin", args: () => [{}, form({ expiryLeadDays: "30 7", expiryTemplateSid: "", loaded: JSON.stringify({ expiryLeadDays: [30, 7, 1], expiryTemplateSid: "", approvalTemplateSid: "" }) })] },
  saveRetention: { role: "admin", args: () => [{}, form({ retentionDays: 400, retentionFloorDays: 365, errorLogDays: 90, statusEventDays: 90, loaded: JSON.stringify({ retentionDays: 2555, retentionFloorDays: 2555, errorLogDays: 90, statusEventDays: 365 }) })] },
  // The settings forms post the values they were opened with (the defaults, here), or they are refused.
  // "Purge now" posts the retention periods its preview counted with: those saveRetention just set.
  purgeAction: { role: "admin", args: () => [{}, form({ intent: "purge", retentionDays: 400, retentionFloorDays: 365, errorLogDays: 90, statusEventDays: 90 })] },
  placeHoldAction: { role: "admin", args: () => [{}, form({ phone: "+447700900055", fromDay: "", toDay: "", reason: "Regulator inquiry" })] },
  releaseHoldAction: { role: "admin", args: (f) => [{}, form({ id: f.holdId, reason: "Inquiry closed" })] },
  eraseAction: { role: "admin", args: () => [{}, form({ phone: "+447700900077", confirm: "+447700900077" })] },
  createUserAction: { role: "admin", args: () => [{}, form({ email: "new-user@example.com", name: "New User", role: "staff", password: NEW_USER_PASSWORD })] },
  resetPasswordAction: { role: "admin", args: (f) => [{}, form({ userId: f.victimUserId, password: RESET_PASSWORD })] },
  setRoleAction: { role: "admin", args: (f) => [f.victimUserId, "admin"] },
  setActiveAction: { role: "admin", args: (f) => [f.victimUserId, false] },
  // Ends the admin's other sessions but keeps the one calling it, which signOut uses next.
  changeOwnPasswordAction: { role: "staff", args: () => [{}, form({ currentPassword: ADMIN_PASSWORD, password: CHANGED_PASSWORD, confirmPassword: CHANGED_PASSWORD })] },
  // Last: its positive control ends the admin session the others use.
  signOut: { role: "session", args: () => [] },
};

// Tables a refused request could not touch but the server's own timers may: excluded from the fingerprint.
const BACKGROUND_TABLES = new Set(["job_leases"]);
// Columns that change without any request: session sliding, and the sealer hashing new audit/message rows.
const VOLATILE_COLUMNS = new Set(["last_seen_at", "expires_at", "hash", "prev_hash"]);

/** A digest of every row of every table, so "nothing changed" means nothing at all. */
function fingerprint(sqlite: Database.Database): Record<string, string> {
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '\\_\\_%' escape '\\' order by name").all() as { name: string }[];
  const digest: Record<string, string> = {};
  for (const { name } of tables) {
    if (BACKGROUND_TABLES.has(name)) continue;
    const columns = (sqlite.prepare(`pragma table_info("${name}")`).all() as { name: string }[]).map((column) => column.name).filter((column) => !VOLATILE_COLUMNS.has(column));
    const rows = sqlite.prepare(`select ${columns.map((column) => `"${column}"`).join(", ")} from "${name}"`).raw().all();
    digest[name] = `${rows.length}:${createHash("sha256").update(JSON.stringify(rows)).digest("hex").slice(0, 16)}`;
  }
  return digest;
}

function everyText(sqlite: Database.Database): string {
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[];
  return tables.map(({ name }) => JSON.stringify(sqlite.prepare(`select * from "${name}"`).raw().all())).join("\n");
}

function expectSecurityHeaders(response: Response | { headers: Headers }, where: string): void {
  expect(response.headers.get("content-security-policy"), where).toContain("frame-ancestors 'none'");
  expect(response.headers.get("x-content-type-options"), where).toBe("nosniff");
  expect(response.headers.get("referrer-policy"), where).toBe("same-origin");
  expect(response.headers.get("x-powered-by"), where).toBeNull();
}

async function seed(server: RunningServer): Promise<{ fixtures: Fixtures; cookies: Record<"admin" | "staff" | "expired" | "deactivated", string> }> {
  const db = openDatabase(server.databasePath);
  try {
    const now = new Date();
    const admin = await createUser(db, SYSTEM_ACTOR, { email: "admin@example.com", name: "Admin", role: "admin", password: ADMIN_PASSWORD });
    const staff = await createUser(db, SYSTEM_ACTOR, { email: "staff@example.com", name: "Staff", role: "staff", password: STAFF_PASSWORD });
    const victim = await createUser(db, SYSTEM_ACTOR, { email: "victim@example.com", name: "Victim", role: "staff", password: "victim-password-1" });
    const gone = await createUser(db, SYSTEM_ACTOR, { email: "gone@example.com", name: "Gone", role: "admin", password: "gone-password-1" });
    const session = (userId: number) => `${SESSION_COOKIE}=${createSession(db, SESSION_SECRET, userId, { ip: null, userAgent: null }).token}`;
    const lastSessionId = () => (db.$client.prepare("select id from sessions order by rowid desc limit 1").get() as { id: string }).id;
    const expired = session(admin.id);
    const expiredId = lastSessionId();
    const deactivated = session(gone.id);
    // Both work now; then one idles past its expiry and the other's user is switched off. The rows
    // stay, so only resolveSession's checks stand between these cookies and the dashboard.
    for (const cookie of [expired, deactivated]) expect((await fetch(`${server.baseUrl}/`, { headers: { cookie }, redirect: "manual" })).status).toBe(200);
    db.$client.prepare("update sessions set expires_at = ? where id = ?").run(now.getTime() - 1000, expiredId);
    db.$client.prepare("update users set active = 0 where id = ?").run(gone.id);
    const employee = insertEmployee(db, { name: "Asha Rao", employeeCode: "E-1", phone: "+447700900001", department: "Ops", managerId: null, approver: true, active: true }, now);
    const other = insertEmployee(db, { name: "Ben Li", employeeCode: "E-2", phone: "+447700900002", department: "Ops", managerId: employee.id, approver: false, active: true }, now);
    const certificate = insertCertificate(db, { employeeId: employee.id, name: "AML", number: "A-1", issuedOn: null, expiresOn: "2030-06-30" }, now);
    const declaration = insertDeclaration(db, { employeeId: employee.id, type: "Investments", period: "2026", status: "pending", dueOn: "2030-06-30", submittedOn: null }, now);
    const approval = insertApproval(db, { reference: "DOC-1", title: "Travel", requester: "Ben", approverId: employee.id }, now);
    const campaign = insertCampaign(db, { name: "Annual policy", body: "Read it.", contentSid: null, audience: { kind: "everyone" }, createdByUserId: admin.id }, now);
    ensureContact(db, employee.phone, now);
    const rule = createRule(db, SYSTEM_ACTOR, { keyword: "LUNCH", match: "exact", reply: "Noon.", priority: 0, enabled: true });
    const hold = placeHold(db, SYSTEM_ACTOR, { phone: "+447700900099", fromDay: "", toDay: "", reason: "Existing hold" });
    const blockedPhone = setNumberBlocked(db, SYSTEM_ACTOR, "+447700900011", true).phone;
    updateSettings(db, SYSTEM_ACTOR, { webhookTokenEnabled: true, webhookToken: newWebhookToken(), templates: [SEEDED_TEMPLATE] });
    const photoMessageId = await photoFixture(server, db, employee.phone);
    return {
      fixtures: {
        databasePath: server.databasePath,
        employeeId: employee.id,
        otherEmployeeId: other.id,
        employeePhone: employee.phone,
        certificateId: certificate.id,
        declarationId: declaration.id,
        approvalId: approval.id,
        campaignId: campaign.id,
        ruleId: rule.id,
        holdId: hold.id,
        blockedPhone,
        victimUserId: victim.id,
        adminEmail: admin.email,
        photoMessageId,
      },
      cookies: { admin: session(admin.id), staff: session(staff.id), expired, deactivated },
    };
  } finally {
    db.$client.close();
  }
}

/**
 * A photo someone sent: kept by the server's own emulator in simulator mode (so the media route can
 * serve it); with live credentials only stored, since nothing may reach Twilio from a test.
 */
async function photoFixture(server: RunningServer, db: Db, phone: string): Promise<number> {
  if (db.$client.prepare("select 1 from settings where key = 'internal.simulatorAccountSid'").get()) {
    return (await sendFileFromPhone(server, db, { from: phone, contentType: "image/png", data: TINY_PNG })).messageId;
  }
  const url = `https://api.twilio.com/2010-04-01/Accounts/${TWILIO_ACCOUNT_SID}/Messages/MM${"1".repeat(32)}/Media/ME${"2".repeat(32)}`;
  return insertMessage(db, { direction: "inbound", fromAddress: `whatsapp:${phone}`, toAddress: "whatsapp:+15550001111", status: "received", numMedia: 1, media: [{ url, contentType: "image/png" }], updatedAt: new Date() }).id;
}

/** Concrete URLs for dynamic segments, from the seeded rows; a new dynamic page must be added here. */
function concreteUrl(pattern: string, f: Fixtures): string | undefined {
  const urls: Record<string, string> = {
    "/people/[id]": `/people/${f.employeeId}`,
    "/reminders/[id]": `/reminders/${f.campaignId}`,
    // The canonical URL: another spelling of the number ("%2B91…") answers with a redirect to this one.
    "/inbox/[phone]": threadHref(f.employeePhone),
    "/inbox/media/[id]/[index]": `/inbox/media/${f.photoMessageId}/0`,
  };
  return pattern.includes("[") ? urls[pattern] : pattern;
}

const entries = appEntries();
const pages = entries.filter((entry) => entry.kind === "page");
const routes = entries.filter((entry) => entry.kind === "route");
const protectedPages = pages.filter((page) => !PUBLIC_PAGES.has(page.pattern));
const protectedRoutes = routes.filter((route) => !PUBLIC_ROUTES.has(route.pattern) && !WEBHOOK_ROUTES.has(route.pattern));
const actions = manifestActions();

/** Refusals counted per class, for the README. */
const refusals: Record<string, number> = {};
function refused(kind: string): void {
  refusals[kind] = (refusals[kind] ?? 0) + 1;
}

describe("the app surface found on disk and in the build", () => {
  it("finds every page, route handler and server action", () => {
    expect(pages.length).toBeGreaterThanOrEqual(14);
    expect(routes.length).toBeGreaterThanOrEqual(8);
    expect(actions.length).toBeGreaterThanOrEqual(35);
    for (const pattern of [...PUBLIC_PAGES, ...ADMIN_PAGES]) expect(pages.map((page) => page.pattern)).toContain(pattern);
    for (const pattern of [...PUBLIC_ROUTES, ...WEBHOOK_ROUTES, ...ADMIN_ROUTES]) expect(routes.map((route) => route.pattern)).toContain(pattern);
    for (const route of routes) expect(route.methods.length, route.file).toBeGreaterThan(0);
  });

  it("has every exported function of every 'use server' file in the build, and nothing else", () => {
    const source = useServerExports().map(({ file, name }) => `${file}#${name}`).sort();
    const built = actions.map(({ file, name }) => `${file}#${name}`).sort();
    expect(built).toEqual(source);
  });

  it("classifies every action exactly once", () => {
    const names = actions.map((action) => action.name);
    expect(new Set(names).size, "action names must be unique for ACTIONS to key them").toBe(names.length);
    expect(names.filter((name) => !ACTIONS[name]), "classify these in ACTIONS").toEqual([]);
    expect(Object.keys(ACTIONS).filter((name) => !names.includes(name)), "stale entries in ACTIONS").toEqual([]);
  });
});

describe("access control on the production server", () => {
  let server: RunningServer;
  let sqlite: Database.Database;
  let f: Fixtures;
  let cookies: Record<"admin" | "staff" | "expired" | "deactivated" | "forged" | "none", string | undefined>;
  const responses: string[] = [];

  const pageOf = (action: ManifestAction): string => {
    const pattern = action.workers.map(workerPattern).find((candidate) => candidate !== undefined);
    const url = pattern === undefined ? undefined : concreteUrl(pattern, f);
    if (!url) throw new Error(`no page to post ${action.name} to`);
    return url;
  };

  async function invoke(action: ManifestAction, cookie: string | undefined, origin?: string | null) {
    const spec = ACTIONS[action.name];
    if (!spec) throw new Error(`unclassified action ${action.name}`);
    const response = await callAction(server.baseUrl, { id: action.id, page: pageOf(action), args: spec.args(f), cookie, origin });
    responses.push(response.text);
    return response;
  }

  /**
   * Runs `request` and asserts it left every table as it was. Signing out may end the caller's own
   * (dead) session row, which only the holder of its cookie can do: at most that one row may go.
   */
  async function unchanged<T>(label: string, request: () => Promise<T>, options: { ownSessionMayEnd?: boolean; logsRefusal?: string } = {}): Promise<T> {
    const sessionsBefore = (sqlite.prepare("select count(*) as n from sessions").get() as { n: number }).n;
    const lastError = () => sqlite.prepare("select id, source from error_log order by id desc limit 1").get() as { id: number; source: string } | undefined;
    const errorBefore = lastError();
    const { sessions: sessionRowsBefore, error_log: errorRowsBefore, ...before } = fingerprint(sqlite);
    const result = await request();
    const { sessions: sessionRowsAfter, error_log: errorRowsAfter, ...after } = fingerprint(sqlite);
    expect(after, `${label} changed the database`).toEqual(before);
    // A refusal the server logs adds exactly one error-log row, naming why; anything else adds none.
    if (options.logsRefusal) {
      const errorAfter = lastError();
      expect(errorAfter?.source, label).toBe(options.logsRefusal);
      expect(errorAfter?.id, label).toBe((errorBefore?.id ?? 0) + 1);
    } else expect(errorRowsAfter, `${label} changed the error log`).toEqual(errorRowsBefore);
    const sessionsAfter = (sqlite.prepare("select count(*) as n from sessions").get() as { n: number }).n;
    if (options.ownSessionMayEnd) expect(sessionsAfter, label).toBeGreaterThanOrEqual(sessionsBefore - 1);
    else expect(sessionRowsAfter, `${label} changed the sessions`).toEqual(sessionRowsBefore);
    return result;
  }

  beforeAll(async () => {
    server = await startServer({ SESSION_SECRET, ADMIN_EMAIL: "", ADMIN_PASSWORD: "" });
    const seeded = await seed(server);
    f = seeded.fixtures;
    cookies = { ...seeded.cookies, forged: `${SESSION_COOKIE}=${"A".repeat(43)}`, none: undefined };
    sqlite = openDatabase(server.databasePath).$client;
    // The daily jobs run once, 5 s after start; let them finish so they cannot be mistaken for a request's writes.
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && (sqlite.prepare("select count(*) as n from job_leases where last_run_on is not null").get() as { n: number }).n < 2) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
  afterAll(async () => {
    sqlite?.close();
    await server?.stop();
    console.log(
      `access-control: ${pages.length} pages, ${routes.length} route handlers, ${actions.length} server actions; refusals by class: ${JSON.stringify(refusals)}`,
    );
  });

  it("gives every dynamic page and every action's page a concrete URL", () => {
    for (const page of pages) expect(concreteUrl(page.pattern, f), `add a concrete URL for ${page.pattern}`).toBeDefined();
    for (const action of actions) expect(() => pageOf(action)).not.toThrow();
  });

  it("accepts the admin and staff sessions the refusals are measured against", async () => {
    for (const role of ["admin", "staff"] as const) expect((await fetch(`${server.baseUrl}/`, { headers: { cookie: cookies[role] ?? "" }, redirect: "manual" })).status).toBe(200);
  });

  describe.each(["none", "expired", "forged", "deactivated"] as const)("with %s session", (kind) => {
    it("redirects every page to sign-in", async () => {
      await unchanged(`pages with ${kind} session`, async () => {
        for (const page of protectedPages) {
          const url = concreteUrl(page.pattern, f) ?? page.pattern;
          const response = await fetch(`${server.baseUrl}${url}`, { headers: cookies[kind] ? { cookie: cookies[kind] } : {}, redirect: "manual" });
          expect(response.status, url).toBe(307);
          const location = new URL(response.headers.get("location") ?? "", server.baseUrl);
          expect(location.pathname, url).toBe("/login");
          expect(location.searchParams.get("next"), url).toBe(url === "/" ? null : url);
          expectSecurityHeaders(response, url);
          responses.push(await response.text());
          refused(`page:${kind}`);
        }
        // The query comes back after sign-in, without the marker of Next's own data requests.
        const filtered = await fetch(`${server.baseUrl}/inbox?direction=sent&_rsc=1x2y&q=gift`, { headers: cookies[kind] ? { cookie: cookies[kind] } : {}, redirect: "manual" });
        expect(new URL(filtered.headers.get("location") ?? "", server.baseUrl).searchParams.get("next")).toBe("/inbox?direction=sent&q=gift");
      });
    });

    it("sends no page's data to the client router either, only the redirect", async () => {
      await unchanged(`RSC requests with ${kind} session`, async () => {
        for (const page of protectedPages) {
          const url = concreteUrl(page.pattern, f) ?? page.pattern;
          const headers: Record<string, string> = { rsc: "1", ...(cookies[kind] ? { cookie: cookies[kind] } : {}) };
          const response = await fetch(`${server.baseUrl}${url}?_rsc=probe`, { headers, redirect: "manual" });
          const body = await response.text();
          if (response.status !== 307) {
            expect(response.status, url).toBe(200);
            expect(body, url).toMatch(/NEXT_REDIRECT;replace;\/login/);
          }
          for (const seeded of ["Asha Rao", f.employeePhone, f.adminEmail, "staff@example.com", "Annual policy", "LUNCH"]) expect(body, `${url} leaks ${seeded}`).not.toContain(seeded);
          refused(`page-rsc:${kind}`);
        }
      });
    });

    it("answers 401 from every protected route handler", async () => {
      await unchanged(`routes with ${kind} session`, async () => {
        for (const route of protectedRoutes) {
          for (const method of route.methods) {
            const url = `${concreteUrl(route.pattern, f) ?? route.pattern}${ROUTE_QUERY[route.pattern] ?? ""}`;
            const response = await fetch(`${server.baseUrl}${url}`, { method, headers: cookies[kind] ? { cookie: cookies[kind] } : {}, redirect: "manual" });
            expect(response.status, `${method} ${url}`).toBe(401);
            expectSecurityHeaders(response, url);
            responses.push(await response.text());
            refused(`route:${kind}`);
          }
        }
      });
    });

    it("refuses every server action", async () => {
      for (const action of actions) {
        const spec = ACTIONS[action.name];
        if (!spec || spec.role === "public") continue;
        const response = await unchanged(`${action.name} with ${kind} session`, () => invoke(action, cookies[kind]), { ownSessionMayEnd: spec.role === "session" });
        expectSecurityHeaders(response, action.name);
        if (spec.role === "session") {
          // Signing out without a (valid) session just lands on the sign-in page.
          expect(response.headers.get("x-action-redirect"), action.name).toMatch(/^\/login/);
        } else {
          expect(response.result, action.name).toMatchObject({ ok: false, error: SESSION_ENDED });
          const result = response.result as { status?: number };
          if (result.status !== undefined) expect(result.status, action.name).toBe(401);
        }
        refused(`action:${kind}`);
      }
    });
  });

  describe("as staff", () => {
    it("refuses admin pages with 403 and serves the rest", async () => {
      for (const page of protectedPages) {
        const url = concreteUrl(page.pattern, f) ?? page.pattern;
        const response = await fetch(`${server.baseUrl}${url}`, { headers: { cookie: cookies.staff ?? "" }, redirect: "manual" });
        expect(response.status, url).toBe(ADMIN_PAGES.has(page.pattern) ? 403 : 200);
        responses.push(await response.text());
        if (ADMIN_PAGES.has(page.pattern)) refused("page:staff");
      }
    });

    it("refuses admin route handlers with 403 and serves the rest", async () => {
      for (const route of protectedRoutes) {
        for (const method of route.methods) {
          const url = `${concreteUrl(route.pattern, f) ?? route.pattern}${ROUTE_QUERY[route.pattern] ?? ""}`;
          const admin = ADMIN_ROUTES.has(route.pattern);
          const request = () => fetch(`${server.baseUrl}${url}`, { method, headers: { cookie: cookies.staff ?? "" }, redirect: "manual" });
          const response = admin ? await unchanged(`${method} ${url} as staff`, request) : await request();
          expect(response.status, `${method} ${url}`).toBe(admin ? 403 : 200);
          responses.push(await response.text());
          if (admin) refused("route:staff");
        }
      }
    });

    it("refuses every admin-only server action", async () => {
      for (const action of actions) {
        if (ACTIONS[action.name]?.role !== "admin") continue;
        const response = await unchanged(`${action.name} as staff`, () => invoke(action, cookies.staff));
        expect(response.result, action.name).toMatchObject({ ok: false, error: ADMINS_ONLY });
        const result = response.result as { status?: number };
        if (result.status !== undefined) expect(result.status, action.name).toBe(403);
        refused("action:staff");
      }
    });
  });

  describe("cross-site", () => {
    it("refuses every server action called with a foreign or null Origin, even with an admin session", async () => {
      for (const action of actions) {
        // Sign-in needs no cookie: a foreign page must not be able to sign a browser in as someone (login CSRF).
        const cookie = ACTIONS[action.name]?.role === "public" ? undefined : cookies.admin;
        for (const origin of [EVIL_ORIGIN, "null"]) {
          const response = await unchanged(`${action.name} from ${origin}`, () => invoke(action, cookie, origin), { logsRefusal: "http.cross-site" });
          expect(response.status, `${action.name} from ${origin}`).toBe(403);
          expect(response.result, action.name).toBeUndefined();
          expect(response.headers.get("set-cookie"), action.name).toBeNull();
          refused("action:cross-site");
        }
      }
    });

    it("refuses a plain cross-site form post to every server action", async () => {
      for (const action of actions) {
        const response = await unchanged(`form post of ${action.name} from ${EVIL_ORIGIN}`, () =>
          postActionForm(server.baseUrl, { id: action.id, page: pageOf(action), fields: {}, cookie: cookies.admin, origin: EVIL_ORIGIN }),
          { logsRefusal: "http.cross-site" },
        );
        expect(response.status, action.name).toBe(403);
        expect(response.text, action.name).toBe("Forbidden: cross-site request");
        responses.push(response.text);
        refused("action:cross-site-form");
      }
    });
  });

  describe("as admin", () => {
    it("serves every page and route handler", async () => {
      for (const entry of [...protectedPages, ...protectedRoutes] as AppEntry[]) {
        const url = `${concreteUrl(entry.pattern, f) ?? entry.pattern}${ROUTE_QUERY[entry.pattern] ?? ""}`;
        const response = await fetch(`${server.baseUrl}${url}`, { headers: { cookie: cookies.admin ?? "" }, redirect: "manual" });
        expect(response.status, url).toBe(200);
        expectSecurityHeaders(response, url);
        responses.push(await response.text());
      }
    });

    it("renders no secret on any page, and no webhook token to staff", async () => {
      const secrets = sqlite.prepare("select key, value from settings where key like 'internal.%' or key = 'webhookToken'").all() as { key: string; value: string }[];
      const internal = secrets.filter((row) => row.key.startsWith("internal.")).map((row) => JSON.parse(row.value) as string);
      const webhookToken = JSON.parse(secrets.find((row) => row.key === "webhookToken")?.value ?? '""') as string;
      const hashes = (sqlite.prepare("select password_hash from users").all() as { password_hash: string }[]).map((row) => row.password_hash.split("$").at(-1) ?? "");
      expect(internal.length).toBeGreaterThanOrEqual(2);
      expect(webhookToken).not.toBe("");
      for (const page of protectedPages) {
        const url = concreteUrl(page.pattern, f) ?? page.pattern;
        for (const role of ["admin", "staff"] as const) {
          const html = await (await fetch(`${server.baseUrl}${url}`, { headers: { cookie: cookies[role] ?? "" } })).text();
          for (const secret of [...internal, ...hashes, SESSION_SECRET, ...PASSWORDS]) expect(html, `${url} as ${role}`).not.toContain(secret);
          if (role === "staff") expect(html, url).not.toContain(webhookToken);
        }
      }
    });

    it("runs every action with the same arguments the refusals used (so the refusals were real)", async () => {
      const byName = new Map(actions.map((action) => [action.name, action]));
      for (const name of Object.keys(ACTIONS)) {
        const action = byName.get(name);
        if (!action) throw new Error(`${name} is not in the build`);
        const before = fingerprint(sqlite);
        const response = await invoke(action, cookies.admin);
        const redirect = response.headers.get("x-action-redirect");
        // A redirect is an action's way of succeeding, unless it leads to sign-in (where only signing out should).
        if (redirect) expect(redirect.startsWith("/login"), `${name} redirected to ${redirect}`).toBe(name === "signOut");
        else expect(response.result, `${action.name}: ${JSON.stringify(response.result)}`).toMatchObject({ ok: true });
        // Allowed, it did its work: the same call refused earlier would have changed the database.
        expect(fingerprint(sqlite), `${name} changed nothing even for an admin`).not.toEqual(before);
      }
    });

    it("signs out with a same-site form post, the shape the cross-site one was refused in", async () => {
      const signOut = actions.find((action) => action.name === "signOut");
      if (!signOut) throw new Error("no signOut action");
      const db = openDatabase(server.databasePath);
      const admin = db.$client.prepare("select id from users where email = ?").get(f.adminEmail) as { id: number };
      const cookie = `${SESSION_COOKIE}=${createSession(db, SESSION_SECRET, admin.id, { ip: null, userAgent: null }).token}`;
      db.$client.close();
      expect((await fetch(`${server.baseUrl}/`, { headers: { cookie }, redirect: "manual" })).status).toBe(200);
      const response = await postActionForm(server.baseUrl, { id: signOut.id, page: "/", fields: {}, cookie, origin: server.baseUrl });
      expect(response.status).toBe(303);
      expect((await fetch(`${server.baseUrl}/`, { headers: { cookie }, redirect: "manual" })).status).toBe(307);
    });
  });

  describe("passwords", () => {
    it("signs in through the real form and refuses a wrong password without echoing either", async () => {
      const signIn = actions.find((action) => action.name === "signInAction");
      if (!signIn) throw new Error("no signInAction");
      const attempt = async (password: string) => {
        const response = await callAction(server.baseUrl, { id: signIn.id, page: "/login", args: [{}, form({ email: "staff@example.com", password, next: "/inbox" })] });
        responses.push(response.text, JSON.stringify([...response.headers.entries()]));
        return response;
      };
      const wrong = await attempt(WRONG_PASSWORD);
      expect(wrong.result).toEqual({ error: "Wrong email or password.", email: "staff@example.com" });
      const right = await attempt(STAFF_PASSWORD);
      expect(right.headers.get("x-action-redirect")).toMatch(/^\/inbox/);
      expect(right.headers.get("set-cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43};.*HttpOnly`, "i"));
    });

    it("never writes a password to the log or any table, nor sends one back", () => {
      const log = readFileSync(server.logPath, "utf8");
      const tables = everyText(sqlite);
      const sent = responses.join("\n");
      expect(sqlite.prepare("select count(*) as n from login_attempts where succeeded = 0").get()).toEqual({ n: 1 });
      for (const password of PASSWORDS) {
        expect(log, "server log").not.toContain(password);
        expect(tables, "database").not.toContain(password);
        expect(sent, "responses").not.toContain(password);
      }
    });
  });

  describe("security headers", () => {
    it("are set on pages, API routes, webhooks, action responses and 404s, without HSTS over plain http", async () => {
      const targets: [string, RequestInit][] = [
        ["/login", {}],
        ["/api/health", {}],
        ["/no-such-page", {}],
        ...[...WEBHOOK_ROUTES].map((path): [string, RequestInit] => [path, { method: "POST", body: "Body=hi", headers: { "content-type": "application/x-www-form-urlencoded" } }]),
      ];
      for (const [path, init] of targets) {
        // A client claiming https is not believed without TRUST_PROXY, so no HSTS either way.
        const response = await fetch(`${server.baseUrl}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), "x-forwarded-proto": "https" } });
        expectSecurityHeaders(response, path);
        expect(response.headers.get("strict-transport-security"), path).toBeNull();
        if (WEBHOOK_ROUTES.has(path)) expect(response.status, `${path} unsigned`).toBe(403);
      }
    });
  });
});

describe("a live-credentials server behind a trusted https proxy", () => {
  let server: RunningServer;
  let f: Fixtures;
  let admin: string;

  beforeAll(async () => {
    server = await startServer({
      SESSION_SECRET,
      ADMIN_EMAIL: "",
      ADMIN_PASSWORD: "",
      TRUST_PROXY: "true",
      TWILIO_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN,
      TWILIO_WHATSAPP_FROM: "whatsapp:+15550001111",
      // Nothing listens there: no request may reach the real Twilio.
      TWILIO_API_BASE: `http://127.0.0.1:${await freePort()}`,
    });
    const seeded = await seed(server);
    f = seeded.fixtures;
    admin = seeded.cookies.admin;
  });
  afterAll(() => server?.stop());

  it("shows the credentials by account SID but never renders the auth token on any page, nor logs it", async () => {
    for (const page of pages) {
      const url = concreteUrl(page.pattern, f) ?? page.pattern;
      const response = await fetch(`${server.baseUrl}${url}`, { headers: { cookie: admin } });
      expect(response.status, url).toBe(200);
      const html = await response.text();
      expect(html, url).not.toContain(TWILIO_AUTH_TOKEN);
      if (url === "/settings") {
        expect(html).toContain("Credentials configured");
        expect(html).toContain(TWILIO_ACCOUNT_SID);
      }
    }
    expect(readFileSync(server.logPath, "utf8")).not.toContain(TWILIO_AUTH_TOKEN);
  });

  it("sends HSTS only on requests the proxy says came over https", async () => {
    const targets: [string, RequestInit][] = [
      ["/login", {}],
      ["/", { headers: { cookie: admin } }],
      ["/api/health", {}],
      ["/people/export", { headers: { cookie: admin } }],
      ["/api/twilio/incoming", { method: "POST", body: "Body=hi", headers: { "content-type": "application/x-www-form-urlencoded" } }],
    ];
    for (const [path, init] of targets) {
      const headers = (init.headers as Record<string, string> | undefined) ?? {};
      const secure = await fetch(`${server.baseUrl}${path}`, { ...init, headers: { ...headers, "x-forwarded-proto": "https" }, redirect: "manual" });
      expectSecurityHeaders(secure, path);
      expect(secure.headers.get("strict-transport-security"), path).toMatch(/max-age=\d{7,}/);
      const plain = await fetch(`${server.baseUrl}${path}`, { ...init, redirect: "manual" });
      expect(plain.headers.get("strict-transport-security"), path).toBeNull();
    }
  });

  it("marks the session cookie Secure when the proxy says the sign-in came over https", async () => {
    const signIn = actions.find((candidate) => candidate.name === "signInAction");
    if (!signIn) throw new Error("no signInAction");
    const cookieOf = async (proto: string) => {
      const response = await callAction(server.baseUrl, {
        id: signIn.id,
        page: "/login",
        args: [{}, form({ email: f.adminEmail, password: ADMIN_PASSWORD })],
        origin: `${proto}://${new URL(server.baseUrl).host}`,
        headers: { "x-forwarded-proto": proto },
      });
      expect(response.headers.get("x-action-redirect")).toBe("/;push");
      return response.headers.get("set-cookie") ?? "";
    };
    expect(await cookieOf("https")).toMatch(/;\s*Secure/i);
    expect(await cookieOf("http")).not.toMatch(/;\s*Secure/i);
  });

  it("still refuses a cross-site action when forwarded headers are trusted", async () => {
    const action = actions.find((candidate) => candidate.name === "setIncomingEnabled");
    if (!action) throw new Error("no setIncomingEnabled");
    const response = await callAction(server.baseUrl, { id: action.id, page: "/settings", args: [true], cookie: admin, origin: EVIL_ORIGIN });
    expect(response.status).toBe(403);
    const db = openDatabase(server.databasePath);
    expect(db.$client.prepare("select count(*) as n from audit_log where action like 'settings.incoming%'").get()).toEqual({ n: 0 });
    db.$client.close();
  });
});
