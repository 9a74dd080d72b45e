"use client";

import { useState, useTransition } from "react";
import { useFormAction } from "@/components/use-form-action";
import { FormFeedback } from "@/components/form-feedback";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS, SECONDARY_BUTTON_CLASS } from "@/components/ui";
import type { CommandRule } from "@/db/schema";
import { addRule, deleteRuleAction, updateRuleAction, type FormState } from "./actions";

type Rule = Pick<CommandRule, "id" | "keyword" | "match" | "reply" | "priority" | "enabled">;

function RuleFields({ rule, idPrefix }: { rule?: Rule; idPrefix: string }) {
  return (
    <div className="grid gap-3 sm:grid-cols-[1fr_auto_auto]">
      <div>
        <label htmlFor={`${idPrefix}-keyword`} className="block text-sm font-medium">Keyword</label>
        <input id={`${idPrefix}-keyword`} name="keyword" required maxLength={100} defaultValue={rule?.keyword} placeholder="OFFICE HOURS" className={INPUT_CLASS} />
      </div>
      <div>
        <label htmlFor={`${idPrefix}-match`} className="block text-sm font-medium">Match</label>
        <select id={`${idPrefix}-match`} name="match" defaultValue={rule?.match ?? "exact"} className={INPUT_CLASS}>
          <option value="exact">Exact</option>
          <option value="starts_with">Starts with</option>
        </select>
      </div>
      <div>
        <label htmlFor={`${idPrefix}-priority`} className="block text-sm font-medium">Priority</label>
        <input id={`${idPrefix}-priority`} name="priority" type="number" step={1} min={-1000} max={1000} defaultValue={rule?.priority ?? 0} className={`${INPUT_CLASS} w-24`} />
      </div>
      <div className="sm:col-span-3">
        <label htmlFor={`${idPrefix}-reply`} className="block text-sm font-medium">Reply</label>
        <textarea id={`${idPrefix}-reply`} name="reply" required maxLength={1600} rows={2} defaultValue={rule?.reply} className={INPUT_CLASS} />
      </div>
      <label className="flex items-center gap-2 text-sm sm:col-span-3">
        <input type="checkbox" name="enabled" defaultChecked={rule?.enabled ?? true} className="h-4 w-4" /> Enabled
      </label>
    </div>
  );
}

export function AddRuleForm() {
  const [state, form, pending, feedbackId] = useFormAction<FormState>(addRule, {});
  return (
    <form {...form} className="space-y-3" aria-label="Add a keyword rule">
      <RuleFields idPrefix="new-rule" />
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className={PRIMARY_BUTTON_CLASS}>{pending ? "Adding…" : "Add rule"}</button>
        <FormFeedback state={state} id={feedbackId} />
      </div>
    </form>
  );
}

export function RuleRow({ rule }: { rule: Rule }) {
  const [editing, setEditing] = useState(false);
  const [state, form, pending, feedbackId] = useFormAction<FormState>(async (previous, form) => {
    const result = await updateRuleAction(previous, form);
    if (result.ok) setEditing(false);
    return result;
  }, {});
  const [deleteState, setDeleteState] = useState<FormState>({});
  const [deleting, startDelete] = useTransition();

  if (editing) {
    return (
      <form {...form} className="space-y-3 py-3" aria-label={`Edit rule ${rule.keyword}`}>
        <input type="hidden" name="id" value={rule.id} />
        <RuleFields rule={rule} idPrefix={`rule-${rule.id}`} />
        <div className="flex items-center gap-2">
          <button type="submit" disabled={pending} className={PRIMARY_BUTTON_CLASS}>{pending ? "Saving…" : "Save rule"}</button>
          <button type="button" onClick={() => setEditing(false)} className={SECONDARY_BUTTON_CLASS}>Cancel</button>
          <FormFeedback state={state} id={feedbackId} />
        </div>
      </form>
    );
  }
  return (
    <div className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between">
      <div className="text-sm">
        <p>
          <span className="font-mono font-semibold">{rule.keyword}</span>{" "}
          <span className="text-slate-600 dark:text-slate-400">({rule.match === "exact" ? "exact" : "starts with"}, priority {rule.priority})</span>
          {rule.enabled ? null : <span className="ml-2 rounded bg-slate-200 px-1.5 py-0.5 text-xs dark:bg-slate-700">off</span>}
        </p>
        <p className="mt-1 whitespace-pre-line text-slate-700 dark:text-slate-300">{rule.reply}</p>
        <FormFeedback state={state.message ? state : deleteState} />
      </div>
      <div className="flex shrink-0 gap-2">
        <button type="button" onClick={() => setEditing(true)} className={SECONDARY_BUTTON_CLASS}>
          Edit<span className="sr-only"> rule {rule.keyword}</span>
        </button>
        <button
          type="button"
          disabled={deleting}
          onClick={() => startDelete(async () => setDeleteState(await deleteRuleAction(rule.id)))}
          className={SECONDARY_BUTTON_CLASS}
        >
          Delete<span className="sr-only"> rule {rule.keyword}</span>
        </button>
      </div>
    </div>
  );
}
