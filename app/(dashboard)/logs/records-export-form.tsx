"use client";

import { useState } from "react";
import { INPUT_CLASS, SECONDARY_BUTTON_CLASS } from "@/components/ui";

/**
 * A plain GET to the export route, so the browser downloads the bundle itself. Each day bounds the
 * other (From at most To), so the browser refuses a backwards range before the route has to.
 */
export function RecordsExportForm({ problem }: { problem?: string }) {
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  return (
    <form method="get" action="/logs/records-export" className="mb-4 flex flex-wrap items-end gap-2" aria-label="Export for regulators">
      <div>
        <label htmlFor="export-from" className="block text-sm font-medium">From</label>
        <input id="export-from" name="from" type="date" required max={to || undefined} value={from} onChange={(event) => setFrom(event.target.value)} className={INPUT_CLASS} />
      </div>
      <div>
        <label htmlFor="export-to" className="block text-sm font-medium">To</label>
        <input id="export-to" name="to" type="date" required min={from || undefined} value={to} onChange={(event) => setTo(event.target.value)} className={INPUT_CLASS} />
      </div>
      <button type="submit" className={SECONDARY_BUTTON_CLASS}>Download signed bundle</button>
      {problem ? <p role="alert" className="basis-full text-sm text-rose-700 dark:text-rose-300">{problem}</p> : null}
    </form>
  );
}
