import type { Metadata } from "next";
import Link from "next/link";
import { CommandChart } from "@/components/charts/command-chart";
import { VolumeChart } from "@/components/charts/volume-chart";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { INPUT_CLASS, SECONDARY_BUTTON_CLASS, SECTION_CLASS } from "@/components/ui";
import { parsePeriod, PERIODS, type PeriodKey } from "@/lib/analytics/period";
import { reminderAckRates } from "@/lib/analytics/reminders";
import { analyticsReport } from "@/lib/analytics/report";
import { requirePageUser } from "@/lib/auth/current";
import { appDb } from "@/lib/db";

const CAMPAIGNS_SHOWN = 20;

export const metadata: Metadata = { title: "Analytics" };

const number = (value: number) => value.toLocaleString("en");
const percent = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : "—");

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <dt className="text-sm text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
      {hint ? <dd className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">{hint}</dd> : null}
    </div>
  );
}

export default async function AnalyticsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const period = parsePeriod(await searchParams);
  const db = appDb();
  const report = analyticsReport(db, period);
  const reminders = reminderAckRates(db, period, CAMPAIGNS_SHOWN);
  const { totals, funnel } = report;
  const funnelSteps = [
    { label: "Sent", value: funnel.sent },
    { label: "Delivered", value: funnel.delivered },
    { label: "Read", value: funnel.read },
  ];

  return (
    <>
      <PageHeader title="Analytics" description={`Is the channel healthy, and are people answering? Times are UTC. Showing: ${period.label}.`} />
      {period.notice ? (
        <p role="note" aria-label="About the period" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          {period.notice}
        </p>
      ) : null}
      <nav aria-label="Period" className="mb-6 flex flex-wrap items-end gap-3">
        <ul className="flex flex-wrap gap-1">
          {(Object.keys(PERIODS) as PeriodKey[])
            .filter((key) => key !== "custom")
            .map((key) => (
              <li key={key}>
                <Link
                  href={`/analytics?period=${key}`}
                  aria-current={period.key === key ? "page" : undefined}
                  className={`block rounded-md px-3 py-1.5 text-sm font-medium ${period.key === key ? "bg-emerald-700 text-white" : "border border-slate-300 bg-white hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800"}`}
                >
                  {PERIODS[key]}
                </Link>
              </li>
            ))}
        </ul>
        <form method="get" action="/analytics" className="flex flex-wrap items-end gap-2" aria-label="Custom period">
          <input type="hidden" name="period" value="custom" />
          <div>
            <label htmlFor="period-from" className="block text-xs font-medium text-slate-600 dark:text-slate-400">From</label>
            <input id="period-from" name="from" type="date" required defaultValue={period.customFrom} className={`${INPUT_CLASS} mt-0`} />
          </div>
          <div>
            <label htmlFor="period-to" className="block text-xs font-medium text-slate-600 dark:text-slate-400">To</label>
            <input id="period-to" name="to" type="date" required defaultValue={period.customTo} className={`${INPUT_CLASS} mt-0`} />
          </div>
          <button type="submit" className={SECONDARY_BUTTON_CLASS} aria-current={period.key === "custom" ? "page" : undefined}>Custom</button>
        </form>
      </nav>

      <section aria-label="Headline numbers">
        <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          <Stat label="Received today" value={number(report.today.received)} />
          <Stat label="Sent today" value={number(report.today.sent)} />
          <Stat label={`Received, ${period.label.toLowerCase()}`} value={number(totals.received)} />
          <Stat label={`Sent, ${period.label.toLowerCase()}`} value={number(totals.sent)} />
          <Stat label="Unique senders" value={number(totals.uniqueSenders)} />
          <Stat label="Opted out (people, still opted out)" value={number(totals.optOuts)} />
          <Stat label="Failed or undelivered" value={number(totals.failures)} hint={percent(totals.failures, funnel.attempted) + " of sent"} />
          <Stat label="Reply rate" value={totals.replyRate === null ? "—" : `${(totals.replyRate * 100).toFixed(1)}%`} hint={`Median delivery ${totals.medianLatency ?? "—"}`} />
        </dl>
      </section>

      <div className="mt-6 grid gap-6 xl:grid-cols-2">
        <section aria-labelledby="commands-heading" className={SECTION_CLASS}>
          <h2 id="commands-heading" className="mb-3 text-lg font-semibold">Most common commands</h2>
          {report.commands.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">No messages received in this period.</p>
          ) : (
            <figure>
              <CommandChart data={report.commands.slice(0, 12)} />
              <figcaption className="sr-only">Bar chart of received messages by command; the same numbers are in the table below.</figcaption>
              <table className="mt-3 w-full text-sm">
                <caption className="sr-only">Received messages by command</caption>
                <thead className="text-left text-slate-600 dark:text-slate-400">
                  <tr><th scope="col" className="py-1 font-medium">Command</th><th scope="col" className="py-1 text-right font-medium">Messages</th><th scope="col" className="py-1 text-right font-medium">Share</th></tr>
                </thead>
                <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                  {report.commands.map((row) => (
                    <tr key={row.command}><th scope="row" className="py-1 text-left font-normal">{row.command}</th><td className="py-1 text-right tabular-nums">{number(row.count)}</td><td className="py-1 text-right tabular-nums">{percent(row.count, totals.received)}</td></tr>
                  ))}
                </tbody>
              </table>
            </figure>
          )}
        </section>

        <section aria-labelledby="funnel-heading" className={SECTION_CLASS}>
          <h2 id="funnel-heading" className="mb-3 text-lg font-semibold">Delivery funnel</h2>
          {funnel.total === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">Nothing sent in this period.</p>
          ) : (
            <>
              <ol className="space-y-2" aria-label={`Of ${number(funnel.attempted)} messages sent or being sent`}>
                {funnelSteps.map((step) => (
                  <li key={step.label}>
                    <div className="flex justify-between text-sm"><span>{step.label}</span><span className="tabular-nums">{number(step.value)} · {percent(step.value, funnel.attempted)}</span></div>
                    <div className="mt-1 h-2 rounded bg-slate-100 dark:bg-slate-800" aria-hidden="true">
                      <div className="h-2 rounded bg-emerald-600" style={{ width: `${funnel.attempted ? (step.value / funnel.attempted) * 100 : 0}%` }} />
                    </div>
                  </li>
                ))}
              </ol>
              <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
                Failed {number(funnel.failed)} · undelivered {number(funnel.undelivered)} · refused before sending {number(funnel.refused)} · still in flight {number(funnel.pending)}
              </p>
              <h3 className="mt-4 mb-2 font-medium">Top error codes</h3>
              {report.errors.length === 0 ? (
                <p className="text-sm text-slate-600 dark:text-slate-400">No delivery errors in this period.</p>
              ) : (
                <table className="w-full text-sm">
                  <thead className="text-left text-slate-600 dark:text-slate-400"><tr><th scope="col" className="py-1 pr-3 font-medium">Code</th><th scope="col" className="py-1 pr-3 font-medium">Meaning</th><th scope="col" className="py-1 text-right font-medium">Messages</th></tr></thead>
                  <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                    {report.errors.map((error) => (
                      <tr key={error.code}><td className="py-1 pr-3 align-top font-mono">{error.code}</td><td className="py-1 pr-3">{error.meaning}</td><td className="py-1 text-right tabular-nums">{number(error.count)}</td></tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          )}
        </section>
      </div>

      <section aria-labelledby="volume-heading" className={`${SECTION_CLASS} mt-6`}>
        <h2 id="volume-heading" className="mb-3 text-lg font-semibold">Volume per {period.bucketLabel}</h2>
        <figure>
          <VolumeChart data={report.volume} bucket={period.bucketLabel} />
          <figcaption className="sr-only">
            Area chart of received and sent messages per {period.bucketLabel}: {number(totals.received)} received and {number(totals.sent)} sent in total.
          </figcaption>
        </figure>
      </section>

      <section aria-labelledby="reminders-heading" className="mt-6">
        <h2 id="reminders-heading" className="mb-3 text-lg font-semibold">Reminder acknowledgements</h2>
        {reminders.campaigns.length === 0 ? (
          <EmptyState title="No reminder campaigns in this period">ACK rates per campaign appear here once reminder campaigns are sent from the Reminders page.</EmptyState>
        ) : (
          <div className={`${SECTION_CLASS} overflow-x-auto`}>
            <table className="w-full text-sm">
              <thead className="text-left text-slate-600 dark:text-slate-400">
                <tr><th scope="col" className="py-1 font-medium">Campaign</th><th scope="col" className="py-1 text-right font-medium">Sent to</th><th scope="col" className="py-1 text-right font-medium">Read</th><th scope="col" className="py-1 text-right font-medium">Acknowledged</th><th scope="col" className="py-1 text-right font-medium">ACK rate</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {reminders.campaigns.map((campaign) => (
                  <tr key={campaign.id}>
                    <th scope="row" className="py-1 text-left font-normal"><Link className="text-emerald-800 underline-offset-2 hover:underline dark:text-emerald-300" href={`/reminders/${campaign.id}`}>{campaign.name}</Link></th>
                    <td className="py-1 text-right tabular-nums">{number(campaign.sentTo)}</td>
                    <td className="py-1 text-right tabular-nums">{number(campaign.read)}</td>
                    <td className="py-1 text-right tabular-nums">{number(campaign.acknowledged)}</td>
                    <td className="py-1 text-right tabular-nums">{percent(campaign.acknowledged, campaign.sentTo)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {reminders.more ? (
              <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
                The {CAMPAIGNS_SHOWN} most recent campaigns of this period; the others are on the <Link className="underline" href="/reminders">Reminders</Link> page.
              </p>
            ) : null}
          </div>
        )}
      </section>
    </>
  );
}
