/**
 * Twilio refuses a message body over this many characters (UTF-16 units, as JavaScript counts
 * them) with error 21617 and HTTP 400, before anything is sent. Plain numbers: client components
 * import them too.
 */
export const MAX_BODY_LENGTH = 1600;

/** "The concatenated message body exceeds the 1600 character limit." */
export const BODY_TOO_LONG_CODE = 21617;
