import { ensureBuild } from "./build-if-needed";

ensureBuild({ force: true }).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
