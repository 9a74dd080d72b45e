import MessagingResponse from "twilio/lib/twiml/MessagingResponse";
import { describe, expect, it } from "vitest";
import { messagingTwiml } from "./twiml";

function twilioBuilt(body: string, action?: string): string {
  const response = new MessagingResponse();
  if (action) response.message({ action, method: "POST" }, body);
  else response.message(body);
  return response.toString();
}

describe("messagingTwiml", () => {
  it.each([
    ["plain text", "Thank you for your message."],
    ["markup and quotes", `Hi <b>Ann</b> & "friends" 'here' ]]>`],
    ["emoji, RTL and accents", "✅ مرحبا Zoë 👍🏽"],
    ["line breaks and tabs", "Commands:\n• HELP\tlist\r\n• STATUS"],
  ])("writes the same document as twilio's builder for %s", (_, body) => {
    expect(messagingTwiml({ body })).toBe(twilioBuilt(body));
    const action = "https://sb.example.com/api/twilio/status?token=a&b=\"c\"&reply=7";
    expect(messagingTwiml({ body, statusCallbackUrl: action })).toBe(twilioBuilt(body, action));
  });

  it("answers an empty Response when there is nothing to say", () => {
    expect(messagingTwiml(null)).toBe(new MessagingResponse().toString());
  });

  it("drops characters XML cannot carry instead of failing", () => {
    expect(messagingTwiml({ body: "a\u0001b\u0000c\uFFFEd\u001Fe" })).toBe(twilioBuilt("abcde"));
  });
});
