import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requirePageUser } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Analytics" };

export default async function AnalyticsPage() {
  await requirePageUser();
  return (
    <>
      <PageHeader title="Analytics" description="Command frequency, volume and delivery health." />
      <EmptyState title="Coming soon">
        <p>Charts of the most common commands, volume over time and the delivery funnel will appear here once messages flow.</p>
      </EmptyState>
    </>
  );
}
