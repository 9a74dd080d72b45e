"use client";

import { BusyButton } from "@/components/busy-button";
import { useFormAction } from "@/components/use-form-action";
import { FormFeedback } from "@/components/form-feedback";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS } from "@/components/ui";
import { APPROVAL_LINES, COMMAND_REPLY_KEYS, MAX_REPLY_LENGTH, RECORD_ANSWER_KEYS, REPLY_LABELS, REPLY_PLACEHOLDERS, type Replies, type ReplyKey } from "@/lib/commands/replies";
import { saveReplies, type FormState } from "./actions";
import { LimitedTextarea } from "@/components/limited-textarea";

function ReplyField({ name, replies, defaults, hint }: { name: ReplyKey; replies: Replies; defaults: Replies; hint: boolean }) {
  const id = `reply-${name}`;
  const placeholders = Object.entries(REPLY_PLACEHOLDERS[name]);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {REPLY_LABELS[name]}
      </label>
      <LimitedTextarea
        limit={MAX_REPLY_LENGTH}
        id={id}
        name={name}
        required
        rows={name === "help" ? 8 : 2}
        defaultValue={replies[name]}
        placeholder={defaults[name]}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className={INPUT_CLASS}
      />
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          Placeholders:{" "}
          {placeholders.map(([word, meaning], i) => (
            <span key={word}>
              <code className="font-mono">{`{${word}}`}</code> {meaning}
              {i < placeholders.length - 1 ? "; " : "."}
            </span>
          ))}
        </p>
      ) : null}
    </div>
  );
}

export function RepliesForm({ replies, defaults }: { replies: Replies; defaults: Replies }) {
  const [state, form, pending, feedbackId] = useFormAction<FormState>(saveReplies, {});
  return (
    <form {...form} className="space-y-4">
      {/* The texts this form was opened with: a save after someone else's is refused, not written over theirs. */}
      <input type="hidden" name="loaded" value={JSON.stringify({ replies })} />
      <p className="text-sm text-slate-600 dark:text-slate-400">
        <code className="font-mono">{"{name}"}</code> is replaced by the sender&apos;s WhatsApp profile name. Replies can have up to {MAX_REPLY_LENGTH} characters.
        A placeholder a text cannot use is refused when you save, so a misspelt one never reaches a sender.
      </p>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        In the command list, <code className="font-mono">{"{keywords}"}</code> becomes &ldquo;Also: &hellip;&rdquo; with the keywords of your enabled keyword rules
        that the list does not already name (nothing when there are none); a command list without it gets that line at the end.{" "}
        <code className="font-mono">{"{approvals}"}</code> becomes the lines &ldquo;{APPROVAL_LINES[0]}&rdquo; and &ldquo;{APPROVAL_LINES[1]}&rdquo; for a sender
        who can decide approval requests (flagged as approver in People, or the approver of a request still pending), and nothing for anyone else; a command list
        without it gets them at the end, above an &ldquo;Also: &hellip;&rdquo; line of its own, leaving out a command it already names in capitals.
      </p>
      {COMMAND_REPLY_KEYS.map((key) => (
        <ReplyField key={key} name={key} replies={replies} defaults={defaults} hint={false} />
      ))}
      <div role="group" aria-labelledby="record-answers-heading" className="space-y-4 border-t border-slate-200 pt-4 dark:border-slate-800">
        <h3 id="record-answers-heading" className="font-medium">
          Answers from compliance records
        </h3>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          The wording around what STATUS, PENDING, NISM, ACK, APPROVE and REJECT find in a registered employee&apos;s records. Here{" "}
          <code className="font-mono">{"{name}"}</code> is the name in People, not the WhatsApp profile name. The lists of items (&ldquo;&bull; &hellip; expires in 3 days&rdquo;)
          come from the records and keep their wording.
        </p>
        {RECORD_ANSWER_KEYS.map((key) => (
          <ReplyField key={key} name={key} replies={replies} defaults={defaults} hint />
        ))}
      </div>
      <div className="flex items-center gap-3">
        <BusyButton type="submit" busy={pending} className={PRIMARY_BUTTON_CLASS}>
          {pending ? "Saving…" : "Save auto-replies"}
        </BusyButton>
        <FormFeedback state={state} id={feedbackId} />
      </div>
    </form>
  );
}
