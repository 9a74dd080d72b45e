import type { MediaItem } from "@/db/schema";

const LINK_CLASS = "mt-1 block text-emerald-800 underline dark:text-emerald-300";

/**
 * A photo is shown where it was sent, as on the phone; anything else (voice notes, PDFs, video)
 * stays a link. Only https images are inlined: that is all the page's CSP lets load, and the
 * browser falls back to the alt text when Twilio asks for credentials or the link has expired.
 */
export function MediaAttachment({ item, sender }: { item: MediaItem; sender: string }) {
  const isPhoto = item.contentType.toLowerCase().startsWith("image/") && item.url.startsWith("https://");
  if (!isPhoto) {
    return (
      <a href={item.url} target="_blank" rel="noreferrer noopener" className={LINK_CLASS}>
        📎 {item.contentType} attachment
      </a>
    );
  }
  return (
    <a href={item.url} target="_blank" rel="noreferrer noopener" className="mt-1 block" title={`Open the full ${item.contentType} image`}>
      {/* eslint-disable-next-line @next/next/no-img-element -- Twilio's media URLs are remote and unsized; next/image would proxy them through this server. */}
      <img src={item.url} alt={`Photo from ${sender} (${item.contentType})`} loading="lazy" referrerPolicy="no-referrer" className="max-h-64 max-w-full rounded-lg border border-slate-200 object-contain dark:border-slate-700" />
    </a>
  );
}
