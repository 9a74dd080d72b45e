"use client";

import { useFormAction } from "@/components/use-form-action";
import { BusyButton } from "@/components/busy-button";
import { FormFeedback } from "@/components/form-feedback";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS } from "@/components/ui";
import { saveIpAllowList, saveLimits, saveReminderSettings, type FormState } from "./actions";

export function LimitsForm({ dailyLimit, cooldownSeconds, sendRatePerSecond }: { dailyLimit: number; cooldownSeconds: number; sendRatePerSecond: number }) {
  const [state, form, pending, feedbackId] = useFormAction<FormState>(saveLimits, {});
  return (
    <form {...form} className="grid gap-3 sm:grid-cols-2">
      <input type="hidden" name="loaded" value={JSON.stringify({ dailyLimit, cooldownSeconds, sendRatePerSecond })} />
      <div>
        <label htmlFor="daily-limit" className="block text-sm font-medium">Daily limit per number</label>
        <input id="daily-limit" name="dailyLimit" type="number" min={1} step={1} required defaultValue={dailyLimit} className={INPUT_CLASS} aria-describedby="daily-limit-hint" />
        <p id="daily-limit-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">Messages beyond it (per UTC day) are stored and flagged, with no reply.</p>
      </div>
      <div>
        <label htmlFor="cooldown" className="block text-sm font-medium">Cooldown between auto-replies (seconds)</label>
        <input id="cooldown" name="cooldownSeconds" type="number" min={0} step="any" required defaultValue={cooldownSeconds} className={INPUT_CLASS} aria-describedby="cooldown-hint" />
        <p id="cooldown-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">Greetings, unrecognised text and keyword-rule replies inside it are stored without a reply (two auto-responders cannot bounce off each other); commands (HELP, STATUS, ACK, STOP…) are always answered.</p>
      </div>
      <div>
        <label htmlFor="send-rate" className="block text-sm font-medium">Outbound messages per second</label>
        <input id="send-rate" name="sendRatePerSecond" type="number" min={1} max={1000} step={1} required defaultValue={sendRatePerSecond} className={INPUT_CLASS} aria-describedby="send-rate-hint" />
        <p id="send-rate-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">The send queue never starts more than this; WhatsApp senders allow about 80.</p>
      </div>
      <div className="flex items-center gap-3 sm:col-span-2">
        <BusyButton type="submit" busy={pending} className={PRIMARY_BUTTON_CLASS}>{pending ? "Saving…" : "Save limits"}</BusyButton>
        <FormFeedback state={state} id={feedbackId} />
      </div>
    </form>
  );
}

export function IpAllowListForm({ cidrs }: { cidrs: string[] }) {
  const [state, form, pending, feedbackId] = useFormAction<FormState>(saveIpAllowList, {});
  return (
    <form {...form} className="space-y-3">
      <input type="hidden" name="loaded" value={JSON.stringify({ ipAllowList: cidrs })} />
      <div>
        <label htmlFor="ip-allow-list" className="block text-sm font-medium">Allowed addresses (one CIDR per line)</label>
        <textarea id="ip-allow-list" name="ipAllowList" rows={3} defaultValue={cidrs.join("\n")} placeholder="Empty: any address (signatures are still required)" className={`${INPUT_CLASS} font-mono`} aria-describedby="ip-allow-list-hint" />
        <p id="ip-allow-list-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          Requests from other addresses are refused with 403. Behind a reverse proxy set TRUST_PROXY=true so the client address is known.
        </p>
      </div>
      <div className="flex items-center gap-3">
        <BusyButton type="submit" busy={pending} className={PRIMARY_BUTTON_CLASS}>{pending ? "Saving…" : "Save allow-list"}</BusyButton>
        <FormFeedback state={state} id={feedbackId} />
      </div>
    </form>
  );
}

export function ReminderSettingsForm({ leadDays, templateSid, approvalTemplateSid }: { leadDays: number[]; templateSid: string; approvalTemplateSid: string }) {
  const [state, form, pending, feedbackId] = useFormAction<FormState>(saveReminderSettings, {});
  return (
    <form {...form} className="grid gap-3 sm:grid-cols-2" aria-label="Reminder settings">
      <input type="hidden" name="loaded" value={JSON.stringify({ expiryLeadDays: leadDays, expiryTemplateSid: templateSid, approvalTemplateSid })} />
      <div>
        <label htmlFor="lead-days" className="block text-sm font-medium">Expiry reminders (days before)</label>
        <input id="lead-days" name="expiryLeadDays" required defaultValue={leadDays.join(", ")} className={INPUT_CLASS} aria-describedby="lead-days-hint" />
        <p id="lead-days-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">A daily check WhatsApps each certificate holder once at each lead time.</p>
      </div>
      <div>
        <label htmlFor="expiry-template" className="block text-sm font-medium">Reminder template Content SID</label>
        <input id="expiry-template" name="expiryTemplateSid" defaultValue={templateSid} placeholder="HX… (empty: free text)" className={`${INPUT_CLASS} font-mono`} aria-describedby="expiry-template-hint" />
        <p id="expiry-template-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">Variables 1, 2, 3: name, certificate, expiry date. Needed for anyone who has not written in 24 hours.</p>
      </div>
      <div className="sm:col-start-2">
        <label htmlFor="approval-template" className="block text-sm font-medium">Approval request template Content SID</label>
        <input id="approval-template" name="approvalTemplateSid" defaultValue={approvalTemplateSid} placeholder="HX… (empty: free text)" className={`${INPUT_CLASS} font-mono`} aria-describedby="approval-template-hint" />
        <p id="approval-template-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          For “Notify approver” to someone who has not written in 24 hours. Variables 1–4: request number, title, reference, requested by.
        </p>
      </div>
      <div className="flex items-center gap-3 sm:col-span-2">
        <BusyButton type="submit" busy={pending} className={PRIMARY_BUTTON_CLASS}>{pending ? "Saving…" : "Save reminder settings"}</BusyButton>
        <FormFeedback state={state} id={feedbackId} />
      </div>
    </form>
  );
}
