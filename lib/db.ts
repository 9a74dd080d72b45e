import { getDb, type Db } from "@/db/client";
import { getEnv } from "./env";

/** The app's database, at DATABASE_PATH. */
export function appDb(): Db {
  return getDb(getEnv().databasePath);
}
