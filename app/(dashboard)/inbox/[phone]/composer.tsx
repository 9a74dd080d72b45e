"use client";

import { useState } from "react";
import { useFormAction } from "@/components/use-form-action";
import { FormFeedback } from "@/components/form-feedback";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS } from "@/components/ui";
import type { MessageTemplate } from "@/lib/templates";
import { sendReply, type ReplyState } from "../actions";
import { LimitedTextarea } from "@/components/limited-textarea";

/** The template choice that means "type a Content SID": one not (yet) in Settings' list. */
const OTHER_TEMPLATE = "other";

/** A saved template by name, one labelled field per variable; or any template by its Content SID. */
function TemplateFields({ templates }: { templates: MessageTemplate[] }) {
  const [choice, setChoice] = useState(templates[0]?.contentSid ?? OTHER_TEMPLATE);
  const chosen = templates.find((template) => template.contentSid === choice);
  return (
    <div className="space-y-3">
      {templates.length > 0 ? (
        <div className="max-w-md">
          <label htmlFor="template-choice" className="block text-sm font-medium">Template</label>
          <select id="template-choice" name="template" value={choice} onChange={(event) => setChoice(event.target.value)} className={INPUT_CLASS}>
            {templates.map((template) => <option key={template.contentSid} value={template.contentSid}>{template.name}</option>)}
            <option value={OTHER_TEMPLATE}>Another template (type its Content SID)</option>
          </select>
        </div>
      ) : null}
      {chosen ? (
        chosen.variables.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">This template has no variables.</p>
        ) : (
          <div className="grid gap-3 sm:grid-cols-2">
            {chosen.variables.map((label, index) => (
              <div key={`${chosen.contentSid}-${index}`}>
                <label htmlFor={`variable-${index + 1}`} className="block text-sm font-medium">{label} <span className="font-mono text-xs font-normal text-slate-500 dark:text-slate-400">{`{{${index + 1}}}`}</span></label>
                <input id={`variable-${index + 1}`} name={`variable-${index + 1}`} required className={INPUT_CLASS} />
              </div>
            ))}
          </div>
        )
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="content-sid" className="block text-sm font-medium">Template Content SID</label>
            <input id="content-sid" name="contentSid" required placeholder="HX…" className={`${INPUT_CLASS} font-mono`} />
          </div>
          <div>
            <label htmlFor="content-variables" className="block text-sm font-medium">Variables (JSON)</label>
            <input id="content-variables" name="variables" placeholder='{"1": "Asha"}' className={`${INPUT_CLASS} font-mono`} />
          </div>
        </div>
      )}
    </div>
  );
}

/** Free text inside the 24-hour window; outside it, an approved template (picked by name, or by Content SID). */
export function Composer({ phoneSegment, windowOpen, closesIn, refusal, templates }: { phoneSegment: string; windowOpen: boolean; closesIn: string | null; refusal: string | null; templates: MessageTemplate[] }) {
  const [state, form, pending, feedbackId] = useFormAction<ReplyState>(sendReply.bind(null, phoneSegment), {});
  const [chosen, setChosen] = useState<"text" | "template">(windowOpen ? "text" : "template");
  // The window can close while the page is open (a live refresh re-renders it): then only a template.
  const kind = windowOpen ? chosen : "template";

  if (refusal) {
    return <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">{refusal}</p>;
  }
  return (
    <form {...form} className="space-y-3" aria-label="Reply">
      <input type="hidden" name="kind" value={kind} />
      <p className="text-sm text-slate-600 dark:text-slate-400" role="note">
        {windowOpen
          ? `Free-text replies are open${closesIn ? ` for ${closesIn}` : ""} (WhatsApp's 24-hour window).`
          : "The 24-hour window is closed: WhatsApp only delivers an approved template until this person writes again."}
      </p>
      {windowOpen ? (
        <div className="flex gap-3 text-sm" role="radiogroup" aria-label="Message type">
          <label className="flex items-center gap-1"><input type="radio" name="kind-choice" checked={kind === "text"} onChange={() => setChosen("text")} /> Text</label>
          <label className="flex items-center gap-1"><input type="radio" name="kind-choice" checked={kind === "template"} onChange={() => setChosen("template")} /> Template</label>
        </div>
      ) : null}
      {kind === "text" ? (
        <div>
          <label htmlFor="reply-body" className="sr-only">Message</label>
          <LimitedTextarea
            limit={1600}
            id="reply-body"
            name="body"
            rows={3}
            required
            placeholder="Write a reply…"
            className={INPUT_CLASS}
            onKeyDown={(event) => {
              if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) event.currentTarget.form?.requestSubmit();
            }}
          />
        </div>
      ) : (
        <TemplateFields templates={templates} />
      )}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className={PRIMARY_BUTTON_CLASS}>{pending ? "Sending…" : kind === "text" ? "Send reply" : "Send template"}</button>
        <FormFeedback state={state} id={feedbackId} />
      </div>
    </form>
  );
}
