"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { ConfirmPanel } from "@/components/confirm-panel";
import { useConfirmStep } from "@/components/use-confirm-step";
import { useFormAction } from "@/components/use-form-action";
import { useInlineEditor } from "@/components/use-inline-editor";
import { useSectionOutcome } from "@/components/record-section";
import { BusyButton } from "@/components/busy-button";
import { FormFeedback } from "@/components/form-feedback";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS, SECONDARY_BUTTON_CLASS } from "@/components/ui";
import type { CommandRule } from "@/db/schema";
import { keywordProblem, replacedBuiltIn, reservedKeywordProblem, type BuiltIn } from "@/lib/commands/keywords";
import { addRule, deleteRuleAction, updateRuleAction, type FormState } from "./actions";
import { LimitedTextarea } from "@/components/limited-textarea";

type Rule = Pick<CommandRule, "id" | "keyword" | "match" | "reply" | "priority" | "enabled">;

const BUILT_IN_ANSWERS: Partial<Record<BuiltIn, string>> = {
  HI: "the greeting",
  HELP: "the command list",
  STATUS: "the sender's compliance status",
  PENDING: "the sender's pending items",
  NISM: "the sender's certificates",
};

type Note = { text: string; refused: boolean };

function replacesNote(keyword: string): Note | null {
  const replaced = replacedBuiltIn(keyword);
  if (!replaced) return null;
  const what = BUILT_IN_ANSWERS[replaced.command];
  return {
    text: `Replaces the built-in ${replaced.word} answer${what ? ` (${what})` : ""}: messages this rule matches get its reply instead, from anyone, registered or not.`,
    refused: false,
  };
}

/** What a keyword being typed takes over, or why it cannot be saved: the same judgement the server and the router make. */
function keywordNote(keyword: string): Note | null {
  if (!keyword.trim()) return null;
  const reserved = reservedKeywordProblem(keyword);
  if (reserved) return { text: `${reserved}; a rule for it cannot be saved.`, refused: true };
  const problem = keywordProblem(keyword);
  if (problem) return { text: `${problem}.`, refused: true };
  return replacesNote(keyword);
}

/**
 * The same for a saved rule. Only a reserved keyword stops one answering (one saved before it was
 * reserved); a keyword the form would now refuse otherwise still answers, and its edit form says why.
 */
function storedNote(keyword: string): Note | null {
  const reserved = reservedKeywordProblem(keyword);
  if (reserved) return { text: `Never used: ${reserved}. Delete it.`, refused: true };
  return replacesNote(keyword);
}

function RuleFields({ rule, idPrefix }: { rule?: Rule; idPrefix: string }) {
  const [keyword, setKeyword] = useState(rule?.keyword ?? "");
  const keywordInput = useRef<HTMLInputElement>(null);
  // The add form clears itself after a save; the note must clear with it.
  useEffect(() => {
    const form = keywordInput.current?.form;
    if (!form) return;
    const cleared = () => setKeyword(rule?.keyword ?? "");
    form.addEventListener("reset", cleared);
    return () => form.removeEventListener("reset", cleared);
  }, [rule?.keyword]);
  const note = keywordNote(keyword);
  const noteId = `${idPrefix}-keyword-note`;
  return (
    <div className="grid gap-3 sm:grid-cols-[1fr_auto_auto]">
      <div>
        <label htmlFor={`${idPrefix}-keyword`} className="block text-sm font-medium">Keyword</label>
        {/* Always described by the note, even empty: a refusal adds its own id to this attribute, and a changing value would drop it. */}
        <input
          ref={keywordInput}
          id={`${idPrefix}-keyword`}
          name="keyword"
          required
          maxLength={100}
          defaultValue={rule?.keyword}
          placeholder="OFFICE HOURS"
          className={INPUT_CLASS}
          aria-describedby={noteId}
          onChange={(event) => setKeyword(event.currentTarget.value)}
        />
        <p id={noteId} aria-live="polite" className={`mt-1 text-xs ${note?.refused ? "text-rose-700 dark:text-rose-300" : "text-amber-800 dark:text-amber-200"}`}>
          {note?.text}
        </p>
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
        <LimitedTextarea limit={1600} id={`${idPrefix}-reply`} name="reply" required rows={2} defaultValue={rule?.reply} className={INPUT_CLASS} />
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
        <BusyButton type="submit" busy={pending} className={PRIMARY_BUTTON_CLASS}>{pending ? "Adding…" : "Add rule"}</BusyButton>
        <FormFeedback state={state} id={feedbackId} />
      </div>
    </form>
  );
}

export function RuleRow({ rule }: { rule: Rule }) {
  const editor = useInlineEditor(`rule-${rule.id}-edit`, `rule-${rule.id}-keyword`);
  const report = useSectionOutcome();
  const [state, form, pending, feedbackId] = useFormAction<FormState>(async (previous, form) => {
    const result = await updateRuleAction(previous, form);
    // The saved rule may move in the priority order: the section's heading is a steadier place for focus than its Edit button.
    if (result.ok) {
      editor.dismiss();
      report(result.message ?? `Rule “${rule.keyword}” saved.`);
    }
    return result;
  }, {});
  const [deleteState, setDeleteState] = useState<FormState>({});
  const [deleting, startDelete] = useTransition();
  const { confirming, ask, cancel, onKeyDown, cancelRef: cancelButton, askRef: deleteButton } = useConfirmStep(() => setDeleteState({}));
  const stored = storedNote(rule.keyword);

  if (editor.open) {
    return (
      <form {...form} onKeyDown={editor.onKeyDown} className="space-y-3 py-3" aria-label={`Edit rule ${rule.keyword}`}>
        <input type="hidden" name="id" value={rule.id} />
        <RuleFields rule={rule} idPrefix={`rule-${rule.id}`} />
        <div className="flex items-center gap-2">
          <BusyButton type="submit" busy={pending} className={PRIMARY_BUTTON_CLASS}>{pending ? "Saving…" : "Save rule"}</BusyButton>
          <button type="button" onClick={editor.close} className={SECONDARY_BUTTON_CLASS}>Cancel</button>
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
        {stored ? (
          // A reserved keyword here was saved by an older version; the router skips it.
          <p className={`mt-1 text-xs ${stored.refused ? "text-rose-700 dark:text-rose-300" : "text-amber-800 dark:text-amber-200"}`}>{stored.text}</p>
        ) : null}
        <p className="mt-1 whitespace-pre-line text-slate-700 dark:text-slate-300">{rule.reply}</p>
        {/* Successes are told by the section's status line; only a refused deletion stays beside its rule. */}
        <FormFeedback state={deleteState.error ? deleteState : {}} />
        {confirming ? (
          <ConfirmPanel
            label={`Confirm deleting rule ${rule.keyword}`}
            confirmLabel="Delete rule"
            busyLabel="Deleting…"
            busy={deleting}
            onConfirm={() =>
              startDelete(async () => {
                const result = await deleteRuleAction(rule.id);
                if (result.ok) report(`Rule “${rule.keyword}” deleted.`);
                else {
                  setDeleteState(result);
                  cancel();
                }
              })
            }
            onCancel={cancel}
            onKeyDown={onKeyDown}
            cancelRef={cancelButton}
          >
            Delete the rule for <span className="font-mono font-semibold">{rule.keyword}</span>? Its reply stops at once; only the audit log keeps a copy.
          </ConfirmPanel>
        ) : null}
      </div>
      <div className="flex shrink-0 gap-2">
        <button id={editor.editButtonId} type="button" onClick={editor.show} className={SECONDARY_BUTTON_CLASS}>
          Edit<span className="sr-only"> rule {rule.keyword}</span>
        </button>
        <BusyButton ref={deleteButton} type="button" busy={deleting} aria-expanded={confirming} onClick={ask} className={SECONDARY_BUTTON_CLASS}>
          Delete<span className="sr-only"> rule {rule.keyword}</span>
        </BusyButton>
      </div>
    </div>
  );
}
