import type { MediaItem } from "@/db/schema";
import { loadsInPage } from "@/lib/inbox/media";

const LINK_CLASS = "mt-1 block text-emerald-800 underline dark:text-emerald-300";

/**
 * A photo is shown where it was sent, as on the phone; anything else (voice notes, PDFs, video)
 * stays a link. `href` is this server's copy of Twilio's media (which needs the account's
 * credentials) or a link Twilio does not hold; a photo from elsewhere is inlined only over https,
 * all the page's CSP lets load. The alt text stands in when the file is gone.
 */
export function MediaAttachment({ item, href, proxied, sender }: { item: MediaItem; href: string; proxied: boolean; sender: string }) {
  const isPhoto = item.contentType.toLowerCase().startsWith("image/") && loadsInPage({ href, proxied });
  if (!isPhoto) {
    return (
      <a href={href} target="_blank" rel="noreferrer noopener" className={LINK_CLASS}>
        📎 {item.contentType} attachment
      </a>
    );
  }
  return (
    <a href={href} target="_blank" rel="noreferrer noopener" className="mt-1 block" title={`Open the full ${item.contentType} image`}>
      {/* eslint-disable-next-line @next/next/no-img-element -- the media is unsized, and next/image would fetch it a second time to resize it. */}
      <img src={href} alt={`Photo from ${sender} (${item.contentType})`} loading="lazy" referrerPolicy="no-referrer" className="max-h-64 max-w-full rounded-lg border border-slate-200 object-contain dark:border-slate-700" />
    </a>
  );
}
