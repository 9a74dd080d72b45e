import { ForbiddenPage } from "@/components/status-page";

export default function DashboardForbidden() {
  return <ForbiddenPage landmark="div" />;
}
