import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

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
    target: text("target"),
    before: text("before", { mode: "json" }),
    after: text("after", { mode: "json" }),
    ip: text("ip"),
  },
  (t) => [index("audit_log_at_idx").on(t.at), index("audit_log_action_idx").on(t.action, t.at)],
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
  (t) => [index("error_log_at_idx").on(t.at), index("error_log_source_idx").on(t.source, t.at)],
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
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("messages_sid_unique").on(t.messageSid),
    index("messages_created_idx").on(t.createdAt, t.id),
    index("messages_direction_created_idx").on(t.direction, t.createdAt, t.id),
    index("messages_contact_created_idx").on(t.contactId, t.createdAt, t.id),
  ],
);

export type User = typeof users.$inferSelect;
export type Role = User["role"];
export type AuditEntry = typeof auditLog.$inferSelect;
export type ErrorLogEntry = typeof errorLog.$inferSelect;
