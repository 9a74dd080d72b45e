import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { setupSteps } from "@/lib/settings/setup-steps";
import { overviewCounts } from "@/db/queries/overview";
import { requirePageUser } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getSettings } from "@/lib/settings";

export const metadata: Metadata = { title: "Overview" };

function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

const STEP_MARKS = { done: { icon: "✔", said: "Done:" }, todo: { icon: "○", said: "To do:" }, later: { icon: "–", said: "Later:" } } as const;

export default async function OverviewPage() {
  const user = await requirePageUser();
  const db = appDb();
  const counts = overviewCounts(db, startOfUtcDay(new Date()));
  const settings = getSettings(db);
  const env = getEnv();
  const stats = [
    { label: "Received today", value: counts.receivedToday },
    { label: "Sent today", value: counts.sentToday },
    { label: "Senders today", value: counts.sendersToday },
    { label: "Contacts", value: counts.contacts },
  ];
  const steps = setupSteps({ incomingEnabled: settings.incomingEnabled, publicBaseUrl: Boolean(env.publicBaseUrl), liveCredentials: Boolean(env.twilio), anyInbound: counts.anyInbound }).filter(
    (step) => user.role === "admin" || !step.adminOnly,
  );

  return (
    <>
      <PageHeader title="Overview" description="Today on the WhatsApp channel (UTC day)." />
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {stats.map((stat) => (
          <div key={stat.label} className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <dt className="text-sm text-slate-600 dark:text-slate-400">{stat.label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{stat.value.toLocaleString("en")}</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="setup" className="mt-6 rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
        <h2 id="setup" className="mb-3 text-lg font-semibold">Getting set up</h2>
        <ul className="space-y-2 text-sm">
          {steps.map((step) => (
            <li key={step.text} className="flex items-center gap-2">
              <span aria-hidden="true" className={step.state === "done" ? "text-emerald-600" : "text-slate-400"}>{STEP_MARKS[step.state].icon}</span>
              <span className="sr-only">{STEP_MARKS[step.state].said}</span>
              {step.state === "done" ? <span>{step.text}</span> : <Link href={step.href} className={step.state === "later" ? "text-slate-600 underline dark:text-slate-400" : "text-emerald-700 underline dark:text-emerald-400"}>{step.text}</Link>}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
