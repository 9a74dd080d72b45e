"use client";

import { useLayoutEffect, useReducer, useState, type FocusEvent } from "react";
import { BusyButton } from "@/components/busy-button";
import { useFormAction } from "@/components/use-form-action";
import { FormFeedback } from "@/components/form-feedback";
import { CopyButton } from "@/components/copy-button";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS, SECONDARY_BUTTON_CLASS } from "@/components/ui";
import { draftShown, initialReplyBox, replyBox, type ReplyFocus } from "@/lib/inbox/reply-box";
import type { MessageTemplate } from "@/lib/templates";
import { sendReply, type ReplyState } from "../actions";
import { LimitedTextarea } from "@/components/limited-textarea";

/** The template choice that means "type a Content SID": one not (yet) in Settings' list. */
const OTHER_TEMPLATE = "other";

const NOTE_CLASS = "rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100";

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

/** Which part of the reply box an element belongs to (its nearest `data-reply-part`). */
function partOf(element: EventTarget | null): ReplyFocus {
  const part = element instanceof Element ? element.closest("[data-reply-part]")?.getAttribute("data-reply-part") : null;
  return part === "choice" || part === "draft" || part === "draftActions" || part === "template" ? part : "other";
}

/**
 * Free text inside the 24-hour window; outside it, an approved template (picked by name, or by
 * Content SID). Both stay mounted as the window opens and closes, so nothing typed is lost; the
 * rules for what shows are in lib/inbox/reply-box.
 */
export function Composer({ phoneSegment, windowOpen, closesIn, refusal, templates }: { phoneSegment: string; windowOpen: boolean; closesIn: string | null; refusal: string | null; templates: MessageTemplate[] }) {
  const [state, form, pending, feedbackId] = useFormAction<ReplyState>(sendReply.bind(null, phoneSegment), {});
  const [box, dispatch] = useReducer(replyBox, windowOpen, initialReplyBox);
  const [answered, setAnswered] = useState(state);
  // A live refresh brings the window's new state: the box follows it in this same render, before
  // anything that held the focus or a draft is taken off the page.
  if (box.windowOpen !== windowOpen) dispatch({ type: "window", open: windowOpen });
  if (answered !== state) {
    setAnswered(state);
    if (state.ok && state.sent) dispatch({ type: "queued", kind: state.sent });
  }
  const { kind } = box;
  // Blocked or opted out (a live refresh can bring either while someone types): nothing can be
  // sent, but a text being written is kept, read-only, like one the closing window overtook.
  const refused = refusal !== null;
  const draftVisible = refused ? box.draft.trim() !== "" : draftShown(box);
  const kept = (refused || !box.windowOpen) && draftVisible;

  useLayoutEffect(() => {
    if (!box.moveFocus) return;
    document.querySelector<HTMLElement>(box.moveFocus.to === "draft" ? "#reply-body" : "#reply-template :is(input, select)")?.focus();
  }, [box.moveFocus]);

  return (
    <form
      {...form}
      className="space-y-3"
      aria-label="Reply"
      onFocus={(event) => dispatch({ type: "focus", focus: partOf(event.target) })}
      onBlur={(event: FocusEvent<HTMLFormElement>) => {
        if (!event.currentTarget.contains(event.relatedTarget)) dispatch({ type: "focus", focus: null });
      }}
    >
      <input type="hidden" name="kind" value={kind} />
      {refused ? <p role="note" className={NOTE_CLASS}>{refusal}</p> : null}
      <p className="text-sm text-slate-600 dark:text-slate-400" role="note" hidden={refused}>
        {windowOpen
          ? `Free-text replies are open${closesIn ? ` for ${closesIn}` : ""} (WhatsApp's 24-hour window).`
          : "The 24-hour window is closed: WhatsApp only delivers an approved template until this person writes again."}
      </p>
      {/* On the page from the start, so a screen reader announces what a live refresh changed. */}
      <div aria-live="polite" aria-atomic="true" data-testid="reply-notice">
        {box.notice ? <p className={NOTE_CLASS}>{box.notice}</p> : null}
      </div>
      {box.windowOpen && !refused ? (
        <div className="flex gap-3 text-sm" role="radiogroup" aria-label="Message type" data-reply-part="choice">
          <label className="flex items-center gap-1"><input type="radio" name="kind-choice" checked={kind === "text"} onChange={() => dispatch({ type: "choose", kind: "text" })} /> Text</label>
          <label className="flex items-center gap-1"><input type="radio" name="kind-choice" checked={kind === "template"} onChange={() => dispatch({ type: "choose", kind: "template" })} /> Template</label>
        </div>
      ) : null}
      <div hidden={!draftVisible} data-reply-part="draft">
        <label htmlFor="reply-body" className={kept ? "block text-sm font-medium" : "sr-only"}>
          {kept ? (refused ? "Your unsent text (can't be sent to this number now)" : "Your unsent text (can't be sent while the window is closed)") : "Message"}
        </label>
        <LimitedTextarea
          limit={1600}
          id="reply-body"
          // Only free text being sent is part of the form: a kept text never goes out with a template.
          name={kind === "text" && !refused ? "body" : undefined}
          rows={3}
          required={kind === "text" && !refused}
          readOnly={!box.windowOpen || refused}
          value={box.draft}
          onChange={(event) => dispatch({ type: "type", text: event.currentTarget.value })}
          placeholder="Write a reply…"
          className={`${INPUT_CLASS} read-only:bg-slate-100 dark:read-only:bg-slate-900`}
          onKeyDown={(event) => {
            // From a kept text, the form would send the template below instead.
            if (kind === "text" && !refused && event.key === "Enter" && (event.metaKey || event.ctrlKey)) event.currentTarget.form?.requestSubmit();
          }}
        />
        {kept ? (
          <div className="mt-2 flex gap-2" data-reply-part="draftActions">
            <CopyButton value={box.draft} label="your unsent text" inputId="reply-body" />
            <button type="button" className={SECONDARY_BUTTON_CLASS} onClick={() => dispatch({ type: "discard" })}>Discard<span className="sr-only"> your unsent text</span></button>
          </div>
        ) : null}
      </div>
      {/* Disabled while hidden: not sent, and its required fields do not stop a text reply. */}
      <fieldset
        id="reply-template"
        hidden={kind !== "template" || refused}
        disabled={kind !== "template" || refused}
        data-reply-part="template"
        onInput={(event) => dispatch({ type: "templateInput", filled: [...event.currentTarget.querySelectorAll("input")].some((input) => input.value.trim() !== "") })}
      >
        <TemplateFields templates={templates} />
      </fieldset>
      <div className="flex items-center gap-3" hidden={refused}>
        <BusyButton type="submit" busy={pending} className={PRIMARY_BUTTON_CLASS}>{pending ? "Sending…" : kind === "text" ? "Send reply" : "Send template"}</BusyButton>
        <FormFeedback state={state} id={feedbackId} />
      </div>
    </form>
  );
}
