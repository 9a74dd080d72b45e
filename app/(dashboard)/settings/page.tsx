import type { Metadata } from "next";
import { headers } from "next/headers";
import { AuditList } from "@/components/audit-list";
import { CopyButton } from "@/components/copy-button";
import { PageHeader } from "@/components/page-header";
import { RecordSection } from "@/components/record-section";
import { recentAuditForActions } from "@/db/queries/audit";
import { SECTION_CLASS } from "@/components/ui";
import { listRules } from "@/db/queries/command-rules";
import { listBlocked } from "@/db/queries/contacts";
import { activeHolds, releasedHolds } from "@/db/queries/retention";
import { requirePageUser } from "@/lib/auth/current";
import { DEFAULT_REPLIES } from "@/lib/commands/replies";
import { appDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { requestOrigin } from "@/lib/http/forwarded";
import { getSettings } from "@/lib/settings";
import { webhookUrls } from "@/lib/webhooks/urls";
import { setIncomingEnabled, setWebhookTokenEnabled } from "./actions";
import { BlockList } from "./block-list";
import { IpAllowListForm, LimitsForm, ReminderSettingsForm } from "./limits-form";
import { RegenerateToken } from "./regenerate-token";
import { RepliesForm } from "./replies-form";
import { TemplatesList } from "./templates";
import { EraseForm, HoldForm, HoldList, PurgeForm, ReleasedHoldList, RetentionForm } from "./retention-forms";
import { AddRuleForm, RuleRow } from "./rules";
import { PAGE_HEADERS } from "../page-headers";
import { SettingSwitch } from "./setting-switch";

export const metadata: Metadata = { title: "Settings" };

const SECTION = `${SECTION_CLASS} scroll-mt-4`;
// Releases are rare; the audit trail keeps every one beyond these.
const RELEASED_SHOWN = 50;
const CONTENTS = [
  ["incoming", "Incoming messages"],
  ["security", "Webhook security"],
  ["replies", "Auto-replies"],
  ["rules", "Keyword rules"],
  ["abuse", "Limits and block list"],
  ["reminders", "Reminders and approval notices"],
  ["retention", "Retention and privacy"],
  ["twilio", "Twilio connection"],
  ["history", "Recent changes"],
] as const;

export default async function SettingsPage() {
  await requirePageUser("admin");
  const db = appDb();
  const env = getEnv();
  const settings = getSettings(db);
  const base = env.publicBaseUrl ?? requestOrigin(await headers());
  const urls = webhookUrls(base, settings);
  const history = recentAuditForActions(db, ["settings.", "rules.", "contacts.", "retention.", "privacy."], 15);
  const rules = listRules(db);
  const blocked = listBlocked(db);
  const released = releasedHolds(db, RELEASED_SHOWN + 1);
  const retention = { retentionDays: settings.retentionDays, retentionFloorDays: settings.retentionFloorDays, errorLogDays: settings.errorLogDays, statusEventDays: settings.statusEventDays };
  const publicHttps = base.startsWith("https://") && !/\/\/(localhost|127\.|\[::1\])/.test(base);

  return (
    <>
      <PageHeader {...PAGE_HEADERS.settings} />
      <nav aria-label="On this page" className="mb-6 flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {CONTENTS.map(([id, label]) => (
          <a key={id} href={`#${id}`} className="text-emerald-700 underline-offset-2 hover:underline dark:text-emerald-400">
            {label}
          </a>
        ))}
      </nav>
      <div className="space-y-6">
        <section id="incoming" aria-labelledby="incoming-heading" className={SECTION}>
          <h2 id="incoming-heading" className="mb-4 text-lg font-semibold">
            Webhook settings (incoming messages)
          </h2>
          <SettingSwitch
            label="Enable incoming messages"
            description="When off, messages are still verified and stored, but nobody gets an auto-reply and no command runs."
            checked={settings.incomingEnabled}
            action={setIncomingEnabled}
          />
          {settings.incomingEnabled ? (
            <div className="mt-6 space-y-4">
              <UrlField id="webhook-url" label="Webhook URL" value={urls.incoming} hint="Twilio: “When a message comes in”, method POST." />
              <UrlField id="status-callback-url" label="Status Callback URL" value={urls.status} hint="Twilio: “Status callback URL”, method POST." />
              {!env.publicBaseUrl ? (
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  Built from this page&apos;s address. Set <code className="font-mono">PUBLIC_BASE_URL</code> to the public origin Twilio calls
                  {publicHttps ? "" : " (Twilio needs a public HTTPS address, not localhost)"}.
                </p>
              ) : null}
            </div>
          ) : (
            <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">Turn incoming messages on to see the webhook URLs to paste into Twilio.</p>
          )}
        </section>

        <section id="security" aria-labelledby="token-heading" className={SECTION}>
          <h2 id="token-heading" className="mb-4 text-lg font-semibold">
            Webhook security
          </h2>
          <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
            Every request must carry a valid Twilio signature for its exact URL. These add further checks.
          </p>
          <SettingSwitch
            label="Require a secret URL token"
            description="Adds a secret token to both URLs; requests without it are refused, on top of Twilio's signature check."
            checked={settings.webhookTokenEnabled}
            action={setWebhookTokenEnabled}
          />
          {settings.webhookTokenEnabled ? (
            <div className="mt-4">
              <RegenerateToken />
            </div>
          ) : null}
          <div className="mt-6 border-t border-slate-200 pt-4 dark:border-slate-800">
            <IpAllowListForm cidrs={settings.ipAllowList} />
          </div>
        </section>

        <section id="replies" aria-labelledby="replies-heading" className={SECTION}>
          <h2 id="replies-heading" className="mb-4 text-lg font-semibold">
            Auto-replies
          </h2>
          <RepliesForm replies={settings.replies} defaults={DEFAULT_REPLIES} />
        </section>

        <section id="rules" aria-labelledby="rules-heading" className={SECTION}>
          <h2 id="rules-heading" tabIndex={-1} className="mb-1 text-lg font-semibold">
            Keyword rules
          </h2>
          <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
            Your own keywords and replies, checked before the built-in commands (highest priority first). STOP, START, ACK, APPROVE and REJECT are reserved: they opt out and in, and record acknowledgements and decisions. A rule may replace an informational answer such as STATUS or HELP; the form and the list say so.
          </p>
          <RecordSection headingId="rules-heading">
            {rules.length === 0 ? (
              <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">No keyword rules yet.</p>
            ) : (
              <ul aria-label="Keyword rules" className="mb-4 divide-y divide-slate-200 dark:divide-slate-800">
                {rules.map((rule) => (
                  <li key={rule.id}>
                    <RuleRow rule={rule} />
                  </li>
                ))}
              </ul>
            )}
          </RecordSection>
          <div className="border-t border-slate-200 pt-4 dark:border-slate-800">
            <h3 className="mb-3 font-medium">Add a rule</h3>
            <AddRuleForm />
          </div>
        </section>

        <section id="templates" aria-labelledby="templates-heading" className={SECTION}>
          <h2 id="templates-heading" tabIndex={-1} className="mb-1 text-lg font-semibold">
            Message templates
          </h2>
          <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
            Templates approved for your sender in Twilio (Content Template Builder). Outside a person&apos;s 24-hour window WhatsApp delivers only these; staff pick one by name in the conversation and fill in its variables.
          </p>
          <TemplatesList templates={settings.templates} headingId="templates-heading" />
        </section>

        <section id="abuse" aria-labelledby="abuse-heading" className={SECTION}>
          <h2 id="abuse-heading" className="mb-4 text-lg font-semibold">
            Limits and block list
          </h2>
          <LimitsForm dailyLimit={settings.dailyLimit} cooldownSeconds={settings.cooldownSeconds} sendRatePerSecond={settings.sendRatePerSecond} />
          <div className="mt-6 border-t border-slate-200 pt-4 dark:border-slate-800">
            <h3 className="mb-3 font-medium">Blocked numbers</h3>
            <BlockList numbers={blocked.map((contact) => ({ phone: contact.phone, profileName: contact.profileName }))} />
          </div>
        </section>

        <section id="reminders" aria-labelledby="reminders-heading" className={SECTION}>
          <h2 id="reminders-heading" className="mb-4 text-lg font-semibold">
            Reminders and approval notices
          </h2>
          <ReminderSettingsForm leadDays={settings.expiryLeadDays} templateSid={settings.expiryTemplateSid} approvalTemplateSid={settings.approvalTemplateSid} />
        </section>

        <section id="retention" aria-labelledby="retention-heading" className={SECTION}>
          <h2 id="retention-heading" className="mb-1 text-lg font-semibold">
            Retention and privacy
          </h2>
          <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
            A daily purge deletes what retention no longer requires, in small batches, never below the regulated minimum and never
            what a legal hold protects. Also from the command line: <code className="font-mono">npm run purge -- --dry-run</code>.
          </p>
          <RetentionForm values={retention} />
          <div className="mt-4"><PurgeForm key={Object.values(retention).join("-")} /></div>
          <h3 id="holds-heading" tabIndex={-1} className="mt-6 mb-2 font-medium">Legal holds</h3>
          <RecordSection headingId="holds-heading">
            <HoldList holds={activeHolds(db)} />
          </RecordSection>
          <div className="mt-3"><HoldForm /></div>
          <h4 className="mt-4 mb-1 text-sm font-medium">Released holds</h4>
          <ReleasedHoldList holds={released.slice(0, RELEASED_SHOWN)} more={released.length > RELEASED_SHOWN} />
          <h3 className="mt-6 mb-2 font-medium">Erase a number (privacy request)</h3>
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">Deletes every message, delivery event and the contact record of one number. An opt-out or a block is kept (only the number and that flag) so it is still honoured. Refused while a legal hold covers it. The audit log records the request, not the content.</p>
          <EraseForm />
        </section>

        <section id="twilio" aria-labelledby="twilio-heading" className={SECTION}>
          <h2 id="twilio-heading" className="mb-3 text-lg font-semibold">
            Twilio connection
          </h2>
          {env.twilio ? (
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-slate-600 dark:text-slate-400">Status</dt>
              <dd>
                <span className="rounded bg-emerald-100 px-2 py-0.5 font-medium text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">Credentials configured</span>
              </dd>
              <dt className="text-slate-600 dark:text-slate-400">Account SID</dt>
              <dd className="font-mono">{env.twilio.accountSid}</dd>
              <dt className="text-slate-600 dark:text-slate-400">Auth token</dt>
              <dd>Set in the environment (never shown)</dd>
              <dt className="text-slate-600 dark:text-slate-400">WhatsApp sender</dt>
              <dd className="font-mono">{env.twilioWhatsappFrom ?? "not set (TWILIO_WHATSAPP_FROM)"}</dd>
            </dl>
          ) : (
            <p className="text-sm">
              <span className="rounded bg-amber-100 px-2 py-0.5 font-medium text-amber-900 dark:bg-amber-900 dark:text-amber-100">Simulator mode</span>{" "}
              No Twilio credentials are set. Set <code className="font-mono">TWILIO_ACCOUNT_SID</code> and <code className="font-mono">TWILIO_AUTH_TOKEN</code> to talk to
              Twilio.
            </p>
          )}
        </section>

        <section id="history" aria-labelledby="history-heading" className={SECTION}>
          <h2 id="history-heading" className="mb-3 text-lg font-semibold">
            Recent changes
          </h2>
          <AuditList entries={history} emptyText="No settings have been changed yet." />
        </section>
      </div>
    </>
  );
}

function UrlField({ id, label, value, hint }: { id: string; label: string; value: string; hint: string }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <div className="mt-1 flex gap-2">
        <input
          id={id}
          readOnly
          value={value}
          aria-describedby={`${id}-hint`}
          className="min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm dark:border-slate-600 dark:bg-slate-800"
        />
        <CopyButton value={value} label={label} inputId={id} />
      </div>
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        {hint}
      </p>
    </div>
  );
}
