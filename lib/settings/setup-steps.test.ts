import { describe, expect, it } from "vitest";
import { setupSteps } from "./setup-steps";

const start = { incomingEnabled: false, publicBaseUrl: false, liveCredentials: false, anyInbound: false };
const states = (steps: ReturnType<typeof setupSteps>) => steps.map((step) => [step.text.split(" ").slice(0, 4).join(" "), step.state]);

describe("the Overview's setup steps", () => {
  it("in simulator mode leave nothing to do once a message came through, going live listed for later", () => {
    expect(setupSteps(start).filter((step) => step.state === "todo")).toHaveLength(2);
    const explored = setupSteps({ ...start, incomingEnabled: true, anyInbound: true });
    expect(explored.some((step) => step.state === "todo")).toBe(false);
    expect(states(explored)).toEqual([
      ["Enable incoming messages", "done"],
      ["Send a first message", "done"],
      ["To go live: add", "later"],
      ["To go live: set", "later"],
    ]);
    expect(explored[1]?.href).toBe("/simulator");
  });

  it("live, ask for the public address and the first real message", () => {
    const live = setupSteps({ ...start, liveCredentials: true, incomingEnabled: true });
    expect(states(live)).toEqual([
      ["Enable incoming messages", "done"],
      ["Set PUBLIC_BASE_URL to the", "todo"],
      ["Add Twilio credentials", "done"],
      ["Receive the first WhatsApp", "todo"],
    ]);
    expect(setupSteps({ ...start, liveCredentials: true, incomingEnabled: true, publicBaseUrl: true, anyInbound: true }).every((step) => step.state === "done")).toBe(true);
  });
});
