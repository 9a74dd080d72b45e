import { describe, expect, it } from "vitest";
import { webhookUrls } from "./urls";

describe("webhookUrls", () => {
  it("builds both URLs from the base", () => {
    expect(webhookUrls("https://sb.example.com/", { webhookTokenEnabled: false, webhookToken: "abc" })).toEqual({
      incoming: "https://sb.example.com/api/twilio/incoming",
      status: "https://sb.example.com/api/twilio/status",
    });
  });

  it("adds the token only when enabled", () => {
    expect(webhookUrls("http://localhost:3000", { webhookTokenEnabled: true, webhookToken: "t0k-en_1" })).toEqual({
      incoming: "http://localhost:3000/api/twilio/incoming?token=t0k-en_1",
      status: "http://localhost:3000/api/twilio/status?token=t0k-en_1",
    });
  });
});
