import { NotFoundPage } from "@/components/status-page";

export default function DashboardNotFound() {
  return <NotFoundPage landmark="div" />;
}
