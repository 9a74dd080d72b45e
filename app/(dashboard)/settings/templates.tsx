"use client";

import { useState, useTransition } from "react";
import { BusyButton } from "@/components/busy-button";
import { ConfirmPanel } from "@/components/confirm-panel";
import { RecordSection, useSectionOutcome } from "@/components/record-section";
import { useConfirmStep } from "@/components/use-confirm-step";
import { useFormAction } from "@/components/use-form-action";
import { FormFeedback } from "@/components/form-feedback";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS, SECONDARY_BUTTON_CLASS } from "@/components/ui";
import type { MessageTemplate } from "@/lib/templates";
import { addTemplateAction, deleteTemplateAction, type FormState } from "./actions";

/** "{{1}} Name · {{2}} Due date", or that it takes none. */
export function variablesLine(template: Pick<MessageTemplate, "variables">): string {
  return template.variables.length === 0 ? "no variables" : template.variables.map((label, index) => `{{${index + 1}}} ${label}`).join(" · ");
}

function TemplateRow({ template }: { template: MessageTemplate }) {
  // The row goes away: focus and the announcement move to the section's heading.
  const onDeleted = useSectionOutcome();
  const [refusal, setRefusal] = useState<FormState>({});
  const [deleting, startDelete] = useTransition();
  const { confirming, ask, cancel, onKeyDown, cancelRef, askRef } = useConfirmStep(() => setRefusal({}));
  return (
    <li className="py-2 text-sm">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium">{template.name}</p>
          <p className="font-mono text-xs text-slate-600 [overflow-wrap:anywhere] dark:text-slate-400">{template.contentSid}</p>
          <p className="text-xs text-slate-600 dark:text-slate-400">{variablesLine(template)}</p>
        </div>
        {confirming ? null : (
          <button ref={askRef} type="button" onClick={ask} className={SECONDARY_BUTTON_CLASS}>
            Delete<span className="sr-only"> template {template.name}</span>
          </button>
        )}
      </div>
      <FormFeedback state={refusal.error ? refusal : {}} />
      {confirming ? (
        <ConfirmPanel
          label={`Confirm deleting template ${template.name}`}
          confirmLabel="Delete template"
          busyLabel="Deleting…"
          busy={deleting}
          onConfirm={() =>
            startDelete(async () => {
              const result = await deleteTemplateAction(template.contentSid);
              if (result.ok) onDeleted(result.message ?? "Template deleted.");
              else {
                setRefusal(result);
                cancel();
              }
            })
          }
          onCancel={cancel}
          onKeyDown={onKeyDown}
          cancelRef={cancelRef}
        >
          Delete “{template.name}” from the list? Staff can no longer pick it; the template itself stays at Twilio.
        </ConfirmPanel>
      ) : null}
    </li>
  );
}

/** The approved templates staff pick from in a conversation, with a form to add one. */
export function TemplatesList({ templates, headingId }: { templates: MessageTemplate[]; headingId: string }) {
  const [state, form, pending, feedbackId] = useFormAction<FormState>(addTemplateAction, {});
  return (
    <div className="space-y-4">
      <RecordSection headingId={headingId}>
        {templates.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No templates yet: staff replying outside the 24-hour window type a Content SID by hand until one is added.</p>
        ) : (
          <ul aria-label="Templates" className="divide-y divide-slate-200 dark:divide-slate-800">
            {templates.map((template) => (
              <TemplateRow key={template.contentSid} template={template} />
            ))}
          </ul>
        )}
      </RecordSection>
      <form {...form} className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800" aria-label="Add a template">
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="template-name" className="block text-sm font-medium">Name</label>
            <input id="template-name" name="name" required maxLength={60} placeholder="Declaration reminder" className={INPUT_CLASS} />
          </div>
          <div>
            <label htmlFor="template-sid" className="block text-sm font-medium">Content SID</label>
            <input id="template-sid" name="contentSid" required placeholder="HX…" className={`${INPUT_CLASS} font-mono`} />
          </div>
        </div>
        <div>
          <label htmlFor="template-variables" className="block text-sm font-medium">Variables</label>
          <input id="template-variables" name="variables" placeholder="Name, Due date" aria-describedby="template-variables-hint" className={INPUT_CLASS} />
          <p id="template-variables-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            What {"{{1}}"}, {"{{2}}"}… stand for, in order, separated by commas; empty when the template has none.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <BusyButton type="submit" busy={pending} className={PRIMARY_BUTTON_CLASS}>{pending ? "Adding…" : "Add template"}</BusyButton>
          <FormFeedback state={state} id={feedbackId} />
        </div>
      </form>
    </div>
  );
}
