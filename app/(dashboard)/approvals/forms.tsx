"use client";

import { useState, useTransition } from "react";
import { useFormAction } from "@/components/use-form-action";
import { FormFeedback } from "@/components/form-feedback";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS, SECONDARY_BUTTON_CLASS } from "@/components/ui";
import { compareNames } from "@/lib/text";
import { createApproval, notifyApprover, type FormState } from "./actions";

export function ApprovalForm({ approvers }: { approvers: { id: number; name: string; approver: boolean }[] }) {
  const [state, form, pending, feedbackId] = useFormAction<FormState>(createApproval, {});
  return (
    <form {...form} className="grid gap-3 sm:grid-cols-2" aria-label="New approval request">
      <div><label htmlFor="a-ref" className="block text-sm font-medium">Document reference</label><input id="a-ref" name="reference" required placeholder="PRE-2026-041" className={INPUT_CLASS} /></div>
      <div><label htmlFor="a-title" className="block text-sm font-medium">Title</label><input id="a-title" name="title" required placeholder="Pre-clearance: buy 500 INFY" className={INPUT_CLASS} /></div>
      <div><label htmlFor="a-requester" className="block text-sm font-medium">Requested by</label><input id="a-requester" name="requester" required className={INPUT_CLASS} /></div>
      <div>
        <label htmlFor="a-approver" className="block text-sm font-medium">Approver</label>
        <select id="a-approver" name="approverId" required defaultValue="" className={INPUT_CLASS}>
          <option value="" disabled>Choose…</option>
          {/* Those marked as approvers first: with hundreds of people, the usual choice is near the top. */}
          {[
            { label: "Approvers", people: approvers.filter((person) => person.approver) },
            { label: "Everyone else", people: approvers.filter((person) => !person.approver) },
          ].map((group) =>
            group.people.length === 0 ? null : (
              <optgroup key={group.label} label={group.label}>
                {group.people.toSorted((a, b) => compareNames(a.name, b.name)).map((person) => <option key={person.id} value={person.id}>{person.name}{person.approver ? " (approver)" : ""}</option>)}
              </optgroup>
            ),
          )}
        </select>
      </div>
      <div className="flex items-center gap-3 sm:col-span-2"><button type="submit" disabled={pending} className={PRIMARY_BUTTON_CLASS}>Create request</button><FormFeedback state={state} id={feedbackId} /></div>
    </form>
  );
}

export function NotifyButton({ id }: { id: number }) {
  const [pending, start] = useTransition();
  const [state, setState] = useState<FormState>({});
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button type="button" disabled={pending} className={SECONDARY_BUTTON_CLASS} onClick={() => start(async () => setState(await notifyApprover(id)))}>
        Notify approver<span className="sr-only"> for request {id}</span>
      </button>
      <FormFeedback state={state} />
    </span>
  );
}
