import { ForbiddenPage } from "@/components/status-page";

export default function Forbidden() {
  return <ForbiddenPage landmark="main" />;
}
