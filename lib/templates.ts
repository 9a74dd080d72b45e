import { z } from "zod";

/**
 * The approved WhatsApp templates staff may send, as the admin names them: outside the 24-hour
 * window nothing else is delivered, and nobody should have to paste an HX… SID and hand-write JSON
 * to reach someone. Twilio holds the templates themselves; this is our list of which to offer and
 * what each numbered variable means.
 */
export const MAX_TEMPLATES = 50;
export const MAX_TEMPLATE_VARIABLES = 10;

export const CONTENT_SID = /^HX[0-9a-fA-F]{32}$/;
export const CONTENT_SID_MESSAGE = "A template's Content SID looks like HX followed by 32 hex characters";

export interface MessageTemplate {
  name: string;
  contentSid: string;
  /** What {{1}}, {{2}}… stand for, in order, e.g. ["Name", "Due date"]. */
  variables: string[];
}

const storedTemplate = z.object({ name: z.string(), contentSid: z.string().regex(CONTENT_SID), variables: z.array(z.string()) });

/** As stored in the settings; an entry that cannot be read there is left out rather than offered. */
export const storedTemplates = z
  .array(z.unknown())
  .catch([])
  .transform((entries): MessageTemplate[] => entries.flatMap((entry) => {
    const read = storedTemplate.safeParse(entry);
    return read.success ? [read.data] : [];
  }));

/** The add-template form: the variables typed as labels separated by commas or lines. */
export const templateInput = z.object({
  name: z.string().trim().min(1, "Name the template").max(60, "Names can have at most 60 characters"),
  contentSid: z.string().trim().regex(CONTENT_SID, CONTENT_SID_MESSAGE),
  variables: z
    .string()
    .transform((text) => text.split(/[,\n]/).map((label) => label.trim()).filter(Boolean))
    .pipe(
      z
        .array(z.string().max(40, "A variable's label can have at most 40 characters"))
        .max(MAX_TEMPLATE_VARIABLES, `A template can have at most ${MAX_TEMPLATE_VARIABLES} variables`),
    ),
});

/** Why this template cannot join the list, on the field at fault, or null. */
export function templateConflict(templates: readonly MessageTemplate[], added: MessageTemplate): { error: string; field: string } | null {
  if (templates.length >= MAX_TEMPLATES) return { error: `At most ${MAX_TEMPLATES} templates: delete one first`, field: "name" };
  const sameSid = templates.find((template) => template.contentSid.toLowerCase() === added.contentSid.toLowerCase());
  if (sameSid) return { error: `That Content SID is already listed as “${sameSid.name}”`, field: "contentSid" };
  if (templates.some((template) => template.name.toLowerCase() === added.name.toLowerCase())) return { error: `A template is already called “${added.name}”`, field: "name" };
  return null;
}

/** The form field for variable n (1-based) of a chosen template. */
export const variableField = (n: number) => `variable-${n}`;

/**
 * A saved template's variables as Twilio takes them ({"1": "Asha", …}) from the reply form, or the
 * field to fill first: every variable of an approved template must have a value, or WhatsApp
 * refuses the send.
 */
export function templateVariables(template: MessageTemplate, read: (field: string) => string): { variables: Record<string, string> } | { error: string; field: string } {
  const variables: Record<string, string> = {};
  for (const [index, label] of template.variables.entries()) {
    const field = variableField(index + 1);
    const value = read(field).trim();
    if (!value) return { error: `Fill in “${label}” ({{${index + 1}}})`, field };
    if (value.length > 1000) return { error: `“${label}” can have at most 1,000 characters`, field };
    variables[String(index + 1)] = value;
  }
  return { variables };
}
