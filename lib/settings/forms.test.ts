import { describe, expect, it } from "vitest";
import { ruleInput } from "@/lib/commands/rules";
import { refusalOf } from "@/lib/forms/refusal";
import { holdInput, releaseInput } from "@/lib/retention/privacy";
import { leadDaysText, limitsInput, retentionPeriod } from "./forms";

const refusal = (result: { success: boolean; error?: import("zod").ZodError }) => (result.error ? refusalOf(result.error).error : undefined);

describe("settings forms", () => {
  it("read lead times separated by commas or spaces, each once, latest first", () => {
    expect(leadDaysText.parse("7, 30 1,7")).toEqual([30, 7, 1]);
    expect(leadDaysText.parse(" 0 ")).toEqual([0]);
  });

  it("refuse lead times that are no numbers with how to write them, never zod's NaN message", () => {
    expect(refusal(leadDaysText.safeParse("30;7"))).toBe("“30;7” is not a number of days. Separate lead times with commas, e.g. 30, 7, 1");
    expect(refusal(leadDaysText.safeParse("abc"))).toBe("“abc” is not a number of days. Separate lead times with commas, e.g. 30, 7, 1");
    expect(refusal(leadDaysText.safeParse(" , "))).toBe("Give at least one lead time in days, e.g. 30, 7, 1");
    expect(refusal(leadDaysText.safeParse("7.5"))).toBe("Lead times are whole days (“7.5” is not), e.g. 30, 7, 1");
  });

  it("refuse lead times out of range by saying the range", () => {
    expect(refusal(leadDaysText.safeParse("30, 400"))).toBe("Lead times are from 0 to 365 days (“400” is not)");
    expect(refusal(leadDaysText.safeParse("-1"))).toBe("Lead times are from 0 to 365 days (“-1” is not)");
    expect(refusal(leadDaysText.safeParse("1 2 3 4 5 6 7 8 9 10 11"))).toBe("At most 10 lead times");
    // Repeats are one lead time, not two towards the limit.
    expect(leadDaysText.parse("1 1 1 1 1 1 1 1 1 1 1 2")).toEqual([2, 1]);
  });

  it("refuse text typed for a number in every settings form with the field's own message", () => {
    const limits = { dailyLimit: "50", cooldownSeconds: "2", sendRatePerSecond: "10" };
    expect(limitsInput.parse(limits)).toEqual({ dailyLimit: 50, cooldownSeconds: 2, sendRatePerSecond: 10 });
    expect(refusalOf(limitsInput.safeParse({ ...limits, dailyLimit: "fifty" }).error!)).toEqual({ error: "Enter the daily limit as a whole number, e.g. 50", field: "dailyLimit" });
    expect(refusal(limitsInput.safeParse({ ...limits, cooldownSeconds: "2s" }))).toBe("Enter the cooldown in seconds, e.g. 2");
    expect(refusal(limitsInput.safeParse({ ...limits, sendRatePerSecond: "ten" }))).toBe("Enter the send rate as a whole number, e.g. 10");
    expect(refusal(retentionPeriod.safeParse("a year"))).toBe("Enter a number of days, from 1 to 36,500");
    const rule = { keyword: "HOURS", match: "exact", reply: "Nine to five.", enabled: true };
    expect(refusal(ruleInput.safeParse({ ...rule, priority: "high" }))).toBe("The priority is a whole number from -1000 to 1000");
    expect(refusal(ruleInput.safeParse({ ...rule, priority: "5000" }))).toBe("The priority is a whole number from -1000 to 1000");
    expect(refusal(ruleInput.safeParse({ ...rule, priority: "0", match: "sounds_like" }))).toBe("Choose whether the keyword must match exactly or start the message");
    expect(refusal(releaseInput.safeParse({ id: "x", reason: "Case closed" }))).toBe("That hold is not active.");
    expect(refusal(holdInput.safeParse({ phone: "+919812345678", fromDay: "", toDay: "", reason: "x".repeat(501) }))).toBe("Reasons can have at most 500 characters");
  });
});
