import type { z } from "zod";

/**
 * Why a form was refused and, when one input is to blame, its `name`: the form marks that input
 * invalid, links it to the message and moves the cursor there. Without a name the message stands
 * alone next to the submit button.
 */
export type FieldRefusal = { error: string; field?: string };

/** A refusal as a form's failed state: the message, and the field only when one is named. */
export function refusedState(refusal: string | FieldRefusal): { ok: false; error: string; field?: string } {
  const { error, field } = typeof refusal === "string" ? { error: refusal, field: undefined } : refusal;
  return field ? { ok: false, error, field } : { ok: false, error };
}

/** The first validation issue, with the top-level key it is about (our schemas use the inputs' names as keys). */
export function refusalOf(error: z.ZodError, fallback = "Check the form"): FieldRefusal {
  const issue = error.issues[0];
  const key = issue?.path[0];
  return typeof key === "string" ? { error: issue?.message ?? fallback, field: key } : { error: issue?.message ?? fallback };
}
