import { incomingRoute } from "@/lib/webhooks/routes";

export const dynamic = "force-dynamic";
export const POST = incomingRoute;
