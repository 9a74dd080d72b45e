import type { Metadata } from "next";
import { currentUser } from "@/lib/auth/current";

/**
 * The tab title of a page about one record: its name for someone signed in (nothing about a record
 * is shown to anyone else), "Page not found" when there is no such record, so a 404 does not keep
 * the title of the page it replaced.
 */
export async function recordTitle(fallback: string, find: () => string | undefined): Promise<Metadata> {
  const name = find();
  if (name === undefined) return { title: "Page not found" };
  return { title: (await currentUser()) ? name : fallback };
}
