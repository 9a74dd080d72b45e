/** The <Message> elements of a TwiML answer, as Twilio would act on them. */
export interface TwimlMessage {
  body: string;
  action: string | null;
}

const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&amp;": "&" };

function unescape(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);|&#(\d+);|&#x([0-9a-f]+);/gi, (entity, _name, dec: string | undefined, hex: string | undefined) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
    return ENTITIES[entity.toLowerCase()] ?? entity;
  });
}

export function readTwimlMessages(xml: string): TwimlMessage[] {
  const messages: TwimlMessage[] = [];
  for (const match of xml.matchAll(/<Message(\s[^>]*)?>([\s\S]*?)<\/Message>/g)) {
    const attributes = match[1] ?? "";
    const inner = match[2] ?? "";
    const action = /\saction="([^"]*)"/.exec(attributes)?.[1];
    const body = /<Body>([\s\S]*?)<\/Body>/.exec(inner)?.[1] ?? inner.replace(/<Media>[\s\S]*?<\/Media>/g, "");
    messages.push({ body: unescape(body), action: action ? unescape(action) : null });
  }
  return messages;
}
