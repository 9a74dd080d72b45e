import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EmptyState } from "@/components/empty-state";
import { LiveRefresh } from "@/components/live-refresh";
import { PageHeader } from "@/components/page-header";
import { StatusBadge } from "@/components/status-badge";
import { TimeAgo } from "@/components/time-ago";
import { SECTION_CLASS } from "@/components/ui";
import { recordTitle } from "../../record-title";
import { campaignProgress, findCampaign, recipientsOf, roundsProgress } from "@/db/queries/campaigns";
import { requirePageUser } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { threadHref } from "@/lib/inbox/phone-path";
import { findUserById } from "@/db/queries/users";
import { userName } from "@/lib/workflows/approvals";
import { everyoneAcknowledged, notSentSummary, refusalLabel, summariseProgress } from "@/lib/workflows/campaign-progress";
import { lastRoundOf, remindAgainAudience, templateVariablesLine } from "@/lib/workflows/campaigns";
import { recordIdSegment } from "@/lib/http/record-id";
import { RemindAgain } from "./remind-again";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const id = recordIdSegment((await params).id);
  return recordTitle("Campaign", () => (id === undefined ? undefined : findCampaign(appDb(), id)?.name));
}

const FOLLOW_SENDS_MS = 15 * 60 * 1000;
const AWAIT_ACKS_MS = 7 * 24 * 60 * 60 * 1000;

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser();
  const id = recordIdSegment((await params).id);
  const db = appDb();
  const campaign = id === undefined ? undefined : findCampaign(db, id);
  if (!campaign) notFound();
  const progress = campaignProgress(db, campaign.id);
  const recipients = recipientsOf(db, campaign.id);
  const { reached, label, sentLine, offRecord } = summariseProgress(progress);
  const open = recipients.filter((recipient) => !recipient.acknowledgedAt && !recipient.skipped);
  // Refused by the send queue: never sent, so nothing to acknowledge, and not in Remind again while the reason holds.
  const notSent = open.filter((recipient) => recipient.status === "refused");
  const waiting = open.filter((recipient) => recipient.status !== "refused");
  // Remind again goes to whoever the send queue would not refuse now; the others are held back, with the reason.
  const audience = remindAgainAudience(db, campaign, recipients);
  const remindable = new Set(audience.remindable.map((recipient) => recipient.id));
  const heldBack = new Map(audience.heldBack.map(({ recipient, reason }) => [recipient.id, reason]));
  const round = lastRoundOf(campaign);
  const roundBy = round.byUserId === null ? undefined : findUserById(db, round.byUserId);
  const acknowledged = recipients.flatMap((recipient) => (recipient.acknowledgedAt ? [{ recipient, at: recipient.acknowledgedAt }] : []));
  const age = new Date().getTime() - campaign.createdAt.getTime();
  const moving = progress.queued > 0 || (progress.sent > progress.read && age < FOLLOW_SENDS_MS);
  // Acknowledgements are awaited for a week; an old campaign left open in a tab stops asking.
  const awaiting = waiting.length > 0 && age < AWAIT_ACKS_MS;
  const counts = [
    ["Sent", progress.sent],
    ["Delivered", progress.delivered],
    ["Read", progress.read],
    ["Acknowledged", progress.acknowledged],
    ["Failed", progress.failed],
    ["Not sent", progress.refused],
    ["Skipped (opted out)", progress.skipped],
  ] as const;
  const messaged = reached - progress.refused;
  // Remind again replaces each person's latest message: the rounds keep what every earlier one reached.
  const rounds = roundsProgress(db, campaign.id);
  // Campaigns reminded before rounds were kept know only each person's latest message: their own send may be missing.
  const firstRound = rounds[0] && rounds[0].at.getTime() === campaign.createdAt.getTime() ? 1 : 2;
  const number = (value: number) => value.toLocaleString("en");
  return (
    <>
      {/* Fast while sends move (read receipts may never come: not for ever), then slowly while ACKs are awaited. */}
      <LiveRefresh active={moving || awaiting} intervalMs={moving ? 2_000 : 10_000} />
      <p className="mb-3 text-sm"><Link href="/reminders" className="text-emerald-700 underline dark:text-emerald-400">← Reminders</Link></p>
      <PageHeader title={campaign.name} description={campaign.contentSid ? `Template ${campaign.template ? `“${campaign.template.name}” (${campaign.contentSid})` : campaign.contentSid} · ${templateVariablesLine(campaign.template)}` : campaign.body}>
        <RemindAgain campaignId={campaign.id} count={remindable.size}>
          <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="last-round">
            {round.kind === "sent" ? "Sent" : "Last reminded"} <TimeAgo date={round.at} />
            {roundBy ? ` by ${userName(roundBy)}` : ""}
          </p>
        </RemindAgain>
      </PageHeader>
      <section aria-label="Progress" className={SECTION_CLASS}>
        <div className="mb-2 flex justify-between text-sm">
          <span data-testid="progress-label">{label}</span>
          <span className="tabular-nums">{sentLine}</span>
        </div>
        {/* Sent fills it in green; the failed and the never sent follow in their own colours, so a refusal never reads as sent. */}
        <div role="progressbar" aria-label="Messages sent" aria-valuemin={0} aria-valuemax={reached} aria-valuenow={progress.sent} aria-valuetext={sentLine} className="flex h-2 overflow-hidden rounded bg-slate-100 dark:bg-slate-800">
          <div className="h-2 bg-emerald-600 transition-all" style={{ width: `${reached ? (progress.sent / reached) * 100 : 100}%` }} />
          <div className="h-2 bg-rose-600 transition-all" style={{ width: `${reached ? (progress.failed / reached) * 100 : 0}%` }} />
          <div className="h-2 bg-amber-500 transition-all" style={{ width: `${reached ? (progress.refused / reached) * 100 : 0}%` }} />
        </div>
        {offRecord > 0 ? (
          <p className="mt-2 text-xs text-slate-600 dark:text-slate-400" data-testid="off-record">
            {offRecord === 1 ? "1 message is" : `${number(offRecord)} messages are`} no longer on record (purged or erased), so {offRecord === 1 ? "its status is" : "their statuses are"} unknown.
          </p>
        ) : null}
        <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
          {counts.map(([label, value]) => (
            <div key={label}><dt className="text-xs text-slate-600 dark:text-slate-400">{label}</dt><dd className="text-xl font-semibold tabular-nums" data-count={label}>{number(value)}</dd></div>
          ))}
        </dl>
        {rounds.length > 1 ? (
          <div className="mt-4 overflow-x-auto">
            <table aria-label="Rounds" className="w-full text-sm tabular-nums">
              <caption className="mb-1 text-left text-xs text-slate-600 dark:text-slate-400">Each round&apos;s messages; the counts above are each person&apos;s latest message.</caption>
              <thead className="text-left text-xs text-slate-600 dark:text-slate-400">
                <tr>{["Round", "Sent to", "Sent", "Delivered", "Read", "Failed", "Not sent"].map((heading) => <th key={heading} scope="col" className="py-1 pr-3 font-medium">{heading}</th>)}</tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {rounds.map((row, index) => (
                  <tr key={row.at.getTime()} data-round={index + firstRound}>
                    <th scope="row" className="py-1 pr-3 text-left font-normal">Round {index + firstRound} · <TimeAgo date={row.at} /></th>
                    {[row.total, row.sent, row.delivered, row.read, row.failed, row.refused].map((value, column) => <td key={column} className="py-1 pr-3">{number(value)}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {notSent.length > 0 ? (
          <p className="mt-2 text-sm text-amber-900 dark:text-amber-200" data-testid="not-sent">
            Not sent: {notSentSummary(notSent.map((recipient) => recipient.errorMessage))}.
          </p>
        ) : null}
      </section>
      <section aria-labelledby="waiting-heading" className={`${SECTION_CLASS} mt-6`}>
        <h2 id="waiting-heading" className="mb-3 text-lg font-semibold">Not acknowledged yet ({number(waiting.length)})</h2>
        {waiting.length === 0 ? (
          reached === 0 ? (
            <EmptyState level={3} title="Nobody to wait for">Everyone in the audience had opted out, so nothing was sent.</EmptyState>
          ) : messaged === 0 ? (
            <EmptyState level={3} title="Nobody to wait for">It could not be sent to anyone: see Not sent below.</EmptyState>
          ) : (
            <EmptyState level={3} title="Everyone has acknowledged">{everyoneAcknowledged(messaged)}</EmptyState>
          )
        ) : (
          <ul aria-label="Not acknowledged" className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {waiting.map((recipient) => (
              <li key={recipient.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <Link href={threadHref(recipient.employee.phone)} className="text-emerald-800 underline-offset-2 hover:underline dark:text-emerald-300">{recipient.employee.name}</Link>
                <span className="flex items-center gap-2">
                  {recipient.reminders > 1 ? <span className="text-xs text-slate-500 dark:text-slate-400">reminded {recipient.reminders}×</span> : null}
                  {heldBack.has(recipient.id) ? <span className="text-xs text-slate-600 dark:text-slate-400">cannot be reminded now: {refusalLabel(heldBack.get(recipient.id) ?? null)}</span> : null}
                  {recipient.status ? <StatusBadge status={recipient.status} errorCode={recipient.errorCode} /> : <span className="text-xs text-slate-500 dark:text-slate-400">message no longer on record</span>}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {notSent.length > 0 ? (
        <section aria-labelledby="not-sent-heading" className={`${SECTION_CLASS} mt-6`}>
          <h2 id="not-sent-heading" className="mb-1 text-lg font-semibold">Not sent ({number(notSent.length)})</h2>
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">Refused before reaching Twilio. Remind again includes them again once the reason no longer holds (they write in, send START, or are unblocked).</p>
          <ul aria-label="Not sent" className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {notSent.map((recipient) => (
              <li key={recipient.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <Link href={threadHref(recipient.employee.phone)} className="text-emerald-800 underline-offset-2 hover:underline dark:text-emerald-300">{recipient.employee.name}</Link>
                <span className="flex items-center gap-2">
                  <span className="text-xs text-slate-600 dark:text-slate-400">{remindable.has(recipient.id) ? "can be reminded now" : refusalLabel(heldBack.get(recipient.id) ?? recipient.errorMessage)}</span>
                  <StatusBadge status="refused" errorMessage={recipient.errorMessage} />
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="acked-heading" className={`${SECTION_CLASS} mt-6`}>
        <h2 id="acked-heading" className="mb-3 text-lg font-semibold">Acknowledged ({number(progress.acknowledged)})</h2>
        {acknowledged.length === 0 ? (
          <EmptyState level={3} title="No acknowledgements yet">
            {reached === 0 ? "Nothing was sent, so there is nothing to acknowledge." : "People appear here, with the time, as they reply ACK on WhatsApp."}
          </EmptyState>
        ) : (
          <ul aria-label="Acknowledged" className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {acknowledged.map(({ recipient, at }) => (
              <li key={recipient.id} className="flex justify-between py-2"><span>{recipient.employee.name}</span><TimeAgo date={at} /></li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
