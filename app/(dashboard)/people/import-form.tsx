"use client";

import { useEffect, useRef, useState } from "react";
import { BusyButton } from "@/components/busy-button";
import { FormFeedback } from "@/components/form-feedback";
import { useAnswerUntilChanged, useFormAction } from "@/components/use-form-action";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS, SECONDARY_BUTTON_CLASS } from "@/components/ui";
import { MAX_IMPORT_BYTES, IMPORT_TOO_LARGE } from "@/lib/csv/parse";
import { columnsText, importButtonLabel } from "@/lib/workflows/import-wording";
import { importPeople, type PreviewState } from "./actions";

const COLUMNS: Record<string, string> = {
  people: "name, employee_code, phone, department, manager_code, approver (yes/no), active (yes/no)",
  certificates: "employee_code, name, number, issued_on, expires_on (dates as 2026-12-31)",
  declarations: "employee_code, type, period, status (pending/submitted/overdue), due_on, submitted_on",
};

/**
 * Choose a CSV, preview every row with its problems, then import all of it or nothing.
 * `headingId`: the section's heading (focusable), where focus goes once an import is done.
 */
export function ImportForm({ headingId }: { headingId: string }) {
  // Only an import clears the form: a preview or a refusal keeps the chosen file in its field.
  const [answer, form, pending] = useFormAction<PreviewState>(importPeople, {}, (state) => Boolean(state.committed));
  // A preview is of one file read as one kind of record; another file or kind needs its own.
  const [state, inputChanged] = useAnswerUntilChanged(answer, {});
  const [kind, setKind] = useState("people");
  const [fileName, setFileName] = useState("");
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const preview = state.preview;
  // Import's button goes with its answer (done, or rows now refused): focus moves on deliberately
  // instead of falling to the page, to the heading after an import, else to the preview saying why.
  const importing = useRef(false);
  const previewRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!importing.current) return;
    importing.current = false;
    if (answer.committed) document.getElementById(headingId)?.focus();
    else if (document.activeElement === document.body || document.activeElement === null) previewRef.current?.focus();
  }, [answer, headingId]);
  return (
    <form
      {...form}
      onReset={() => {
        setFileName("");
        setKind("people");
        setFileProblem(null);
      }}
      className="space-y-3"
      aria-label="Import from CSV"
    >
      <div className="grid gap-3 sm:grid-cols-[12rem_1fr]">
        <div>
          <label htmlFor="import-kind" className="block text-sm font-medium">What to import</label>
          <select
            id="import-kind"
            name="kind"
            value={kind}
            onChange={(event) => {
              setKind(event.target.value);
              inputChanged();
            }}
            className={INPUT_CLASS}
          >
            <option value="people">People</option>
            <option value="certificates">Certificates</option>
            <option value="declarations">Declarations</option>
          </select>
        </div>
        <div>
          <label htmlFor="import-file" className="block text-sm font-medium">CSV file</label>
          <input
            id="import-file"
            // Sent as bytes, not read to text here: the server tells UTF-8 from Excel's Windows-1252 and says which it used.
            name="file"
            type="file"
            // .txt: what Excel names its "Unicode text" (UTF-16, tab-separated) export.
            accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
            className={INPUT_CLASS}
            aria-describedby="import-file-problem"
            onChange={(event) => {
              const file = event.target.files?.[0];
              inputChanged();
              setFileName(file?.name ?? "");
              // Checked here too: a file past the action's body limit would never reach it to be told.
              setFileProblem(file && file.size > MAX_IMPORT_BYTES ? IMPORT_TOO_LARGE : null);
            }}
          />
          {fileProblem ? <p id="import-file-problem" role="alert" className="mt-1 text-sm text-rose-700 dark:text-rose-300">{fileProblem}</p> : null}
        </div>
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">Columns: {COLUMNS[kind]}.</p>
      <div className="flex flex-wrap items-center gap-2">
        <BusyButton type="submit" name="intent" value="preview" busy={pending} disabled={!fileName || Boolean(fileProblem)} className={SECONDARY_BUTTON_CLASS}>
          Preview
        </BusyButton>
        {preview && preview.invalid === 0 && preview.missingColumns.length === 0 && preview.valid > 0 && !state.committed ? (
          <BusyButton type="submit" name="intent" value="commit" busy={pending} onClick={() => (importing.current = true)} className={PRIMARY_BUTTON_CLASS}>{importButtonLabel(preview.valid)}</BusyButton>
        ) : null}
        {fileName ? <span className="text-sm text-slate-600 dark:text-slate-400">{fileName}</span> : null}
        <FormFeedback state={state} />
      </div>
      {preview ? (
        <div ref={previewRef} tabIndex={-1} role="region" aria-label="Import preview" className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-800">
          <p className="mb-2 font-medium">
            {preview.valid.toLocaleString("en")} valid, {preview.invalid.toLocaleString("en")} with problems
            {preview.missingColumns.length ? ` · missing ${columnsText(preview.missingColumns)}` : ""}
          </p>
          <ul className="max-h-64 divide-y divide-slate-100 overflow-y-auto dark:divide-slate-800">
            {preview.rows.map((row) => (
              <li key={row.line} className="flex gap-3 py-1">
                <span className="w-14 shrink-0 text-slate-500 dark:text-slate-400 tabular-nums">Line {row.line}</span>
                <span className="min-w-0 flex-1 truncate">{row.summary}</span>
                <span className={row.errors.length ? "text-rose-700 dark:text-rose-300" : "text-emerald-700 dark:text-emerald-400"}>{row.errors.length ? row.errors.join("; ") : "ok"}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </form>
  );
}
