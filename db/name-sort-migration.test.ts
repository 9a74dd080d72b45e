import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations } from "@/db/client";
import { nameSortKey, peoplePage } from "@/db/queries/employees";
import { tempDbAt, type TempDb } from "@/tests/support/db";

let t: TempDb | undefined;
afterEach(() => t?.close());

// Names that exercise the key: numbers of every length, leading zeros, digits against letters and
// signs, case, letters beyond ASCII (left as written, as NOCASE leaves them), emoji, other scripts' digits.
const NAMES = [
  "Bulk 10", "Bulk 2", "bulk 02", "Bulk 0", "Bulk 000", "Bulk", "", "7", "007", "Bulk 2a", "Bulk 1.5", "Bulk-3", "B2B 10x", "a1b22c333",
  "Bulk 12345678901234567890", "9".repeat(130), `x${"0".repeat(50)}1`, "ÉMILE 12", "émile 3", "STRASSE ß 1", "Bulk ٣", "😀 12 😀", "D'Souza 4/5",
];

// Characters the generated names are made of: digits weighted up, so runs of every length turn up.
const unit = fc.oneof(
  { arbitrary: fc.constantFrom("0", "1", "2", "9"), weight: 4 },
  { arbitrary: fc.constantFrom("A", "z", "Q", " ", "-", ".", "/", ":", "@", "[", "`", "{", "~"), weight: 3 },
  { arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }).filter((text) => !text.includes("\u0000")), weight: 1 },
);

describe("migration 0025 (people name sort key)", () => {
  it("fills the key for people stored before it exactly as the app writes it for new ones", () => {
    t = tempDbAt("0023_employee_code_nocase");
    const generated = fc.sample(fc.string({ unit, maxLength: 40 }), { numRuns: 600, seed: 20261126 });
    const insert = t.db.$client.prepare("insert into employees (name, employee_code, phone, department, approver, active, created_at, updated_at) values (?, ?, ?, '', 0, 1, 0, 0)");
    [...NAMES, ...generated].forEach((name, i) => insert.run(name, `M${i}`, `+9199${String(i).padStart(8, "0")}`));
    applyMigrations(t.db);
    // Compared with the name as stored: SQLite keeps a lone surrogate as U+FFFD, and so does the key.
    const rows = t.db.$client.prepare("select name, name_sort as nameSort from employees").all() as { name: string; nameSort: string }[];
    expect(rows).toHaveLength(NAMES.length + generated.length);
    expect(rows.filter((row) => row.nameSort !== nameSortKey(row.name))).toEqual([]);
    expect(nameSortKey("Bulk 2")).toBe("bulk 0012");
    expect(nameSortKey("Bulk 10")).toBe("bulk 00210");
    // And the list reads them in that order at once.
    const first = peoplePage(t.db, { q: "bulk" }, 50).rows.map((row) => row.name);
    expect(first.slice(0, 6)).toEqual(["Bulk", "Bulk 0", "Bulk 000", "Bulk 1.5", "Bulk 2", "bulk 02"]);
  });
});
