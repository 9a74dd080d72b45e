import { inTransaction, type Db } from "@/db/client";
import { setLastAutoReply, setOptedOut, upsertContactOnInbound } from "@/db/queries/contacts";
import { findMessageBySid, findReplyTo, insertMessage } from "@/db/queries/messages";
import type { Message } from "@/db/schema";
import { classify, isChatty, routeCommand, type RoutingConfig } from "@/lib/commands/router";
import { autoReplyThrottle, utcDay } from "@/lib/ratelimit";
import type { Settings } from "@/lib/settings";
import type { InboundMessage } from "@/lib/twilio/inbound";
import { answerFromRecords, RECORD_COMMANDS } from "@/lib/workflows/answer";
import { decidesApprovals } from "@/lib/workflows/approvals";

const ACTION_COMMANDS = new Set(["ACK", "APPROVE", "REJECT"]);

export type InboundFlag = "disabled" | "blocked" | "rate_limited" | "cooldown" | "opted_out";

export interface IncomingOutcome {
  duplicate: boolean;
  message: Message;
  reply: Message | null;
}

/**
 * Stores one verified inbound message and decides its auto-reply, all in one transaction. A
 * MessageSid seen before returns the stored message and reply untouched, so a Twilio retry gets
 * the identical answer and repeats no side effect (better-sqlite3 runs the transaction
 * synchronously, and IMMEDIATE serialises it against other processes).
 */
export function receiveMessage(
  db: Db,
  inbound: InboundMessage,
  config: { settings: Pick<Settings, "incomingEnabled" | "dailyLimit" | "cooldownSeconds" | "replies">; rules: RoutingConfig["rules"] },
  now = new Date(),
): IncomingOutcome {
  return inTransaction(db, () => {
    const existing = findMessageBySid(db, inbound.messageSid);
    if (existing) return { duplicate: true, message: existing, reply: findReplyTo(db, existing.id) ?? null };

    const contact = upsertContactOnInbound(db, {
      phone: inbound.from.phone,
      channel: inbound.from.channel,
      profileName: inbound.profileName,
      waId: inbound.waId,
      at: now,
      day: utcDay(now),
    });

    let flag: InboundFlag | null = null;
    let replyBody: string | null = null;
    // Only HELP lists APPROVE and REJECT for those who can decide, so only HELP looks them up.
    const asksHelp = classify(inbound.body, config.rules) === "HELP";
    const sender = { profileName: contact.profileName, optedOut: contact.optedOut, decidesApprovals: asksHelp && decidesApprovals(db, inbound.from.phone) };
    const routed = routeCommand(inbound.body, sender, { replies: config.settings.replies, rules: config.rules });
    // Stored whatever happens next (flagged, unanswered): analytics count what people asked for.
    const command = routed.command;
    // STOP (or START) is the sender's right: it counts even from a blocked number (unblocked later,
    // it must not be messaged as if subscribed), with incoming switched off or over the daily
    // limit, unanswered there.
    if (routed.effect) setOptedOut(db, contact.id, routed.effect === "opt_out", now);
    if (contact.blocked) flag = "blocked";
    else {
      const throttle = autoReplyThrottle(
        { messagesToday: contact.inboundDayCount, lastAutoReplyAt: contact.lastAutoReplyAt, now },
        config.settings,
      );
      if (!config.settings.incomingEnabled) flag = "disabled";
      else if (throttle === "rate_limited") flag = throttle;
      else {
        if (contact.optedOut && routed.effect !== "opt_in") {
          flag = "opted_out";
          // An instruction still counts: an approver who opted out of reminders can still decide,
          // and an ACK is still recorded. Only the answer is withheld, as opting out asked.
          if (ACTION_COMMANDS.has(routed.command)) {
            answerFromRecords(db, { command: routed.command, body: inbound.body, phone: inbound.from.phone, messageSid: inbound.messageSid }, config.settings.replies, now);
          }
        }
        // The cooldown holds back only small talk (a greeting, the default acknowledgment, a keyword
        // rule's fixed reply): HI then HELP a second apart must still get the command list, and an
        // opt-out, ACK or decision always runs and is confirmed. The daily limit above caps everything.
        else if (throttle === "cooldown" && isChatty(routed.command)) flag = throttle;
        else if (RECORD_COMMANDS.has(routed.command)) {
          replyBody = answerFromRecords(db, { command: routed.command, body: inbound.body, phone: inbound.from.phone, messageSid: inbound.messageSid }, config.settings.replies, now) ?? routed.reply;
        } else replyBody = routed.reply;
      }
    }

    const message = insertMessage(db, {
      messageSid: inbound.messageSid,
      direction: "inbound",
      fromAddress: inbound.from.raw,
      toAddress: inbound.to.raw,
      contactId: contact.id,
      body: inbound.body,
      status: "received",
      command,
      numMedia: inbound.numMedia,
      media: inbound.media.length > 0 ? inbound.media : null,
      messageType: inbound.messageType,
      profileName: inbound.profileName,
      waId: inbound.waId,
      latitude: inbound.latitude,
      longitude: inbound.longitude,
      address: inbound.address,
      label: inbound.label,
      buttonText: inbound.buttonText,
      buttonPayload: inbound.buttonPayload,
      originalRepliedMessageSid: inbound.originalRepliedMessageSid,
      extra: Object.keys(inbound.extra).length > 0 ? inbound.extra : null,
      flag,
      createdAt: now,
      updatedAt: now,
    });

    if (replyBody === null) return { duplicate: false, message, reply: null };
    const reply = insertMessage(db, {
      direction: "outbound",
      fromAddress: inbound.to.raw,
      toAddress: inbound.from.raw,
      contactId: contact.id,
      body: replyBody,
      status: "queued",
      replyToId: message.id,
      createdAt: now,
      updatedAt: now,
    });
    setLastAutoReply(db, contact.id, now);
    return { duplicate: false, message, reply };
  });
}
