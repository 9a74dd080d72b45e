import Database from "better-sqlite3";
import type { APIRequestContext } from "@playwright/test";
import twilio from "twilio";
import { encodeForm, type FormParams } from "../lib/twilio/form";

/** The simulator account's auth token, as the server generated and stored it. */
export function simulatorAuthToken(): string {
  const db = new Database(process.env.E2E_DATABASE_PATH!, { readonly: true });
  try {
    const row = db.prepare("select value from settings where key = 'internal.simulatorAuthToken'").get() as { value: string } | undefined;
    if (!row) throw new Error("the server has not generated simulator credentials yet");
    return JSON.parse(row.value) as string;
  } finally {
    db.close();
  }
}

/** When the server stored each of these messages (ms), in the order given. */
export function storedAt(messageSids: string[]): number[] {
  const db = new Database(process.env.E2E_DATABASE_PATH!, { readonly: true });
  try {
    const read = db.prepare("select created_at as at from messages where message_sid = ?");
    return messageSids.map((sid) => {
      const row = read.get(sid) as { at: number } | undefined;
      if (!row) throw new Error(`message ${sid} was not stored`);
      return row.at;
    });
  } finally {
    db.close();
  }
}

/** Posts a webhook exactly as Twilio would: form body, signed for the URL it calls. */
export async function postSigned(request: APIRequestContext, path: string, params: FormParams, options: { forge?: boolean } = {}) {
  const url = `${process.env.E2E_BASE_URL}${path}`;
  const signature = options.forge ? "Zm9yZ2VkLXNpZ25hdHVyZQ==" : twilio.getExpectedTwilioSignature(simulatorAuthToken(), url, params);
  const response = await request.post(url, {
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
    data: encodeForm(params),
  });
  return { status: response.status(), text: await response.text() };
}

function simulatorAccount(): { accountSid: string; authToken: string } {
  const db = new Database(process.env.E2E_DATABASE_PATH!, { readonly: true });
  try {
    const value = (key: string) => JSON.parse((db.prepare("select value from settings where key = ?").get(key) as { value: string }).value) as string;
    return { accountSid: value("internal.simulatorAccountSid"), authToken: value("internal.simulatorAuthToken") };
  } finally {
    db.close();
  }
}

/** A phone writes through the server's own emulator, exactly as Twilio delivers it (and the emulator sees the 24-hour window open). */
export async function phoneSays(request: APIRequestContext, phone: string, body: string, profileName = "Tester", media?: { contentType: string; data: Buffer }) {
  const { accountSid, authToken } = simulatorAccount();
  const response = await request.post(`${process.env.E2E_BASE_URL}/__twilio/__emulator/inbound`, {
    headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`, "content-type": "application/json" },
    data: {
      url: `${process.env.E2E_BASE_URL}/api/twilio/incoming`, from: phone, body, profileName,
      // Kept by the emulator as Twilio keeps media: behind the account's credentials.
      ...(media ? { media: { contentType: media.contentType, base64: media.data.toString("base64") } } : {}),
    },
  });
  return (await response.json()) as { httpStatus: number; replies: { body: string }[] };
}
