import { InboxSkeleton } from "../skeleton";

export default function Loading() {
  return <InboxSkeleton />;
}
