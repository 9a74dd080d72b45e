import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { OlderLink } from "@/components/older-link";
import { PageHeader } from "@/components/page-header";
import { TimeAgo } from "@/components/time-ago";
import { SECTION_CLASS } from "@/components/ui";
import { campaignProgress, listCampaigns } from "@/db/queries/campaigns";
import { departments, listEmployees } from "@/db/queries/employees";
import { requirePageUser } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { getSettings } from "@/lib/settings";
import { beforeIdParam, pageOf } from "@/lib/http/page-param";
import { firstValues } from "@/lib/http/params";
import { PAGE_HEADERS } from "../../page-headers";
import { CampaignForm } from "../campaign-form";

export const metadata: Metadata = { title: "Reminders" };

const PAGE_SIZE = 50;

export default async function RemindersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const db = appDb();
  const beforeId = beforeIdParam.parse(firstValues(await searchParams).before);
  const { items, olderThan } = pageOf(listCampaigns(db, { beforeId, limit: PAGE_SIZE + 1 }), PAGE_SIZE);
  const campaigns = items.map((campaign) => ({ campaign, progress: campaignProgress(db, campaign.id) }));
  const hasPeople = listEmployees(db).length > 0;
  return (
    <>
      <PageHeader {...PAGE_HEADERS.reminders} />
      <div className="space-y-6">
        <section aria-labelledby="campaigns-heading" className={SECTION_CLASS}>
          <h2 id="campaigns-heading" className="mb-3 text-lg font-semibold">Campaigns</h2>
          {campaigns.length === 0 && beforeId === undefined ? <EmptyState title="No campaigns yet">Create one below.</EmptyState> : (
            <ul aria-label="Campaigns" className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
              {campaigns.map(({ campaign, progress }) => (
                <li key={campaign.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <Link href={`/reminders/${campaign.id}`} className="font-medium text-emerald-800 underline-offset-2 hover:underline dark:text-emerald-300">{campaign.name}</Link>
                  <span className="text-slate-600 dark:text-slate-400">
                    {progress.acknowledged.toLocaleString("en")} of {(progress.total - progress.skipped).toLocaleString("en")} acknowledged · <TimeAgo date={campaign.createdAt} />
                  </span>
                </li>
              ))}
            </ul>
          )}
          <OlderLink path="/reminders" paged={beforeId !== undefined} olderThan={olderThan} label="Campaigns" />
        </section>
        <section aria-labelledby="new-campaign" className={SECTION_CLASS}>
          <h2 id="new-campaign" className="mb-3 text-lg font-semibold">New campaign</h2>
          {hasPeople ? <CampaignForm departments={departments(db)} templates={getSettings(db).templates} /> : <p className="text-sm text-slate-600 dark:text-slate-400">Add people on the <Link className="underline" href="/people">People</Link> page first.</p>}
        </section>
      </div>
    </>
  );
}
