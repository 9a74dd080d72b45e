import { PageLoading } from "@/components/page-loading";
import { PAGE_HEADERS } from "../page-headers";

export default function Loading() {
  return <PageLoading header={PAGE_HEADERS.users} />;
}
