import { z } from "zod";

/** A form field holding JSON (a hidden input a page wrote), parsed; text that is not JSON is refused with `message`. */
export function jsonText(message: string) {
  return z.string().transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: "custom", message });
      return z.NEVER;
    }
  });
}
