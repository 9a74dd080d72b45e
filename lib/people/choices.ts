import { z } from "zod";
import { personChoices, type PersonChoice } from "@/db/queries/employees";
import type { Db } from "@/db/client";
import { firstValues } from "@/lib/http/params";

/** Characters typed before a picker asks: one letter would match most of the staff. */
export const MIN_CHOICE_QUERY = 2;
/** Matches a picker shows: enough to arrow through, few enough that the answer stays small; typing more narrows it. */
export const MAX_CHOICES = 20;

const choicesQuery = z.object({
  q: z
    .string()
    .optional()
    .catch(undefined)
    .transform((value) => value?.trim().slice(0, 200).trim() ?? ""),
  // Canonical decimal only, as ids are written: anything else excludes nobody.
  except: z
    .string()
    .regex(/^[1-9]\d{0,14}$/)
    .transform(Number)
    .optional()
    .catch(undefined),
});

/**
 * Active people for a picker's text (`?q=`; name, employee code, department or number, as the
 * People search reads it), without `?except=` (the person being edited, or the current approver).
 * Text shorter than MIN_CHOICE_QUERY finds nobody rather than the first of everyone.
 */
export function findChoices(db: Db, params: Record<string, string | string[] | undefined>): PersonChoice[] {
  const { q, except } = choicesQuery.parse(firstValues(params));
  if (q.length < MIN_CHOICE_QUERY) return [];
  return personChoices(db, q, { exceptId: except, limit: MAX_CHOICES });
}

/** How a picker names a person: the code tells two of the same name apart. */
export function choiceLabel(person: Pick<PersonChoice, "name" | "employeeCode">, active = true): string {
  return `${person.name} (${person.employeeCode})${active ? "" : ", inactive"}`;
}
