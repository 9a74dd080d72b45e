import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requirePageUser } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Reminders" };

export default async function RemindersPage() {
  await requirePageUser();
  return (
    <>
      <PageHeader title="Reminders" description="Reminder campaigns acknowledged with ACK." />
      <EmptyState title="Coming soon">
        <p>Send reminders such as “Reply ACK to confirm” and follow each employee’s delivery, read and acknowledgement progress here.</p>
      </EmptyState>
    </>
  );
}
