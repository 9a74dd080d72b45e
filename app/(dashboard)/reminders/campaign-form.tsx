"use client";

import { useEffect, useRef, useState } from "react";
import { FormFeedback } from "@/components/form-feedback";
import { useAnswerUntilChanged, useFormAction } from "@/components/use-form-action";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS, SECONDARY_BUTTON_CLASS } from "@/components/ui";
import { campaignAction, type CampaignState } from "./actions";
import { LimitedTextarea } from "@/components/limited-textarea";
import { MAX_BODY_LENGTH } from "@/lib/twilio/limits";

export function CampaignForm({ departments }: { departments: string[] }) {
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
  const [contentSid, setContentSid] = useState("");
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
      <div>
        <label htmlFor="r-body" className="block text-sm font-medium">Message</label>
        <LimitedTextarea limit={MAX_BODY_LENGTH} id="r-body" name="body" rows={3} value={body} onChange={(event) => setBody(event.target.value)} placeholder="Hi {name}, please submit your Q3 holding statement by Friday. Reply ACK to confirm." className={INPUT_CLASS} />
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{"{name}"} becomes each person&apos;s name (the preview checks the longest still fits). Free text only reaches people who wrote in the last 24 hours; for everyone else give an approved template.</p>
      </div>
      <div className="max-w-md"><label htmlFor="r-template" className="block text-sm font-medium">Or template Content SID</label><input id="r-template" name="contentSid" value={contentSid} onChange={(event) => { setContentSid(event.target.value); audienceChanged(); }} placeholder="HX…" className={`${INPUT_CLASS} font-mono`} /></div>
      {/* What Send confirms: the server refuses when the audience no longer matches this preview. */}
      <input type="hidden" name="previewed" value={state.preview?.fingerprint ?? ""} />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" name="intent" value="preview" aria-disabled={pending || undefined} className={SECONDARY_BUTTON_CLASS}>Preview recipients</button>
        <button type="submit" name="intent" value="send" aria-disabled={pending || undefined} disabled={!state.preview?.willReceive} className={PRIMARY_BUTTON_CLASS}>{pending ? "Working…" : "Send campaign"}</button>
        <div ref={answerRef} tabIndex={-1} className="flex flex-wrap items-center gap-3 outline-none">
          {state.preview ? (
            <p role="status" className="text-sm">{state.preview.willReceive} will receive it{state.preview.optedOut ? `, ${state.preview.optedOut} opted out will be skipped` : ""}{state.preview.refused ? `, ${state.preview.refused} cannot be sent to (${state.preview.refusal})` : ""} ({state.preview.total} in the audience).</p>
          ) : null}
          <FormFeedback state={state.error ? state : {}} id={feedbackId} />
        </div>
      </div>
    </form>
  );
}
