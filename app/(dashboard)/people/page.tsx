import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requirePageUser } from "@/lib/auth/current";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage() {
  await requirePageUser();
  return (
    <>
      <PageHeader title="People" description="Employees, their WhatsApp numbers and compliance records." />
      <EmptyState title="Coming soon">
        <p>Add employees and import them from CSV here, with their certificates and declarations, so STATUS, PENDING and NISM can answer from real records.</p>
      </EmptyState>
    </>
  );
}
