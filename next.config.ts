import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3"],
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real 403 for staff on admin-only pages.
    authInterrupts: true,
  },
};

export default nextConfig;
