import type { Db } from "./client";
import { sealUnsealed } from "./queries/chain";
import { indexWaitingMessages } from "./search-index";

/** A deterministic pseudo-random sequence, so two seeded databases of one size are alike. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, weighted: readonly (readonly [T, number])[]): T {
  let roll = random() * weighted.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of weighted) {
    roll -= weight;
    if (roll <= 0) return value;
  }
  return weighted[0]![0];
}

const FIRST = ["Asha", "Ravi", "Meera", "Kiran", "Farah", "Arjun", "Priya", "Vikram", "Neha", "Rohan", "Sana", "Dev", "Isha", "Kabir", "Tara", "Nikhil"];
const LAST = ["Sharma", "Iyer", "Khan", "Patel", "Reddy", "Das", "Menon", "Gupta", "Singh", "Nair", "Joshi", "Bose"];
const INBOUND: readonly (readonly [{ command: string; bodies: string[] }, number])[] = [
  [{ command: "HELP", bodies: ["HELP", "help", "Menu", "menu please"] }, 15],
  [{ command: "STATUS", bodies: ["STATUS", "status", "Status?"] }, 15],
  [{ command: "PENDING", bodies: ["PENDING", "pending"] }, 10],
  [{ command: "HI", bodies: ["Hi", "Hello", "hey there", "Hello team"] }, 10],
  [{ command: "ACK", bodies: ["ACK", "ack", "Ack."] }, 10],
  [{ command: "NISM", bodies: ["NISM", "nism"] }, 5],
  [{ command: "APPROVE", bodies: ["APPROVE 1042", "approve 2210", "APPROVE 77"] }, 3],
  [{ command: "STOP", bodies: ["STOP"] }, 2],
  [{ command: "START", bodies: ["START"] }, 1],
  [
    {
      command: "OTHER",
      bodies: [
        "I submitted my investment declaration yesterday",
        "When is the trading window closing this quarter?",
        "My NISM Series VIII certificate was renewed, attaching the copy",
        "Can you confirm my annual disclosure was received?",
        "Please call me about the insider trading policy",
        "Is the holding period for mutual funds thirty days?",
        "Thanks, noted",
        "I was travelling, will complete the form tomorrow",
        "Whom should I contact for the whistleblower policy?",
        "Uploaded the broker statement for March",
      ],
    },
    29,
  ],
];
const REPLIES = [
  "Hello! Thank you for contacting the compliance team. Reply HELP to see what you can ask.",
  "You have 2 pending declarations. Please submit them on the portal.",
  "All your compliance requirements are up to date!",
  "Thank you for your message. The compliance team will get back to you.",
  "Reminder: your quarterly holding statement is due Friday. Reply ACK to confirm.",
  "Your NISM Series VIII certificate expires in 12 days.",
];
const OUTBOUND_STATUS: readonly (readonly [{ status: string; errorCode: number | null }, number])[] = [
  [{ status: "read", errorCode: null }, 55],
  [{ status: "delivered", errorCode: null }, 25],
  [{ status: "sent", errorCode: null }, 8],
  [{ status: "failed", errorCode: 63016 }, 3],
  [{ status: "failed", errorCode: 63018 }, 1],
  [{ status: "undelivered", errorCode: 30003 }, 2],
  [{ status: "queued", errorCode: null }, 1],
];
const FLAGS: readonly (readonly [string | null, number])[] = [
  [null, 96],
  ["rate_limited", 2],
  ["cooldown", 1],
  ["disabled", 1],
];

export interface SeedOptions {
  messages: number;
  numbers?: number;
  months?: number;
  now?: Date;
  seed?: number;
  onProgress?: (done: number) => void;
}

/**
 * Fills a database like a year of real traffic: 2,000 numbers, a mix of commands, auto-replies and
 * staff messages with realistic delivery outcomes, in time order (as the webhook would have written
 * them), through the same schema, indexes and FTS triggers the app uses.
 */
export function seedLarge(db: Db, options: SeedOptions): { messages: number; contacts: number } {
  const random = mulberry32(options.seed ?? 42);
  const numbers = options.numbers ?? 2000;
  const now = (options.now ?? new Date()).getTime();
  const span = (options.months ?? 12) * 30 * 86_400_000;
  const startAt = now - span;
  const sqlite = db.$client;
  const WA_FROM = "whatsapp:+14155238886";

  const insertContact = sqlite.prepare(
    "insert into contacts (phone, channel, profile_name, wa_id, last_inbound_at, inbound_day, inbound_day_count, created_at, updated_at) values (?, 'whatsapp', ?, ?, ?, null, 0, ?, ?) on conflict(phone) do nothing",
  );
  const contactId = sqlite.prepare("select id from contacts where phone = ?").pluck();
  const insertMessage = sqlite.prepare(
    `insert into messages (message_sid, direction, from_address, to_address, contact_id, body, status, command, error_code, num_media, profile_name, flag, reply_to_id, handled_at, sent_at, delivered_at, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const touchContact = sqlite.prepare("update contacts set last_inbound_at = ? where id = ?");

  const people: { id: number; phone: string; name: string; lastInbound: number }[] = [];
  sqlite.transaction(() => {
    for (let i = 0; i < numbers; i++) {
      const phone = `+9198${String(10_000_000 + i * 37).padStart(8, "0")}`;
      const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
      insertContact.run(phone, name, phone.slice(1), null, startAt, startAt);
      people.push({ id: Number(contactId.get(phone)), phone, name, lastInbound: 0 });
    }
  })();

  let sidCounter = Math.floor(random() * 1e9);
  const sid = () => `SM${(sidCounter++).toString(16).padStart(16, "0")}${Math.floor(random() * 2 ** 52).toString(16).padStart(16, "0")}`;
  const step = span / options.messages;
  // When Twilio reported an outbound message sent and delivered: a second or two, now and then minutes.
  const deliveryTimes = (status: string, at: number): [number | null, number | null] => {
    if (status === "queued" || status === "failed") return [null, null];
    const sentAt = at + 300 + Math.floor(random() * 1500);
    if (status === "sent" || status === "undelivered") return [sentAt, null];
    const latency = random() < 0.9 ? 500 + random() * 4000 : 5000 + random() * 600_000;
    return [sentAt, Math.round(sentAt + latency)];
  };
  let written = 0;
  const batch = 20_000;
  while (written < options.messages) {
    sqlite.transaction(() => {
      const end = Math.min(options.messages, written + batch);
      while (written < end) {
        const at = Math.round(startAt + written * step + random() * step * 0.9);
        // Busy people write more: a skewed pick over the numbers.
        const person = people[Math.floor(random() ** 2 * people.length)]!;
        const inbound = random() < 0.6 || end - written === 1;
        if (inbound) {
          const kind = pick(random, INBOUND);
          const flag = pick(random, FLAGS);
          const handled = at < now - 3 * 86_400_000 && random() < 0.85 ? at + 3_600_000 : null;
          const result = insertMessage.run(sid(), "inbound", `whatsapp:${person.phone}`, WA_FROM, person.id, kind.bodies[Math.floor(random() * kind.bodies.length)], "received", kind.command, null, person.name, flag, null, handled, null, null, at, at);
          person.lastInbound = at;
          written++;
          if (!flag && written < end) {
            const outcome = pick(random, OUTBOUND_STATUS);
            insertMessage.run(sid(), "outbound", WA_FROM, `whatsapp:${person.phone}`, person.id, REPLIES[Math.floor(random() * REPLIES.length)], outcome.status, null, outcome.errorCode, null, null, Number(result.lastInsertRowid), null, ...deliveryTimes(outcome.status, at + 1), at + 1, at + 1);
            written++;
          }
        } else {
          const outcome = pick(random, OUTBOUND_STATUS);
          insertMessage.run(sid(), "outbound", WA_FROM, `whatsapp:${person.phone}`, person.id, REPLIES[Math.floor(random() * REPLIES.length)], outcome.status, null, outcome.errorCode, null, null, null, null, ...deliveryTimes(outcome.status, at), at, at);
          written++;
        }
      }
      indexWaitingMessages(sqlite);
      options.onProgress?.(written);
    })();
  }
  sqlite.transaction(() => {
    for (const person of people) if (person.lastInbound) touchContact.run(person.lastInbound, person.id);
  })();
  sealUnsealed(db, "messages");
  sqlite.pragma("optimize");
  return { messages: written, contacts: people.length };
}
