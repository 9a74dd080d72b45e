"use client";

import { useEffect, useRef, useState } from "react";
import { FormFeedback } from "@/components/form-feedback";
import { useAnswerUntilChanged, useFormAction } from "@/components/use-form-action";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS, SECONDARY_BUTTON_CLASS } from "@/components/ui";
import { campaignAction, type CampaignState } from "./actions";
import { LimitedTextarea } from "@/components/limited-textarea";
import { MAX_BODY_LENGTH } from "@/lib/twilio/limits";
import { variableField, type MessageTemplate } from "@/lib/templates";

/** The template choice that means "type a Content SID" (lib/workflows/campaigns' OTHER_TEMPLATE; that module is server-only). */
const OTHER_TEMPLATE = "other";

const number = (value: number) => value.toLocaleString("en");

/**
 * `templates`: Settings' saved templates, offered by name. {{1}} is each recipient's name; the
 * author fills the others in once for the whole campaign.
 */
export function CampaignForm({ departments, templates }: { departments: string[]; templates: MessageTemplate[] }) {
  // Submitted by hand and never reset: React's reset after a form action puts the DOM value of a
  // controlled <select> back to its first option while the state (and the screen) keep the chosen
  // one, so "Send" after a department's preview went to everyone.
  const [answer, form, pending, feedbackId] = useFormAction<CampaignState>(campaignAction, {}, () => false);
  // A refusal about one field moves focus there (useFormAction); otherwise it stays on the button
  // pressed, which is therefore never disabled while the form works (a second submit is ignored
  // here). Only when the answer takes Send away (nobody left to receive it) does the answer take focus.
  const answerRef = useRef<HTMLDivElement>(null);
  const firstAnswer = useRef(answer);
  useEffect(() => {
    if (answer === firstAnswer.current || answer.field) return;
    if (document.activeElement === null || document.activeElement === document.body) answerRef.current?.focus();
  }, [answer]);
  // The count is of the audience previewed: choosing another one takes it (and Send) away.
  const [state, audienceChanged] = useAnswerUntilChanged(answer, {});
  // Controlled, so that what a preview counted is what the fields show and what Send sends.
  const [audience, setAudience] = useState("everyone");
  const [name, setName] = useState("");
  const [body, setBody] = useState("");
  const [choice, setChoice] = useState("");
  const [contentSid, setContentSid] = useState("");
  const [values, setValues] = useState<Record<string, string>>({});
  const chosen = templates.find((template) => template.contentSid === choice);
  const [days, setDays] = useState("30");
  const [department, setDepartment] = useState(departments[0] ?? "");
  return (
    <form
      {...form}
      onSubmit={(event) => {
        // The buttons stay enabled while a preview or a send works (so focus stays on them): a second press waits for the answer.
        if (pending) event.preventDefault();
        else form.onSubmit(event);
      }}
      className="space-y-3"
      aria-label="New reminder campaign"
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <div><label htmlFor="r-name" className="block text-sm font-medium">Campaign name</label><input id="r-name" name="name" required value={name} onChange={(event) => setName(event.target.value)} placeholder="Q3 holding statement" className={INPUT_CLASS} /></div>
        <div>
          <label htmlFor="r-audience" className="block text-sm font-medium">Recipients</label>
          <select id="r-audience" name="audience" value={audience} onChange={(event) => { setAudience(event.target.value); audienceChanged(); }} className={INPUT_CLASS}>
            <option value="everyone">Everyone</option>
            <option value="department">A department</option>
            <option value="expiring">Certificate expiring within N days</option>
            <option value="expired">Certificate expired, not renewed</option>
            <option value="pending">People with pending declarations</option>
          </select>
        </div>
        {audience === "department" ? (
          <div>
            <label htmlFor="r-department" className="block text-sm font-medium">Department</label>
            <select id="r-department" name="department" required value={department} onChange={(event) => { setDepartment(event.target.value); audienceChanged(); }} className={INPUT_CLASS}>{departments.map((department) => <option key={department} value={department}>{department}</option>)}</select>
          </div>
        ) : null}
        {audience === "expiring" ? (
          <div><label htmlFor="r-days" className="block text-sm font-medium">Days</label><input id="r-days" name="days" type="number" inputMode="numeric" value={days} onChange={(event) => { setDays(event.target.value); audienceChanged(); }} className={INPUT_CLASS} /></div>
        ) : null}
      </div>
      <div className="max-w-md">
        <label htmlFor="r-template-choice" className="block text-sm font-medium">Send as</label>
        <select id="r-template-choice" name="template" value={choice} onChange={(event) => { setChoice(event.target.value); setValues({}); audienceChanged(); }} className={INPUT_CLASS}>
          <option value="">Free text</option>
          {templates.map((template) => <option key={template.contentSid} value={template.contentSid}>Template: {template.name}</option>)}
          <option value={OTHER_TEMPLATE}>Another template (type its Content SID)</option>
        </select>
      </div>
      {choice === "" ? (
        <div>
          <label htmlFor="r-body" className="block text-sm font-medium">Message</label>
          <LimitedTextarea limit={MAX_BODY_LENGTH} id="r-body" name="body" rows={3} value={body} onChange={(event) => setBody(event.target.value)} placeholder="Hi {name}, please submit your Q3 holding statement by Friday. Reply ACK to confirm." className={INPUT_CLASS} />
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{"{name}"} becomes each person&apos;s name (the preview checks the longest still fits). Free text only reaches people who wrote in the last 24 hours; for everyone else send an approved template.</p>
        </div>
      ) : chosen ? (
        chosen.variables.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">This template has no variables.</p>
        ) : (
          <div className="grid gap-3 sm:grid-cols-2">
            <p className="text-sm sm:col-span-2"><span className="font-medium">{chosen.variables[0]}</span> <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{"{{1}}"}</span>: each person&apos;s name</p>
            {chosen.variables.slice(1).map((label, index) => {
              const field = variableField(index + 2);
              return (
                <div key={`${chosen.contentSid}-${field}`}>
                  <label htmlFor={`r-${field}`} className="block text-sm font-medium">{label} <span className="font-mono text-xs font-normal text-slate-500 dark:text-slate-400">{`{{${index + 2}}}`}</span></label>
                  <input id={`r-${field}`} name={field} required value={values[field] ?? ""} onChange={(event) => { setValues({ ...values, [field]: event.target.value }); audienceChanged(); }} className={INPUT_CLASS} />
                </div>
              );
            })}
          </div>
        )
      ) : (
        <div className="max-w-md">
          <label htmlFor="r-template" className="block text-sm font-medium">Template Content SID</label>
          <input id="r-template" name="contentSid" required value={contentSid} onChange={(event) => { setContentSid(event.target.value); audienceChanged(); }} placeholder="HX…" aria-describedby="r-template-hint" className={`${INPUT_CLASS} font-mono`} />
          <p id="r-template-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">Sent with {"{{1}}"} = each person&apos;s name and no other variables: for a template with other variables, add it in Settings → Message templates and choose it by name.</p>
        </div>
      )}
      {/* What Send confirms: the server refuses when the audience no longer matches this preview. */}
      <input type="hidden" name="previewed" value={state.preview?.fingerprint ?? ""} />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" name="intent" value="preview" aria-disabled={pending || undefined} className={SECONDARY_BUTTON_CLASS}>Preview recipients</button>
        <button type="submit" name="intent" value="send" aria-disabled={pending || undefined} disabled={!state.preview?.willReceive} className={PRIMARY_BUTTON_CLASS}>{pending ? "Working…" : "Send campaign"}</button>
        <div ref={answerRef} tabIndex={-1} className="flex flex-wrap items-center gap-3 outline-none">
          {state.preview ? (
            <p role="status" className="text-sm">{number(state.preview.willReceive)} will receive it{state.preview.optedOut ? `, ${number(state.preview.optedOut)} opted out will be skipped` : ""}{state.preview.refused ? `, ${number(state.preview.refused)} cannot be sent to (${state.preview.refusal})` : ""} ({number(state.preview.total)} in the audience).{state.preview.variables ? ` Template variables: ${state.preview.variables}.` : ""}</p>
          ) : null}
          <FormFeedback state={state.error ? state : {}} id={feedbackId} />
        </div>
      </div>
    </form>
  );
}
