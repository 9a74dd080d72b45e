import type { Certificate, Declaration } from "@/db/schema";
import { fillAnswer, type RecordAnswerTexts } from "@/lib/commands/replies";
import { plural, truncateText } from "@/lib/text";
import { daysBetween, formatDay } from "./dates";

/** WhatsApp takes up to 4,096 characters; Twilio's API, 1,600. Answers stay well inside both. */
export const MAX_ANSWER = 1500;
const EXPIRY_WARNING_DAYS = 30;
const MAX_LINES = 10;
/** Room kept for the "…and N more" line. */
const MORE_LINE_ROOM = 30;

function expiryPhrase(certificate: Certificate, today: string): string {
  const days = daysBetween(today, certificate.expiresOn);
  if (days < 0) return `${certificate.name} expired ${-days} day${days === -1 ? "" : "s"} ago`;
  if (days === 0) return `${certificate.name} expires today`;
  return `${certificate.name} expires in ${days} day${days === 1 ? "" : "s"}`;
}

/** Lines joined, with "…and N more" instead of what would not fit. */
export function summarise(header: string, lines: string[], footer = ""): string {
  // An admin's header can be as long as a whole reply; cut it rather than let the answer outgrow the limit.
  const top = truncateText(header, MAX_ANSWER - footer.length - MORE_LINE_ROOM);
  const shown: string[] = [];
  for (const line of lines.slice(0, MAX_LINES)) {
    const candidate = [top, ...shown, line].join("\n");
    if (candidate.length + footer.length + MORE_LINE_ROOM > MAX_ANSWER) break;
    shown.push(line);
  }
  const rest = lines.length - shown.length;
  return [top, ...shown, ...(rest > 0 ? [`…and ${rest} more`] : []), ...(footer ? [footer] : [])].join("\n");
}

/** STATUS: the employee's overall state in one message. */
export function statusAnswer(name: string, open: Declaration[], certificates: Certificate[], today: string, texts: RecordAnswerTexts): string {
  const pending = open.filter((item) => item.status === "pending").length;
  const overdue = open.filter((item) => item.status === "overdue").length;
  const attention = certificates.filter((certificate) => daysBetween(today, certificate.expiresOn) <= EXPIRY_WARNING_DAYS);
  const parts = [
    ...(overdue ? [plural(overdue, "overdue declaration")] : []),
    ...(pending ? [plural(pending, "pending declaration")] : []),
    ...attention.map((certificate) => expiryPhrase(certificate, today)),
  ];
  if (parts.length === 0) return fillAnswer(texts.statusClear, { name });
  return summarise(fillAnswer(texts.statusHeader, { name }), parts.map((part) => `• ${part}`), open.length ? "Reply PENDING for the details." : "");
}

/** PENDING: what is still to do, earliest due first. */
export function pendingAnswer(name: string, open: Declaration[], today: string, texts: RecordAnswerTexts): string {
  if (open.length === 0) return fillAnswer(texts.pendingNone, { name });
  return summarise(
    `You have ${plural(open.length, "pending item")}:`,
    open.map((item) => {
      const days = daysBetween(today, item.dueOn);
      const when = days < 0 ? `overdue since ${formatDay(item.dueOn)}` : `due ${formatDay(item.dueOn)}`;
      return `• ${item.type}${item.period ? ` (${item.period})` : ""} – ${when}`;
    }),
  );
}

/** NISM: their certificates with expiry dates. */
export function certificatesAnswer(name: string, certificates: Certificate[], today: string, texts: RecordAnswerTexts): string {
  if (certificates.length === 0) return fillAnswer(texts.certificatesNone, { name });
  return summarise(
    "Your certificates:",
    certificates.map((certificate) => {
      const days = daysBetween(today, certificate.expiresOn);
      const state = days < 0 ? "EXPIRED" : days <= EXPIRY_WARNING_DAYS ? `${days} day${days === 1 ? "" : "s"} left` : "valid";
      return `• ${certificate.name}${certificate.number ? ` (${certificate.number})` : ""} – expires ${formatDay(certificate.expiresOn)}, ${state}`;
    }),
  );
}
