"use client";

import { useFormAction } from "@/components/use-form-action";
import { FormFeedback } from "@/components/form-feedback";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS } from "@/components/ui";
import { MAX_REPLY_LENGTH, REPLY_KEYS, REPLY_LABELS, type Replies } from "@/lib/commands/replies";
import { saveReplies, type FormState } from "./actions";

export function RepliesForm({ replies, defaults }: { replies: Replies; defaults: Replies }) {
  const [state, form, pending, feedbackId] = useFormAction<FormState>(saveReplies, {});
  return (
    <form {...form} className="space-y-4">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        <code className="font-mono">{"{name}"}</code> is replaced by the sender&apos;s WhatsApp profile name. Replies can have up to {MAX_REPLY_LENGTH} characters.
      </p>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        In the command list, <code className="font-mono">{"{keywords}"}</code> becomes &ldquo;Also: &hellip;&rdquo; with the keywords of your enabled keyword rules
        that the list does not already name (nothing when there are none); a command list without it gets that line at the end.
      </p>
      {REPLY_KEYS.map((key) => (
        <div key={key}>
          <label htmlFor={`reply-${key}`} className="block text-sm font-medium">
            {REPLY_LABELS[key]}
          </label>
          <textarea
            id={`reply-${key}`}
            name={key}
            required
            maxLength={MAX_REPLY_LENGTH}
            rows={key === "help" ? 8 : 2}
            defaultValue={replies[key]}
            placeholder={defaults[key]}
            className={INPUT_CLASS}
          />
        </div>
      ))}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className={PRIMARY_BUTTON_CLASS}>
          {pending ? "Saving…" : "Save auto-replies"}
        </button>
        <FormFeedback state={state} id={feedbackId} />
      </div>
    </form>
  );
}
