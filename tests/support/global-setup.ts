import { ensureBuild } from "../../scripts/build-if-needed";

/** Build once before any test starts a server, so parallel test files never race to build. */
export default async function setup() {
  await ensureBuild();
}
