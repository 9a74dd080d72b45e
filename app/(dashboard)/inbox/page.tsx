import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requirePageUser } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage() {
  await requirePageUser();
  return (
    <>
      <PageHeader title="Inbox" description="Every WhatsApp message, received and sent." />
      <EmptyState title="Coming soon">
        <p>Messages will appear here once incoming messages are enabled in Settings and Twilio posts to the webhook URL. Filters, search, threads, replies and CSV export arrive with the inbox.</p>
      </EmptyState>
    </>
  );
}
