import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3"],
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real 403 for staff on admin-only pages.
    authInterrupts: true,
    serverActions: {
      // A 2 MB CSV import (lib/csv/parse.ts MAX_IMPORT_BYTES) plus its form encoding; past the limit
      // Next refuses the request before the action could explain why.
      bodySizeLimit: "3mb",
    },
  },
};

export default nextConfig;
