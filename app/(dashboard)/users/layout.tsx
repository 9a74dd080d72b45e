import { requirePageUser } from "@/lib/auth/current";

/**
 * Admins only, checked here as well as by the page: a layout renders above its segment's loading
 * boundary, before the response starts streaming, so staff get a real 403 rather than a 200 with
 * the refusal drawn in later.
 */
export default async function AdminOnlyLayout({ children }: { children: React.ReactNode }) {
  await requirePageUser("admin");
  return children;
}
