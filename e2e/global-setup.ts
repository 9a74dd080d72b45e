import { ensureBuild } from "../scripts/build-if-needed";
import { startServer } from "../tests/support/server";
import { ADMIN } from "./credentials";

/** One production server with a fresh database for the whole e2e run; its URL reaches the workers through the environment. */
export default async function globalSetup() {
  await ensureBuild();
  const server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  process.env.E2E_BASE_URL = server.baseUrl;
  process.env.E2E_DATABASE_PATH = server.databasePath;
  return async () => {
    await server.stop();
  };
}
