import { z } from "zod";

const optionalText = z
  .string()
  .transform((value) => value.trim())
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const booleanFlag = z
  .string()
  .trim()
  .toLowerCase()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === "" || value === "false" || value === "0") return false;
    if (value === "true" || value === "1") return true;
    ctx.addIssue({ code: "custom", message: 'must be "true" or "false"' });
    return z.NEVER;
  });

const httpOrigin = (what: string) =>
  optionalText.pipe(
    z
      .string()
      .refine((value) => {
        try {
          const url = new URL(value);
          return (url.protocol === "https:" || url.protocol === "http:") && url.username === "" && !url.search && !url.hash;
        } catch {
          return false;
        }
      }, `must be an http(s) URL ${what}`)
      .transform((value) => value.replace(/\/+$/, ""))
      .optional(),
  );

const wholeNumber = (min: number, max: number, unit = "") => {
  const message = `must be a whole number ${unit ? `${unit} ` : ""}between ${min} and ${max}`;
  return optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, message)
      .transform(Number)
      .refine((value) => value >= min && value <= max, message)
      .optional(),
  );
};

const envSchema = z
  .object({
    PORT: wholeNumber(1, 65535),
    DATABASE_PATH: optionalText,
    PUBLIC_BASE_URL: httpOrigin("such as https://switchboard.example.com (no query string)"),
    TWILIO_ACCOUNT_SID: optionalText.pipe(
      z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like "AC" followed by 32 hex characters').optional(),
    ),
    TWILIO_AUTH_TOKEN: optionalText.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    TWILIO_WHATSAPP_FROM: optionalText.pipe(
      z.string().regex(/^whatsapp:\+[1-9]\d{6,14}$/, 'must look like "whatsapp:+14155238886"').optional(),
    ),
    TWILIO_API_BASE: httpOrigin("such as http://127.0.0.1:3999"),
    // The send queue's lease (20 s) must outlast a REST call, so the timeout can only be shortened.
    TWILIO_TIMEOUT_MS: wholeNumber(100, 15_000, "of milliseconds"),
    ADMIN_EMAIL: optionalText.pipe(z.email("must be an email address").optional()),
    ADMIN_PASSWORD: optionalText.pipe(z.string().min(8, "must be at least 8 characters").optional()),
    SESSION_SECRET: optionalText.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    TRUST_PROXY: booleanFlag,
    MAX_IN_FLIGHT: wholeNumber(1, 100_000, "of requests"),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.TWILIO_ACCOUNT_SID) !== Boolean(env.TWILIO_AUTH_TOKEN)) {
      const missing = env.TWILIO_ACCOUNT_SID ? "TWILIO_AUTH_TOKEN" : "TWILIO_ACCOUNT_SID";
      ctx.addIssue({ code: "custom", path: [missing], message: "must be set together with the other Twilio credential" });
    }
    if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
      const missing = env.ADMIN_EMAIL ? "ADMIN_PASSWORD" : "ADMIN_EMAIL";
      ctx.addIssue({ code: "custom", path: [missing], message: "must be set together with the other first-admin variable" });
    }
  });

// Well above Twilio's bursts and a busy dashboard together (the overload test drives 200
// connections under it), yet bounded: each request holds at most a 64 KiB body.
export const DEFAULT_MAX_IN_FLIGHT = 512;

export interface Env {
  port: number;
  databasePath: string;
  publicBaseUrl: string | undefined;
  twilio: { accountSid: string; authToken: string } | undefined;
  twilioWhatsappFrom: string | undefined;
  twilioApiBase: string | undefined;
  /** How long a Twilio REST call may take before it counts as unanswered. */
  twilioTimeoutMs: number;
  admin: { email: string; password: string } | undefined;
  sessionSecret: string | undefined;
  trustProxy: boolean;
  /** Requests served at once; beyond it the server answers 503 with Retry-After instead of queueing without bound. */
  maxInFlight: number;
}

export class EnvError extends Error {
  constructor(readonly variable: string, reason: string) {
    super(`Invalid environment: ${variable} ${reason}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    throw new EnvError(variable, issue?.message ?? "is invalid");
  }
  const raw = parsed.data;
  return {
    port: raw.PORT ?? 3000,
    databasePath: raw.DATABASE_PATH ?? "./data/switchboard.db",
    publicBaseUrl: raw.PUBLIC_BASE_URL,
    twilio:
      raw.TWILIO_ACCOUNT_SID && raw.TWILIO_AUTH_TOKEN
        ? { accountSid: raw.TWILIO_ACCOUNT_SID, authToken: raw.TWILIO_AUTH_TOKEN }
        : undefined,
    twilioWhatsappFrom: raw.TWILIO_WHATSAPP_FROM,
    twilioApiBase: raw.TWILIO_API_BASE,
    twilioTimeoutMs: raw.TWILIO_TIMEOUT_MS ?? 15_000,
    admin: raw.ADMIN_EMAIL && raw.ADMIN_PASSWORD ? { email: raw.ADMIN_EMAIL.toLowerCase(), password: raw.ADMIN_PASSWORD } : undefined,
    sessionSecret: raw.SESSION_SECRET,
    trustProxy: raw.TRUST_PROXY,
    maxInFlight: raw.MAX_IN_FLIGHT ?? DEFAULT_MAX_IN_FLIGHT,
  };
}

let cached: Env | undefined;

/** The validated environment, read from process.env once per process. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function isProductionRuntime(): boolean {
  return process.env.NODE_ENV === "production";
}
