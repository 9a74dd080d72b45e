import { describe, expect, it } from "vitest";
import type { PersonRow } from "@/db/queries/employees";
import { parseCsv } from "@/lib/csv/parse";
import { peopleCsvStream, PEOPLE_CSV_HEADER, personCsvRow } from "./csv";

const person = (values: Partial<PersonRow>): PersonRow => ({
  id: 1, name: "Asha", employeeCode: "E1", phone: "+919800000001", department: "", managerId: null, approver: false, active: true, managerName: null, managerCode: null, ...values,
});

describe("people CSV export", () => {
  it("writes the columns the importer reads, the manager by code, with quoting and the formula guard", async () => {
    const rows = [
      person({ name: "Iyer, Asha", department: "Risk & Audit", managerId: 9, managerName: "Boss", managerCode: "B-9", approver: true }),
      person({ id: 2, name: "=HYPERLINK(\"x\")", employeeCode: "E2", active: false }),
    ];
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(peopleCsvStream(rows.values(), 1)).arrayBuffer());
    expect(text.startsWith("\uFEFF")).toBe(true);
    // The importer reads the apostrophe guarding "+" and "=" back off (csvRecords).
    expect(parseCsv(text.slice(1))).toEqual([
      PEOPLE_CSV_HEADER,
      ["Iyer, Asha", "E1", "'+919800000001", "Risk & Audit", "B-9", "yes", "yes"],
      ["'=HYPERLINK(\"x\")", "E2", "'+919800000001", "", "", "no", "no"],
    ]);
    expect(personCsvRow(rows[0]!)).toBe('"Iyer, Asha",E1,\'+919800000001,Risk & Audit,B-9,yes,yes\r\n');
  });
});
