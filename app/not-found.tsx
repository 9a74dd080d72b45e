import { NotFoundPage } from "@/components/status-page";

export default function NotFound() {
  return <NotFoundPage landmark="main" />;
}
