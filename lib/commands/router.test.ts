import { describe, expect, it } from "vitest";
import { APPROVAL_LINES, DEFAULT_REPLIES, MAX_REPLY_LENGTH } from "./replies";
import { classify, isChatty, routeCommand, type RoutingConfig } from "./router";
import { ruleInput } from "./rules";

const config: RoutingConfig = { replies: { ...DEFAULT_REPLIES }, rules: [] };
const sender = { profileName: "Asha", optedOut: false, decidesApprovals: false };

describe("routeCommand", () => {
  it.each([
    ["hi", "HI"], ["Hello", "HI"], ["  hey  ", "HI"], ["Hi!", "HI"],
    ["HELP", "HELP"], ["menu", "HELP"], ["help me", "HELP"],
    ["status", "STATUS"], ["Pending", "PENDING"], ["nism", "NISM"], ["ack", "ACK"], ["APPROVE 42", "APPROVE"], ["reject 42 missing form", "REJECT"],
    ["STOP", "STOP"], ["stop.", "STOP"], ["Start", "START"],
    ["what is my status?", "OTHER"], ["", "OTHER"], ["🙂", "OTHER"],
  ])("%j is %s", (body, command) => {
    expect(routeCommand(body, sender, config).command).toBe(command);
  });

  it("is insensitive to case, width and inner whitespace", () => {
    expect(classify("  ＨＥＬＰ  ", [])).toBe("HELP");
    expect(classify("approve\t\t42", [])).toBe("APPROVE");
  });

  it("answers with the configured texts, filling the sender's name", () => {
    expect(routeCommand("hi", sender, config).reply).toBe("Hello Asha! Thank you for contacting the compliance team. Reply HELP to see what you can ask.");
    expect(routeCommand("hi", { ...sender, profileName: null }, config).reply).toMatch(/^Hello there!/);
    expect(routeCommand("help", sender, config).reply).toBe(DEFAULT_REPLIES.help.replace("\n{approvals}\n{keywords}", ""));
    expect(routeCommand("thanks", sender, config).reply).toBe(DEFAULT_REPLIES.fallback);
    const edited = { ...config, replies: { ...config.replies, fallback: "Got it, {name}." } };
    expect(routeCommand("thanks", sender, edited).reply).toBe("Got it, Asha.");
  });

  it("answers record commands for unregistered numbers with the HR message", () => {
    for (const body of ["STATUS", "PENDING", "NISM", "ACK", "APPROVE 1", "REJECT 1"]) {
      expect(routeCommand(body, sender, config)).toMatchObject({ reply: "Phone number not registered. Please contact HR.", effect: null });
    }
  });

  it("opts out once and back in", () => {
    expect(routeCommand("STOP", sender, config)).toEqual({ command: "STOP", reply: DEFAULT_REPLIES.stop, effect: "opt_out" });
    expect(routeCommand("STOP", { ...sender, optedOut: true }, config)).toEqual({ command: "STOP", reply: null, effect: null });
    expect(routeCommand("START", { ...sender, optedOut: true }, config)).toEqual({ command: "START", reply: DEFAULT_REPLIES.start, effect: "opt_in" });
    expect(routeCommand("START", sender, config)).toEqual({ command: "START", reply: DEFAULT_REPLIES.start, effect: null });
  });

  it("applies custom rules by priority, exact or starts-with, before built-ins but never before STOP", () => {
    const rules: RoutingConfig["rules"] = [
      { keyword: "OFFICE HOURS", match: "exact", reply: "9 to 5, {name}.", priority: 10 },
      { keyword: "HELP", match: "starts_with", reply: "Custom help", priority: 5 },
      { keyword: "OFFICE", match: "starts_with", reply: "Office rule", priority: 1 },
    ];
    const withRules = { ...config, rules };
    expect(routeCommand("office hours?", sender, withRules)).toEqual({ command: "RULE:OFFICE HOURS", reply: "9 to 5, Asha.", effect: null });
    expect(routeCommand("office address", sender, withRules)).toMatchObject({ command: "RULE:OFFICE", reply: "Office rule" });
    expect(routeCommand("officer", sender, withRules).command).toBe("OTHER");
    expect(routeCommand("help please", sender, withRules)).toMatchObject({ command: "RULE:HELP", reply: "Custom help" });
    expect(routeCommand("stop", sender, { ...config, rules: [{ keyword: "STOP", match: "exact", reply: "nope", priority: 99 }] }).command).toBe("STOP");
  });

  it("never lets a rule answer ACK, APPROVE or REJECT, not even one stored before they were reserved", () => {
    const rules: RoutingConfig["rules"] = ["ACK", "APPROVE", "REJECT"].map((keyword) => ({ keyword, match: "starts_with", reply: "Thanks!", priority: 99 }));
    expect(classify("ack", rules)).toBe("ACK");
    expect(classify("Approve 42", rules)).toBe("APPROVE");
    expect(classify("reject 42 missing form", rules)).toBe("REJECT");
  });

  it("counts only the greeting, unrecognised text and keyword rules' fixed replies as small talk", () => {
    for (const command of ["HI", "OTHER", "RULE:HELLO", "RULE:OFFICE HOURS", "RULE:STATUS"] as const) expect(isChatty(command)).toBe(true);
    for (const command of ["HELP", "STATUS", "PENDING", "NISM", "ACK", "APPROVE", "REJECT", "STOP", "START"] as const) {
      expect(isChatty(command)).toBe(false);
    }
  });

  it("puts a sender's name in verbatim, even one that looks like a replacement pattern", () => {
    for (const name of ["$'", "$&", "$`", "$$", "$1"]) {
      expect(routeCommand("thanks", { ...sender, profileName: name }, { ...config, replies: { ...config.replies, fallback: "Hi {name}!" } }).reply).toBe(`Hi ${name}!`);
    }
  });

  it("keeps a reply within Twilio's limit when a long name repeats in it, without splitting an emoji", () => {
    const replies = { ...config.replies, fallback: `{name} ${"x".repeat(MAX_REPLY_LENGTH - 7)}` };
    const reply = routeCommand("thanks", { ...sender, profileName: "🙂".repeat(128) }, { ...config, replies }).reply ?? "";
    expect(reply.length).toBeLessThanOrEqual(MAX_REPLY_LENGTH);
    expect(reply.isWellFormed()).toBe(true);
    expect(reply.startsWith("🙂".repeat(128))).toBe(true);
  });

  it("refuses rules for STOP or START behind punctuation or direction marks, which could never answer", () => {
    for (const keyword of ["¡stop", "\u202eSTOP", "*start* now"]) {
      expect(ruleInput.safeParse({ keyword, match: "exact", reply: "x", priority: 0, enabled: true }).success).toBe(false);
    }
    expect(ruleInput.safeParse({ keyword: "stopwatch", match: "exact", reply: "x", priority: 0, enabled: true }).success).toBe(true);
  });

  describe("HELP for someone who can decide approval requests", () => {
    const rule = (keyword: string) => ({ keyword, match: "exact" as const, reply: "x", priority: 0 });
    const help = (template: string, decidesApprovals: boolean, rules: RoutingConfig["rules"] = [], body = "help", profileName: string | null = "Asha") =>
      routeCommand(body, { profileName, optedOut: false, decidesApprovals }, { replies: { ...DEFAULT_REPLIES, help: template }, rules }).reply ?? "";
    const [approveLine, rejectLine] = APPROVAL_LINES;
    // The default text as saved before {approvals} existed: what every admin who saved Auto-replies has stored.
    const savedBefore = DEFAULT_REPLIES.help.replace("\n{approvals}", "");

    it("lists APPROVE and REJECT where the default text says {approvals}, above the keyword line, for HELP and MENU", () => {
      for (const body of ["help", "MENU"]) {
        const lines = help(DEFAULT_REPLIES.help, true, [rule("OFFICE HOURS")], body).split("\n");
        expect(lines.slice(-4)).toEqual(["HELP – this list", approveLine, rejectLine, "Also: OFFICE HOURS"]);
      }
      expect(help(DEFAULT_REPLIES.help, true).split("\n").slice(-3)).toEqual(["HELP – this list", approveLine, rejectLine]);
      expect(approveLine).toMatch(/^APPROVE <number> – /);
      expect(rejectLine).toMatch(/^REJECT <number> <reason> – /);
    });

    it("never mentions them to anyone else, and leaves no blank line behind", () => {
      for (const body of ["help", "menu"]) {
        const reply = help(DEFAULT_REPLIES.help, false, [], body);
        expect(reply).toBe(DEFAULT_REPLIES.help.replace("\n{approvals}\n{keywords}", ""));
        expect(reply).not.toMatch(/APPROVE|REJECT|\{|\n\n/);
      }
      expect(help(DEFAULT_REPLIES.help, false, [rule("OFFICE HOURS")]).split("\n").slice(-2)).toEqual(["HELP – this list", "Also: OFFICE HOURS"]);
      expect(help("{approvals}\nCommands: STATUS", false)).toBe("Commands: STATUS");
    });

    it("gives a text saved before {approvals} existed the lines in the default's place, so it reads as the new default", () => {
      expect(help(savedBefore, true, [rule("OFFICE HOURS")])).toBe(help(DEFAULT_REPLIES.help, true, [rule("OFFICE HOURS")]));
      expect(help(savedBefore, false, [rule("OFFICE HOURS")])).toBe(help(DEFAULT_REPLIES.help, false, [rule("OFFICE HOURS")]));
    });

    it("appends them to an edited text without the placeholder for approvers only, before the keyword line, the text itself unchanged", () => {
      expect(help("Send STATUS, {name}.", true)).toBe(`Send STATUS, Asha.\n${approveLine}\n${rejectLine}`);
      expect(help("Send STATUS, {name}.", true, [rule("OFFICE HOURS")])).toBe(`Send STATUS, Asha.\n${approveLine}\n${rejectLine}\nAlso: OFFICE HOURS`);
      expect(help("Send STATUS, {name}.", false, [rule("OFFICE HOURS")])).toBe("Send STATUS, Asha.\nAlso: OFFICE HOURS");
      // {keywords} mid-line is the admin's layout: the lines go at the end rather than break it.
      expect(help("Send STATUS. {keywords}.", true, [rule("LEAVE")])).toBe(`Send STATUS. Also: LEAVE.\n${approveLine}\n${rejectLine}`);
    });

    it("fills {approvals} where the text puts it, at the start or mid-line", () => {
      expect(help("{approvals}\nCommands: STATUS", true)).toBe(`${approveLine}\n${rejectLine}\nCommands: STATUS`);
      expect(help("Approvers: {approvals} Others: STATUS", true)).toBe(`Approvers: ${approveLine}\n${rejectLine} Others: STATUS`);
    });

    it("does not repeat a command the text already names in capitals, nor take a sender's name or prose for one", () => {
      expect(help("STATUS, or APPROVE <id> to approve.", true)).toBe(`STATUS, or APPROVE <id> to approve.\n${rejectLine}`);
      expect(help("STATUS. Approvers: APPROVE 42 or REJECT 42 <reason>.", true)).toBe("STATUS. Approvers: APPROVE 42 or REJECT 42 <reason>.");
      expect(help("STATUS. We approve or reject requests.", true)).toBe(`STATUS. We approve or reject requests.\n${approveLine}\n${rejectLine}`);
      expect(help("Hi {name}.", true, [], "help", "APPROVE")).toBe(`Hi APPROVE.\n${approveLine}\n${rejectLine}`);
      expect(help("Hi {name}.\n{keywords}", false, [rule("{APPROVALS}")], "help", "{approvals}")).toBe("Hi {approvals}.\nAlso: {APPROVALS}");
    });

    it("stays within Twilio's limit: the admin's text is never cut, the lines come whole, before the keyword line is shortened", () => {
      const full = "y".repeat(MAX_REPLY_LENGTH);
      expect(help(full, true, [rule("OFFICE HOURS")])).toBe(full);
      const lines = `\n${approveLine}\n${rejectLine}`;
      const roomForLines = "y".repeat(MAX_REPLY_LENGTH - lines.length);
      expect(help(roomForLines, true, [rule("OFFICE HOURS")])).toBe(`${roomForLines}${lines}`);
      expect(help(`${roomForLines}y`, true, [rule("OFFICE HOURS")])).toBe(`${roomForLines}y\nAlso: OFFICE HOURS`);
      const many = Array.from({ length: 40 }, (_, i) => rule(`KEYWORD NUMBER ${i} ${"X".repeat(60)}`));
      const reply = help(DEFAULT_REPLIES.help, true, many);
      expect(reply.length).toBeLessThanOrEqual(MAX_REPLY_LENGTH);
      expect(reply).toContain(`HELP – this list${lines}\nAlso: KEYWORD NUMBER 0 `);
      expect(reply).toMatch(/…and \d+ more$/);
    });

    it("answers a text that is nothing but placeholders, with nothing to fill, with the default list rather than nothing", () => {
      expect(help("{approvals}", false)).toBe(help(DEFAULT_REPLIES.help, false));
      expect(help("{keywords}\n{approvals}", false)).toBe(help(DEFAULT_REPLIES.help, false));
      expect(help("{approvals}", true)).toBe(`${approveLine}\n${rejectLine}`);
    });
  });

  describe("HELP and the admin's keyword rules", () => {
    const rule = (keyword: string, match: "exact" | "starts_with" = "exact") => ({ keyword, match, reply: "x", priority: 0 });
    const help = (template: string, rules: RoutingConfig["rules"], profileName: string | null = "Asha") =>
      routeCommand("help", { ...sender, profileName }, { replies: { ...DEFAULT_REPLIES, help: template }, rules }).reply ?? "";

    it("lists the enabled rules' keywords where the default text says {keywords}, and leaves no blank line without rules", () => {
      const rules = [rule("OFFICE HOURS"), rule("LEAVE", "starts_with"), rule("LEAVE")];
      const lines = help(DEFAULT_REPLIES.help, rules).split("\n");
      expect(lines.at(-2)).toBe("HELP – this list");
      expect(lines.at(-1)).toBe("Also: OFFICE HOURS, LEAVE");
      expect(help(DEFAULT_REPLIES.help, []).split("\n").at(-1)).toBe("HELP – this list");
      expect(help(DEFAULT_REPLIES.help, [])).not.toContain("{keywords}");
    });

    it("appends the line to an edited text without the placeholder, leaving the text itself as it was", () => {
      expect(help("Send STATUS or PENDING, {name}.", [rule("OFFICE HOURS")])).toBe("Send STATUS or PENDING, Asha.\nAlso: OFFICE HOURS");
      expect(help("Send STATUS or PENDING.", [])).toBe("Send STATUS or PENDING.");
    });

    it("does not repeat a keyword the text already names (a rule overriding STATUS, or one listed by hand)", () => {
      const rules = [rule("STATUS"), rule("OFFICE HOURS"), rule("TRADING WINDOW")];
      expect(help("Try STATUS, or office hours.\n{keywords}", rules)).toBe("Try STATUS, or office hours.\nAlso: TRADING WINDOW");
      expect(help("Try STATUS or TRADING WINDOW or OFFICE HOURS.", rules)).toBe("Try STATUS or TRADING WINDOW or OFFICE HOURS.");
      // A word inside another is no mention: "HOURS" does not name "OUR".
      expect(help("Office HOURS", [rule("OUR")])).toBe("Office HOURS\nAlso: OUR");
    });

    it("fills a placeholder in the middle of a line in place", () => {
      expect(help("Commands: STATUS. {keywords}. Reply STOP to leave.", [rule("OFFICE HOURS")])).toBe("Commands: STATUS. Also: OFFICE HOURS. Reply STOP to leave.");
    });

    it("never expands a placeholder that arrives inside a sender's name or a keyword", () => {
      expect(help("Hi {name}\n{keywords}", [rule("{NAME}")], "{keywords}")).toBe("Hi {keywords}\nAlso: {NAME}");
    });

    it("shortens the list to stay within Twilio's limit, and never cuts the admin's text for it", () => {
      const many = Array.from({ length: 40 }, (_, i) => rule(`KEYWORD NUMBER ${i} ${"X".repeat(60)}`));
      const reply = help(DEFAULT_REPLIES.help, many);
      expect(reply.length).toBeLessThanOrEqual(MAX_REPLY_LENGTH);
      expect(reply).toMatch(/^Commands you can send:/);
      expect(reply).toMatch(/, KEYWORD NUMBER \d+ X+ …and \d+ more$/);
      const full = "y".repeat(MAX_REPLY_LENGTH);
      expect(help(full, many)).toBe(full);
    });
  });
});
