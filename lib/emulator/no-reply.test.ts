import { describe, expect, it } from "vitest";
import type { Message } from "@/db/schema";
import { whyNoReply } from "./no-reply";

const settings = { cooldownSeconds: 60, dailyLimit: 50 };
const why = (flag: Message["flag"], command: string | null) => whyNoReply({ flag, command }, settings);

describe("why the simulator's message got no reply", () => {
  it("does not say commands are answered when a keyword rule named like one was held back by the cooldown", () => {
    const status = why("cooldown", "RULE:STATUS");
    expect(status).toBe(
      "it matched the keyword rule “STATUS”, which answers instead of the built-in STATUS command, and came within the 60-second cooldown after this number's last auto-reply, which holds back keyword rules' replies, greetings and the answer to unrecognised text",
    );
    expect(status).not.toContain("still answered");
    expect(why("cooldown", "RULE:OFFICE HOURS")).toMatch(/^it matched the keyword rule “OFFICE HOURS” and came within the 60-second cooldown/);
  });

  it("says a greeting or unrecognised text was held back while built-in commands still get answers", () => {
    expect(why("cooldown", "HI")).toMatch(/^it is a greeting and came within the 60-second cooldown .* \(built-in commands such as HELP are still answered\)$/);
    expect(why("cooldown", "OTHER")).toMatch(/^it is not a command and came within/);
  });

  it("says a STOP or START still counted, and an instruction from an opted-out number is still recorded", () => {
    for (const flag of ["disabled", "blocked", "rate_limited"] as const) {
      expect(why(flag, "STOP")).toMatch(/ \(its STOP still counts\)$/);
      expect(why(flag, "START")).toMatch(/ \(its START still counts\)$/);
      expect(why(flag, "ACK")).not.toContain("still");
    }
    expect(why("disabled", "HELP")).toBe("incoming messages are switched off in Settings");
    expect(why("rate_limited", "HELP")).toBe("this number is over its daily limit of 50 messages, so nothing more is answered until the next UTC day");
    expect(why("blocked", "HI")).toBe("this number is on the block list in Settings");
    expect(why("opted_out", "HELP")).toBe("this number opted out with STOP, so only START is answered until it opts back in");
    expect(why("opted_out", "APPROVE")).toBe("this number opted out with STOP, so only START is answered until it opts back in (its APPROVE is still recorded)");
    expect(why("opted_out", "STOP")).toBe("this number had already opted out with STOP, which is confirmed only once; only START is answered until it opts back in");
    expect(why(null, "HELP")).toBe("the webhook answered with no message");
    expect(whyNoReply(undefined, settings)).toBe("the webhook answered with no message");
  });
});
