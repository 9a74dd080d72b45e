import type { Metadata } from "next";
import { headers } from "next/headers";
import { AuditList } from "@/components/audit-list";
import { CopyButton } from "@/components/copy-button";
import { PageHeader } from "@/components/page-header";
import { recentAuditForActions } from "@/db/queries/audit";
import { requirePageUser } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { requestOrigin } from "@/lib/http/forwarded";
import { getSettings } from "@/lib/settings";
import { webhookUrls } from "@/lib/webhooks/urls";
import { setIncomingEnabled, setWebhookTokenEnabled } from "./actions";
import { RegenerateToken } from "./regenerate-token";
import { SettingSwitch } from "./setting-switch";

export const metadata: Metadata = { title: "Settings" };

const SECTION = "rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900";

export default async function SettingsPage() {
  await requirePageUser("admin");
  const db = appDb();
  const env = getEnv();
  const settings = getSettings(db);
  const base = env.publicBaseUrl ?? requestOrigin(await headers());
  const urls = webhookUrls(base, settings);
  const history = recentAuditForActions(db, "settings.", 15);
  const publicHttps = base.startsWith("https://") && !/\/\/(localhost|127\.|\[::1\])/.test(base);

  return (
    <>
      <PageHeader title="Settings" description="Incoming messages, the URLs Twilio calls, and your Twilio connection." />
      <div className="space-y-6">
        <section aria-labelledby="incoming-heading" className={SECTION}>
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

        <section aria-labelledby="token-heading" className={SECTION}>
          <h2 id="token-heading" className="mb-4 text-lg font-semibold">
            Secret URL token
          </h2>
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
        </section>

        <section aria-labelledby="twilio-heading" className={SECTION}>
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

        <section aria-labelledby="history-heading" className={SECTION}>
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
