/** What the Simulator's phone may attach: a photo, as WhatsApp sends them, small enough for one server action. */
export const SIMULATOR_PHOTO_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"] as const;
// The server action's body limit (next.config.ts, 3 MB) has to hold the rest of the form beside the file.
export const SIMULATOR_PHOTO_MAX_BYTES = 2 * 1024 * 1024;

/** Why a chosen file cannot be sent from the Simulator, or null when it can. */
export function simulatorPhotoProblem(file: { size: number; type: string }): string | null {
  if (!(SIMULATOR_PHOTO_TYPES as readonly string[]).includes(file.type)) return "The Simulator sends JPEG, PNG, GIF or WebP photos.";
  if (file.size > SIMULATOR_PHOTO_MAX_BYTES) return `Photos sent from the Simulator can be up to ${(SIMULATOR_PHOTO_MAX_BYTES / 1024).toLocaleString("en")} KB; this one is ${Math.ceil(file.size / 1024).toLocaleString("en")} KB.`;
  return null;
}
