/**
 * Headings shared by a page and its loading screen: the loading screen shows the same title and
 * description, so nothing moves when the page arrives.
 */
export const PAGE_HEADERS = {
  people: { title: "People", description: "Employees, their WhatsApp numbers and compliance records: what STATUS, PENDING and NISM answer from." },
  reminders: { title: "Reminders", description: "Campaigns such as “Reply ACK to confirm”, with each person's delivery, read and acknowledgement." },
  settings: { title: "Settings", description: "Incoming messages, the URLs Twilio calls, and your Twilio connection." },
  users: { title: "Users", description: "Who can sign in. Admins manage settings and users; staff work the inbox." },
} as const;
