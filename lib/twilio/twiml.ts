import MessagingResponse from "twilio/lib/twiml/MessagingResponse";

/** `<Response><Message action=…>text</Message></Response>`, or an empty `<Response/>` when there is nothing to say. */
export function messagingTwiml(reply: { body: string; statusCallbackUrl?: string } | null): string {
  const response = new MessagingResponse();
  if (reply) {
    if (reply.statusCallbackUrl) response.message({ action: reply.statusCallbackUrl, method: "POST" }, reply.body);
    else response.message(reply.body);
  }
  return response.toString();
}
