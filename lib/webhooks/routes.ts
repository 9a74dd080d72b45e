import { appDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { handleIncomingRequest, handleStatusRequest } from "./handlers";

/** Route-handler entry points: the app's database and environment around the plain handlers. */
export const incomingRoute = (request: Request) => handleIncomingRequest(request, { db: appDb(), env: getEnv() });
export const statusRoute = (request: Request) => handleStatusRequest(request, { db: appDb(), env: getEnv() });
