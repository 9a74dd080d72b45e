import { describe, expect, it } from "vitest";
import { readStatusCallback, shouldAdvance } from "./status";

describe("shouldAdvance", () => {
  it.each([
    ["queued", "sent", true],
    ["sent", "delivered", true],
    ["delivered", "read", true],
    ["queued", "read", true],
    ["read", "delivered", false],
    ["delivered", "sent", false],
    ["read", "read", false],
    ["sent", "failed", true],
    ["queued", "undelivered", true],
    ["failed", "sent", false],
    ["failed", "read", false],
    ["undelivered", "delivered", false],
    ["delivered", "failed", false],
    ["read", "undelivered", false],
  ])("%s → %s: %s", (current, next, expected) => {
    expect(shouldAdvance(current, next)).toBe(expected);
  });
});

describe("readStatusCallback", () => {
  it("reads a WhatsApp failure", () => {
    expect(
      readStatusCallback({ MessageSid: `SM${"a".repeat(32)}`, MessageStatus: "failed", ErrorCode: "63016", ErrorMessage: "Outside window", EventType: "X" }),
    ).toEqual({ messageSid: `SM${"a".repeat(32)}`, status: "failed", errorCode: 63016, errorMessage: "Outside window", eventType: "X" });
  });

  it("refuses unknown statuses and missing fields", () => {
    expect(() => readStatusCallback({ MessageStatus: "sent" })).toThrow("MessageSid is missing");
    expect(() => readStatusCallback({ MessageSid: `SM${"a".repeat(32)}` })).toThrow("MessageStatus is missing");
    expect(() => readStatusCallback({ MessageSid: `SM${"a".repeat(32)}`, MessageStatus: "<script>" })).toThrow("not a Twilio message status");
    expect(() => readStatusCallback({ MessageSid: `SM${"a".repeat(32)}`, MessageStatus: "x".repeat(40) })).toThrow("not a Twilio message status");
  });

  it("reads a status it does not know yet, which never moves a message", () => {
    expect(readStatusCallback({ MessageSid: `SM${"a".repeat(32)}`, MessageStatus: "Partially_Delivered" }).status).toBe("partially_delivered");
    for (const current of ["queued", "sent", "delivered"]) expect(shouldAdvance(current, "partially_delivered"), current).toBe(false);
  });

  it("refuses a repeated status", () => {
    expect(() => readStatusCallback({ MessageSid: `SM${"a".repeat(32)}`, MessageStatus: ["failed", "read"] })).toThrow("MessageStatus is repeated");
  });
});
