/** A form body as Twilio's signature sees it: one string per name, or an array when the name repeats. */
export type FormParams = Record<string, string | string[]>;

export class MalformedFormError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedFormError";
  }
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, " "));
  } catch {
    // decodeURIComponent also rejects percent-escapes that are not valid UTF-8.
    throw new MalformedFormError("the body is not valid form encoding (bad percent-escape or invalid UTF-8)");
  }
}

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Strict application/x-www-form-urlencoded parsing. URLSearchParams silently keeps broken escapes
 * and replaces invalid UTF-8; a webhook must refuse such a body instead of storing mangled text.
 */
export function parseForm(body: string): FormParams {
  const params: FormParams = Object.create(null) as FormParams;
  if (body === "") return params;
  // A lone surrogate has no UTF-8 form: SQLite would store it as U+FFFD, so it is mangled text too.
  if (LONE_SURROGATE.test(body)) throw new MalformedFormError("the body is not valid UTF-8 (lone surrogate)");
  for (const pair of body.split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const name = decode(equals === -1 ? pair : pair.slice(0, equals));
    const value = decode(equals === -1 ? "" : pair.slice(equals + 1));
    if (name === "" || name === "__proto__") throw new MalformedFormError("the body has a parameter without a usable name");
    const existing = params[name];
    if (existing === undefined) params[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else params[name] = [existing, value];
  }
  return params;
}

/**
 * A parameter Twilio sends once. A repeated one is refused through `refuse`, not resolved: the
 * signature covers repeated values sorted and de-duplicated, so it cannot vouch for which copy is real.
 */
export function singleField(params: FormParams, name: string, refuse: (reason: string) => Error): string | undefined {
  const value = params[name];
  if (Array.isArray(value)) throw refuse(`${name} is repeated`);
  return value;
}

export function formField(params: FormParams, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

export function encodeForm(params: FormParams): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(item)}`);
  }
  return parts.join("&");
}
