export interface SetupStep {
  text: string;
  href: string;
  /** "later": only needed to go live, so simulator mode never shows it as unfinished work. */
  state: "done" | "todo" | "later";
  adminOnly: boolean;
}

/**
 * The Overview's "Getting set up" list. In simulator mode the first message comes from the
 * Simulator, and credentials and a public address are for going live: listed, not left "to do".
 */
export function setupSteps(input: { incomingEnabled: boolean; publicBaseUrl: boolean; liveCredentials: boolean; anyInbound: boolean }): SetupStep[] {
  const state = (done: boolean): SetupStep["state"] => (done ? "done" : "todo");
  const enable: SetupStep = { state: state(input.incomingEnabled), text: "Enable incoming messages", href: "/settings", adminOnly: true };
  if (!input.liveCredentials) {
    return [
      enable,
      { state: state(input.anyInbound), text: "Send a first message from the Simulator, as a phone would", href: "/simulator", adminOnly: false },
      { state: "later", text: "To go live: add Twilio credentials (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)", href: "/settings", adminOnly: true },
      { state: input.publicBaseUrl ? "done" : "later", text: "To go live: set PUBLIC_BASE_URL to the public address Twilio calls", href: "/settings", adminOnly: true },
    ];
  }
  return [
    enable,
    { state: state(input.publicBaseUrl), text: "Set PUBLIC_BASE_URL to the public address Twilio calls", href: "/settings", adminOnly: true },
    { state: "done", text: "Add Twilio credentials", href: "/settings", adminOnly: true },
    { state: state(input.anyInbound), text: "Receive the first WhatsApp message", href: "/inbox", adminOnly: false },
  ];
}
