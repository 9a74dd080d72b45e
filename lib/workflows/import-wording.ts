import { plural } from "@/lib/text";

/** What an import brings in: people, or one person's certificates or declarations. */
export type ImportKind = "people" | "certificates" | "declarations";

const ONE: Record<ImportKind, string> = { people: "person", certificates: "certificate", declarations: "declaration" };

/** "Imported 1 person.", "Imported 12 certificates.": the import's answer once it committed. */
export function importedMessage(kind: ImportKind, count: number): string {
  return `Imported ${plural(count, ONE[kind], kind)}.`;
}

/** The commit button, its count as the preview shows it: "Import 1 row", "Import 9,000 rows". */
export function importButtonLabel(rows: number): string {
  return `Import ${rows.toLocaleString("en")} ${rows === 1 ? "row" : "rows"}`;
}

/** "column: a" or "columns: a, b": the file's missing columns after a word that says so. */
export function columnsText(columns: string[]): string {
  return `${columns.length === 1 ? "column" : "columns"}: ${columns.join(", ")}`;
}
