import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";

// Timestamps are integer milliseconds since the epoch: cheap to index and to compare in keyset pagination.
const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    role: text("role", { enum: ["admin", "staff"] }).notNull(),
    passwordHash: text("password_hash").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    // HMAC of the cookie token: a leaked database row cannot be replayed as a cookie.
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

export const loginAttempts = sqliteTable(
  "login_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    succeeded: integer("succeeded", { mode: "boolean" }).notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("login_attempts_email_idx").on(t.email, t.at), index("login_attempts_ip_idx").on(t.ip, t.at)],
);

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  updatedBy: integer("updated_by").references(() => users.id, { onDelete: "set null" }),
});

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    // Kept beside the id so the trail still names the person after their account is gone.
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    // The action's prefix up to its first dot ("auth." of "auth.sign_in"): what the Logs page filters
    // on. Computed by SQLite, never stored, so it is outside the hash chain and needs no backfill.
    kind: text("kind").generatedAlwaysAs(sql`substr("action", 1, instr("action", '.'))`, { mode: "virtual" }),
    target: text("target"),
    before: text("before", { mode: "json" }),
    after: text("after", { mode: "json" }),
    ip: text("ip"),
    // Tamper evidence: SHA-256 over the previous row's hash and this row (lib/records/chain.ts).
    prevHash: text("prev_hash"),
    hash: text("hash"),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_action_idx").on(t.action, t.at),
    // One index per filter of the Logs page's audit trail, each ending in `at` (and the rowid, which
    // is the id) so a page is read newest first straight off the index: no scan, no sort. The kind
    // is a column of its own because LIKE 'auth.%' cannot use an index.
    index("audit_log_kind_idx").on(t.kind, t.at),
    // Partial, so a query for entries without an account ("is null") is not served by it but by one
    // of the two below; `actor_user_id = ?` implies "is not null", so SQLite still uses it for a user.
    index("audit_log_actor_user_idx").on(t.actorUserId, t.at).where(sql`actor_user_id is not null`),
    // Actors without an account: the server itself, and employees deciding by WhatsApp (labelled
    // "<name> (<number>) via WhatsApp"). Only a query repeating these terms literally uses them.
    index("audit_log_system_idx").on(t.at).where(sql`actor_user_id is null and actor_label = 'system'`),
    index("audit_log_whatsapp_idx").on(t.at).where(sql`actor_user_id is null and actor_label like '% via WhatsApp'`),
    // Operators' commands on the server (npm run reset-password, purge): out-of-band changes a review looks for.
    index("audit_log_command_line_idx").on(t.at).where(sql`actor_user_id is null and actor_label like 'command line%'`),
    index("audit_log_unsealed_idx").on(t.id).where(sql`hash is null`),
  ],
);

export const errorLog = sqliteTable(
  "error_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    source: text("source").notNull(),
    reason: text("reason").notNull(),
    detail: text("detail"),
    payload: text("payload", { mode: "json" }),
  },
  (t) => [
    index("error_log_at_idx").on(t.at),
    index("error_log_source_idx").on(t.source, t.at),
    index("error_log_kind_idx").on(t.source, t.reason, t.at),
  ],
);

export const contacts = sqliteTable(
  "contacts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // E.164, e.g. +919812345678; the channel ("whatsapp") is kept apart so one person is one row.
    phone: text("phone").notNull(),
    channel: text("channel").notNull().default("whatsapp"),
    profileName: text("profile_name"),
    waId: text("wa_id"),
    optedOut: integer("opted_out", { mode: "boolean" }).notNull().default(false),
    optedOutAt: integer("opted_out_at", { mode: "timestamp_ms" }),
    blocked: integer("blocked", { mode: "boolean" }).notNull().default(false),
    lastInboundAt: integer("last_inbound_at", { mode: "timestamp_ms" }),
    // Per-number daily counter kept on the row so the webhook checks its limit without counting messages.
    inboundDay: text("inbound_day"),
    inboundDayCount: integer("inbound_day_count").notNull().default(0),
    lastAutoReplyAt: integer("last_auto_reply_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("contacts_phone_unique").on(t.phone)],
);

export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Null only while an outbound message waits for Twilio to assign one; SQLite lets many NULLs share a unique index.
    messageSid: text("message_sid"),
    direction: text("direction", { enum: ["inbound", "outbound"] }).notNull(),
    fromAddress: text("from_address").notNull(),
    toAddress: text("to_address").notNull(),
    contactId: integer("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    body: text("body").notNull().default(""),
    status: text("status").notNull(),
    command: text("command"),
    errorCode: integer("error_code"),
    errorMessage: text("error_message"),
    numMedia: integer("num_media").notNull().default(0),
    media: text("media", { mode: "json" }).$type<MediaItem[]>(),
    messageType: text("message_type"),
    profileName: text("profile_name"),
    waId: text("wa_id"),
    latitude: real("latitude"),
    longitude: real("longitude"),
    address: text("address"),
    label: text("label"),
    buttonText: text("button_text"),
    buttonPayload: text("button_payload"),
    originalRepliedMessageSid: text("original_replied_message_sid"),
    // Parameters Twilio sent that have no column of their own (Referral*, Forwarded…), kept verbatim.
    extra: text("extra", { mode: "json" }).$type<Record<string, string | string[]>>(),
    // Why an inbound message got no auto-reply: disabled, blocked, rate_limited, cooldown, opted_out.
    flag: text("flag"),
    // An outbound reply points at the inbound message it answers.
    replyToId: integer("reply_to_id"),
    // Who wrote an outbound message from the dashboard (null for automatic replies).
    sentByUserId: integer("sent_by_user_id").references(() => users.id, { onDelete: "set null" }),
    // First times Twilio reported it sent and delivered: the delivery-latency figures come from these.
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    deliveredAt: integer("delivered_at", { mode: "timestamp_ms" }),
    // Inbound messages start open (the guide's "Status: Open"); staff mark them handled.
    handledAt: integer("handled_at", { mode: "timestamp_ms" }),
    handledByUserId: integer("handled_by_user_id").references(() => users.id, { onDelete: "set null" }),
    // Tamper evidence over the fields that never change (lib/records/chain.ts).
    prevHash: text("prev_hash"),
    hash: text("hash"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("messages_sid_unique").on(t.messageSid),
    // Partial where most rows have no value: an insert then skips the index altogether (the webhook
    // writes two rows per message, and every index is a b-tree to update).
    uniqueIndex("messages_reply_to_unique").on(t.replyToId).where(sql`reply_to_id is not null`),
    index("messages_created_idx").on(t.createdAt, t.id),
    index("messages_direction_created_idx").on(t.direction, t.createdAt, t.id),
    index("messages_contact_created_idx").on(t.contactId, t.createdAt, t.id),
    // One index per inbox filter, each ending in the keyset order so a filtered page is a range scan.
    index("messages_status_created_idx").on(t.status, t.createdAt, t.id),
    index("messages_command_created_idx").on(t.command, t.createdAt, t.id).where(sql`command is not null`),
    index("messages_flag_created_idx").on(t.flag, t.createdAt, t.id).where(sql`flag is not null`),
    // Only inbound messages are ever handled; the open filter names the direction as a literal.
    index("messages_open_created_idx").on(t.handledAt, t.createdAt, t.id).where(sql`direction = 'inbound'`),
    // Finds rows not yet in the hash chain at start-up without scanning every message.
    index("messages_unsealed_idx").on(t.id).where(sql`hash is null`),
  ],
);

export const statusEvents = sqliteTable(
  "status_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    messageSid: text("message_sid").notNull(),
    // Null while orphaned: the callback arrived before (or without) the message it describes.
    messageId: integer("message_id").references(() => messages.id, { onDelete: "cascade" }),
    status: text("status").notNull(),
    errorCode: integer("error_code"),
    errorMessage: text("error_message"),
    eventType: text("event_type"),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("status_events_sid_idx").on(t.messageSid), index("status_events_message_idx").on(t.messageId, t.id)],
);

export const commandRules = sqliteTable(
  "command_rules",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    keyword: text("keyword").notNull(),
    match: text("match", { enum: ["exact", "starts_with"] }).notNull(),
    reply: text("reply").notNull(),
    priority: integer("priority").notNull().default(0),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("command_rules_keyword_match_unique").on(t.keyword, t.match)],
);

export const outboundJobs = sqliteTable(
  "outbound_jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    messageId: integer("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    // Travels in the StatusCallback URL, so a callback can settle a send whose answer was lost in a crash.
    idempotencyKey: text("idempotency_key").notNull(),
    contentSid: text("content_sid"),
    contentVariables: text("content_variables", { mode: "json" }).$type<Record<string, string>>(),
    // "unconfirmed": given up after a request Twilio may have received; its first callback can still settle it.
    state: text("state", { enum: ["pending", "sending", "sent", "failed", "unconfirmed", "refused"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    // 429s are Twilio pacing the account, not this message failing: they do not count toward
    // MAX_ATTEMPTS, and a run of them is bounded by time from its first instead.
    throttledAttempts: integer("throttled_attempts").notNull().default(0),
    throttledSince: integer("throttled_since", { mode: "timestamp_ms" }),
    // When this job first went to Twilio: a retry's lookup only accepts messages created since then.
    firstAttemptAt: integer("first_attempt_at", { mode: "timestamp_ms" }),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    lastErrorCode: integer("last_error_code"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("outbound_jobs_message_unique").on(t.messageId),
    uniqueIndex("outbound_jobs_key_unique").on(t.idempotencyKey),
    index("outbound_jobs_due_idx").on(t.state, t.nextAttemptAt),
  ],
);

export const employees = sqliteTable(
  "employees",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    employeeCode: text("employee_code").notNull(),
    // E.164, the number they write from on WhatsApp.
    phone: text("phone").notNull(),
    department: text("department").notNull().default(""),
    // The name as the People list orders it (nameSortKey in db/queries/employees.ts): ASCII letters in
    // lower case and every run of digits by its value, so "Bulk 2" comes before "Bulk 10". Written
    // with the name by insertEmployee and updateEmployee; filled for older rows by migration 0025.
    nameSort: text("name_sort").notNull().default(""),
    managerId: integer("manager_id").references((): AnySQLiteColumn => employees.id, { onDelete: "set null" }),
    approver: integer("approver", { mode: "boolean" }).notNull().default(false),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    // One code per person whatever its case: "E001" and "e001" are the same code, as HR systems treat
    // them; the duplicate check on save and the CSV import read this index with the same collation.
    uniqueIndex("employees_code_nocase_unique").on(sql`${t.employeeCode} collate nocase`),
    uniqueIndex("employees_phone_unique").on(t.phone),
    // The People list: by name sort key (case aside, numbers by value, as a reader expects) then id,
    // whole or within one department, so a page is an index range read in order and never a sort of the whole table.
    index("employees_name_sort_idx").on(t.nameSort, t.id),
    // Departments compare case aside ("Compliance" is "compliance"), as SQLite's NOCASE does: the
    // filter, the list of departments and the save's look-up of an existing spelling read this.
    index("employees_department_name_sort_nocase_idx").on(sql`${t.department} collate nocase`, t.nameSort, t.id),
  ],
);

export const certificates = sqliteTable(
  "certificates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    employeeId: integer("employee_id")
      .notNull()
      .references(() => employees.id, { onDelete: "cascade" }),
    // e.g. "NISM Series VIII"
    name: text("name").notNull(),
    number: text("number").notNull().default(""),
    // Calendar days as YYYY-MM-DD: expiry is a date, not an instant.
    issuedOn: text("issued_on"),
    expiresOn: text("expires_on").notNull(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("certificates_employee_idx").on(t.employeeId), index("certificates_expiry_idx").on(t.expiresOn)],
);

export const declarations = sqliteTable(
  "declarations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    employeeId: integer("employee_id")
      .notNull()
      .references(() => employees.id, { onDelete: "cascade" }),
    // e.g. "Investment declaration"
    type: text("type").notNull(),
    period: text("period").notNull().default(""),
    status: text("status", { enum: ["pending", "submitted", "overdue"] }).notNull(),
    dueOn: text("due_on").notNull(),
    submittedOn: text("submitted_on"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("declarations_employee_status_idx").on(t.employeeId, t.status), index("declarations_status_due_idx").on(t.status, t.dueOn)],
);

export const approvalRequests = sqliteTable(
  "approval_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    reference: text("reference").notNull(),
    title: text("title").notNull(),
    requester: text("requester").notNull(),
    approverId: integer("approver_id")
      .notNull()
      .references(() => employees.id, { onDelete: "restrict" }),
    // "withdrawn": cancelled from the dashboard before anyone decided; terminal like a decision.
    status: text("status", { enum: ["pending", "approved", "rejected", "withdrawn"] }).notNull(),
    decidedByEmployeeId: integer("decided_by_employee_id").references(() => employees.id, { onDelete: "set null" }),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    decidedVia: text("decided_via"),
    decisionMessageSid: text("decision_message_sid"),
    reason: text("reason"),
    // The last "Notify approver" that was queued: a second WhatsApp soon after needs a confirmation.
    lastNotifiedAt: integer("last_notified_at", { mode: "timestamp_ms" }),
    lastNotifiedByUserId: integer("last_notified_by_user_id").references(() => users.id, { onDelete: "set null" }),
    withdrawnAt: integer("withdrawn_at", { mode: "timestamp_ms" }),
    withdrawnByUserId: integer("withdrawn_by_user_id").references(() => users.id, { onDelete: "set null" }),
    withdrawnReason: text("withdrawn_reason"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("approval_requests_status_idx").on(t.status, t.createdAt), index("approval_requests_approver_idx").on(t.approverId, t.status)],
);

export const campaigns = sqliteTable("campaigns", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  body: text("body").notNull(),
  contentSid: text("content_sid"),
  // The saved template it was sent with, so every round sends the variables that template declares; null for free text or a bare Content SID.
  template: text("template", { mode: "json" }).$type<{ name: string; labels: string[]; values: string[] }>(),
  audience: text("audience", { mode: "json" }).$type<Record<string, string | number>>().notNull(),
  skippedOptedOut: integer("skipped_opted_out").notNull().default(0),
  createdByUserId: integer("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
  // The last "Remind again" round that queued anything, and who sent it: another within the hour waits for a confirmation.
  lastRemindedAt: integer("last_reminded_at", { mode: "timestamp_ms" }),
  lastRemindedByUserId: integer("last_reminded_by_user_id").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
});

export const campaignRecipients = sqliteTable(
  "campaign_recipients",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    employeeId: integer("employee_id")
      .notNull()
      .references(() => employees.id, { onDelete: "cascade" }),
    // The latest message sent to them for this campaign (a "remind again" replaces it).
    messageId: integer("message_id").references(() => messages.id, { onDelete: "set null" }),
    skipped: text("skipped"),
    acknowledgedAt: integer("acknowledged_at", { mode: "timestamp_ms" }),
    ackMessageSid: text("ack_message_sid"),
    reminders: integer("reminders").notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("campaign_recipients_unique").on(t.campaignId, t.employeeId),
    index("campaign_recipients_employee_idx").on(t.employeeId, t.acknowledgedAt),
    // A purge or an erasure deleting messages clears these links (on delete set null) without a scan.
    index("campaign_recipients_message_idx").on(t.messageId),
  ],
);

/**
 * Every message a campaign round sent, kept after Remind again replaces the recipient's latest
 * (campaign_recipients.message_id): the page shows each round's delivery. `sentAt` is the round's
 * time, the same for all of its messages.
 */
export const campaignSends = sqliteTable(
  "campaign_sends",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    recipientId: integer("recipient_id")
      .notNull()
      .references(() => campaignRecipients.id, { onDelete: "cascade" }),
    messageId: integer("message_id").references(() => messages.id, { onDelete: "set null" }),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("campaign_sends_campaign_idx").on(t.campaignId, t.sentAt),
    // A purge or an erasure deleting messages finds the links to clear without a scan.
    index("campaign_sends_message_idx").on(t.messageId),
    index("campaign_sends_recipient_idx").on(t.recipientId),
  ],
);

/** Records the retention purge must keep: everything of one number, or everything in a date range. */
export const legalHolds = sqliteTable(
  "legal_holds",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    phone: text("phone"),
    // Inclusive calendar days (UTC); a hold may give a number, a range, or both.
    fromDay: text("from_day"),
    toDay: text("to_day"),
    reason: text("reason").notNull(),
    createdByUserId: integer("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdByLabel: text("created_by_label").notNull(),
    createdAt: createdAt(),
    // A released hold stays, with who released it and why: what protected records, and when that
    // ended, is itself part of the record. Holds released before a reason was required have none.
    releasedAt: integer("released_at", { mode: "timestamp_ms" }),
    releasedByUserId: integer("released_by_user_id").references(() => users.id, { onDelete: "set null" }),
    releasedByLabel: text("released_by_label"),
    releaseReason: text("release_reason"),
  },
  (t) => [index("legal_holds_phone_idx").on(t.phone), index("legal_holds_released_idx").on(t.releasedAt)],
);

/** Legitimate deletions from a hash chain (purges, erasures): the hashes on either side of each removed run. */
export const chainGaps = sqliteTable(
  "chain_gaps",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    chain: text("chain").notNull(),
    beforeHash: text("before_hash").notNull(),
    afterHash: text("after_hash").notNull(),
    rows: integer("rows").notNull(),
    reason: text("reason").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("chain_gaps_before_idx").on(t.chain, t.beforeHash)],
);

/** One row per scheduled job: whoever holds the lease runs it, so two instances never both do. */
export const jobLeases = sqliteTable("job_leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  leaseUntil: integer("lease_until", { mode: "timestamp_ms" }).notNull(),
  lastRunOn: text("last_run_on"),
});

/** Expiry reminders queued or refused, so a certificate gets each lead time's reminder once; a refused one's row holds its latest attempt. */
export const expiryReminders = sqliteTable(
  "expiry_reminders",
  {
    certificateId: integer("certificate_id")
      .notNull()
      .references(() => certificates.id, { onDelete: "cascade" }),
    leadDays: integer("lead_days").notNull(),
    expiresOn: text("expires_on").notNull(),
    messageId: integer("message_id").references(() => messages.id, { onDelete: "set null" }),
    // The holder's ACK, as for campaign reminders: the reminder's text asks for one.
    acknowledgedAt: integer("acknowledged_at", { mode: "timestamp_ms" }),
    ackMessageSid: text("ack_message_sid"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.certificateId, t.leadDays, t.expiresOn] }),
    // A purge or an erasure deleting messages clears these links (on delete set null) without a scan.
    index("expiry_reminders_message_idx").on(t.messageId),
  ],
);

// Analytics read models, maintained by triggers (migration 0007) in the same transaction as every
// write to messages, so they always equal a recount (lib/analytics/verify.ts proves it).

/** Messages per UTC day by direction and kind (the command for inbound; "reply" or "message" for outbound). */
export const messageCounts = sqliteTable(
  "message_counts",
  {
    day: integer("day").notNull(),
    direction: text("direction").notNull(),
    kind: text("kind").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.direction, t.kind] })],
);

/** Messages per UTC hour by direction: the volume chart for short periods. */
export const hourlyCounts = sqliteTable(
  "hourly_counts",
  {
    hour: integer("hour").notNull(),
    direction: text("direction").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.hour, t.direction] })],
);

/** Outbound messages per UTC day of creation by their current status. */
export const statusCounts = sqliteTable(
  "status_counts",
  {
    day: integer("day").notNull(),
    status: text("status").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.status] })],
);

/** Failed or undelivered outbound messages per UTC day by error code. */
export const errorCounts = sqliteTable(
  "error_counts",
  {
    day: integer("day").notNull(),
    errorCode: integer("error_code").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.errorCode] })],
);

/** Inbound messages per UTC day and contact: distinct senders over a period without touching messages. */
export const dailySenders = sqliteTable(
  "daily_senders",
  {
    day: integer("day").notNull(),
    contactId: integer("contact_id").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.contactId] }), index("daily_senders_contact_day_idx").on(t.contactId, t.day)],
);

/** Sent → delivered latency histogram per UTC day (bucket = upper bound in seconds, see lib/analytics). */
export const latencyCounts = sqliteTable(
  "latency_counts",
  {
    day: integer("day").notNull(),
    bucket: integer("bucket").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.bucket] })],
);

export interface MediaItem {
  url: string;
  contentType: string;
}

export type User = typeof users.$inferSelect;
export type Role = User["role"];
export type AuditEntry = typeof auditLog.$inferSelect;
export type ErrorLogEntry = typeof errorLog.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type Contact = typeof contacts.$inferSelect;
export type CommandRule = typeof commandRules.$inferSelect;
export type OutboundJob = typeof outboundJobs.$inferSelect;
export type Employee = typeof employees.$inferSelect;
export type Certificate = typeof certificates.$inferSelect;
export type Declaration = typeof declarations.$inferSelect;
export type ApprovalRequest = typeof approvalRequests.$inferSelect;
export type Campaign = typeof campaigns.$inferSelect;
export type CampaignRecipient = typeof campaignRecipients.$inferSelect;
export type LegalHold = typeof legalHolds.$inferSelect;
