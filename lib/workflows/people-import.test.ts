import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { certificatesOf, declarationsOf, findEmployeeByPhone, insertEmployee, listEmployees, nameSortKey } from "@/db/queries/employees";
import { detectDelimiter, parseCsv } from "@/lib/csv/parse";
import { tempDb, type TempDb } from "@/tests/support/db";
import { commitPeople, importCsv, importRecords, previewPeople } from "./people-import";

let t: TempDb;
const actor = { id: null, label: "admin" };
beforeEach(() => {
  t = tempDb();
  insertEmployee(t.db, { name: "Existing", employeeCode: "E0", phone: "+919800000000", department: "Ops", managerId: null, approver: true, active: true }, new Date());
});
afterEach(() => t.close());

const GOOD = `name,employee_code,phone,department,manager_code,approver
"Iyer, Asha",E1,+91 98000 00001,Equity,E0,no
Ravi Das,E2,+919800000002,Equity,E1,yes`;

describe("CSV", () => {
  it("parses quotes, commas, doubled quotes, CRLF and a BOM", () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"multi\nline",z\n')).toEqual([["a", "b"], ["x, y", 'say "hi"'], ["multi\nline", "z"]]);
  });

  it("takes the delimiter from the header: semicolons or tabs only when the header has no comma", () => {
    expect(detectDelimiter("a,b\n1;2,3")).toBe(",");
    // A semicolon inside a quoted comma-file header does not switch it.
    expect(detectDelimiter('"a;x",b\n1,2')).toBe(",");
    expect(detectDelimiter("\uFEFFa;b\r\n1,5;2")).toBe(";");
    expect(detectDelimiter("a\tb\n1\t2")).toBe("\t");
    expect(detectDelimiter("a\n1,2")).toBe(",");
    expect(parseCsv('a;b\r\n"x; y";"1,5"\r\n')).toEqual([["a", "b"], ["x; y", "1,5"]]);
    expect(parseCsv("a\tb\nx, y\tz")).toEqual([["a", "b"], ["x, y", "z"]]);
    // Blank lines before the header, and Excel's "sep=" line, do not hide the separator.
    expect(detectDelimiter("\r\n\nname;phone\nAsha;+91")).toBe(";");
    expect(detectDelimiter("sep=;\r\nname,with comma;phone")).toBe(";");
    expect(parseCsv("\uFEFFsep=;\r\nname;phone\r\nAsha, R;+919800000001\r\n")).toEqual([["name", "phone"], ["Asha, R", "+919800000001"]]);
  });
});

describe("people import", () => {
  it("refuses names and departments longer than the person form allows, naming the line's problem", () => {
    const preview = previewPeople(t.db, `name,employee_code,phone,department\n${"N".repeat(121)},L1,+919800000071,Ops\nShort,L2,+919800000072,${"D".repeat(81)}`);
    expect(preview.rows.map((row) => row.errors)).toEqual([["name has 121 characters (at most 120)"], ["department has 81 characters (at most 80)"]]);
  });

  it("previews and commits a valid file, linking managers, in one go", () => {
    const preview = previewPeople(t.db, GOOD);
    expect(preview).toMatchObject({ valid: 2, invalid: 0, missingColumns: [] });
    expect(commitPeople(t.db, actor, GOOD)).toEqual({ imported: 2 });
    const asha = findEmployeeByPhone(t.db, "+919800000001")!;
    expect(asha).toMatchObject({ name: "Iyer, Asha", department: "Equity", approver: false, active: true });
    expect(findEmployeeByPhone(t.db, "+919800000002")).toMatchObject({ approver: true, managerId: asha.id });
  });

  it("imports a semicolon-separated file as Excel saves it in many locales, quoted semicolons kept", () => {
    const semicolons = `\uFEFFname;employee_code;phone;department;manager_code;approver\r
"Iyer; Asha";E1;+91 98000 00001;"Equity, cash";E0;no\r
Ravi Das;E2;+919800000002;Equity;E1;yes\r
`;
    expect(previewPeople(t.db, semicolons)).toMatchObject({ valid: 2, invalid: 0, missingColumns: [] });
    expect(commitPeople(t.db, actor, semicolons)).toEqual({ imported: 2 });
    const asha = findEmployeeByPhone(t.db, "+919800000001")!;
    expect(asha).toMatchObject({ name: "Iyer; Asha", department: "Equity, cash", approver: false });
    expect(findEmployeeByPhone(t.db, "+919800000002")).toMatchObject({ name: "Ravi Das", approver: true, managerId: asha.id });
  });

  it("reads a comma file as before, semicolons in its fields left alone", () => {
    const commas = `name,employee_code,phone,department
Asha; Iyer,E1,+919800000001,Equity;Debt`;
    expect(commitPeople(t.db, actor, commas)).toEqual({ imported: 1 });
    expect(findEmployeeByPhone(t.db, "+919800000001")).toMatchObject({ name: "Asha; Iyer", employeeCode: "E1", department: "Equity;Debt" });
  });

  it("names each bad row and imports nothing when any row is bad", () => {
    const bad = `${GOOD}
Dup Code,E1,+919800000009,,,
Bad Number,E3,98765,,,
Same Phone,E4,+919800000002,,,
Unknown Boss,E5,+919800000005,,E99,
,E6,+919800000006,,,maybe`;
    const preview = previewPeople(t.db, bad);
    expect(preview.invalid).toBe(5);
    expect(preview.rows.filter((row) => row.errors.length).map((row) => [row.line, row.errors])).toEqual([
      [4, ["employee code E1 repeats line 2"]],
      [5, ["“98765” is not a phone number in international format (+91…)"]],
      [6, ["number +919800000002 repeats line 3"]],
      [7, ["manager E99 is unknown"]],
      [8, ["name is missing", "approver must be yes or no"]],
    ]);
    const result = commitPeople(t.db, actor, bad);
    expect("errors" in result && result.errors).toContain("Line 7: manager E99 is unknown");
    expect(listEmployees(t.db)).toHaveLength(1);
    expect(previewPeople(t.db, "name,phone\nA,+919800000001").missingColumns).toEqual(["employee_code"]);
    expect(commitPeople(t.db, actor, "name,phone\nA,+919800000001")).toEqual({ errors: ["Missing column: employee_code"] });
    expect(commitPeople(t.db, actor, "name\nA")).toEqual({ errors: ["Missing columns: employee_code, phone"] });
  });

  it("refuses someone inactive as a new manager, as the person form does; a manager in the same file may be inactive", () => {
    insertEmployee(t.db, { name: "Left", employeeCode: "L0", phone: "+919800000090", department: "Ops", managerId: null, approver: false, active: false }, new Date());
    const preview = previewPeople(t.db, "name,employee_code,phone,manager_code,active\nUnder Left,U1,+919800000091,l0,\nNew Boss,B1,+919800000092,,no\nUnder Boss,U2,+919800000093,B1,");
    expect(preview.rows.map((row) => row.errors)).toEqual([["manager l0 is inactive"], [], []]);
  });

  it("summarises a row by its first four columns, a blank one left out rather than filled by the next", () => {
    const preview = importCsv(t.db, actor, "people", Buffer.from("name,employee_code,phone,department,manager_code,approver\nNo Dept,N1,+919800000094,,,no\n"), false);
    expect(preview.preview?.rows[0]?.summary).toBe("No Dept · N1 · +919800000094");
  });

  it("numbers rows by their line in the file: blank lines, quoted line breaks and Excel's sep= line count", () => {
    const rows = Array.from({ length: 8 }, (_, i) => `Person ${i},P${i},+9198000003${String(i).padStart(2, "0")}`);
    // Line 1 the header, lines 2–9 people, line 10 blank, line 11 a repeated code.
    const blank = ["name,employee_code,phone", ...rows, "", "Again,P0,+919800000399"].join("\n");
    expect(previewPeople(t.db, blank).rows.filter((row) => row.errors.length).map((row) => [row.line, row.errors])).toEqual([[11, ["employee code P0 repeats line 2"]]]);
    // A quoted name over three lines (2–4), then a row on line 5; CRLF and a bare CR are one break each.
    const quoted = 'name,employee_code,phone\r\n"Multi\r\nLine\rName",M1,+919800000401\r\n\r\nBad,M2,98765\n';
    expect(previewPeople(t.db, quoted).rows.map((row) => row.line)).toEqual([2, 6]);
    expect(previewPeople(t.db, `sep=,\n${blank}`).rows.at(-1)?.line).toBe(12);
    const result = commitPeople(t.db, actor, blank);
    expect("errors" in result && result.errors).toEqual(["Line 11: employee code P0 repeats line 2"]);
    const certificates = importRecords(t.db, actor, "certificates", "employee_code,name,expires_on\n\n\nE404,NISM,2027-01-31", false);
    expect(certificates.preview.rows[0]?.line).toBe(4);
  });

  it("summarises a certificate with its expiry, and a row by its kind's columns whatever the file's order", () => {
    commitPeople(t.db, actor, GOOD);
    const certificates = importCsv(t.db, actor, "certificates", Buffer.from("employee_code,name,number,issued_on,expires_on\nE1,NISM Series VIII,N-8,2023-12-07,2026-12-07\nE2,NISM Series XV,,,2027-01-31\n"), false);
    expect(certificates.preview?.rows.map((row) => row.summary)).toEqual(["E1 · NISM Series VIII · N-8 · 2023-12-07 · 2026-12-07", "E2 · NISM Series XV · 2027-01-31"]);
    const people = importCsv(t.db, actor, "people", Buffer.from("phone,approver,employee_code,name\n+919800000095,no,N5,Reordered\n"), false);
    expect(people.preview?.rows[0]?.summary).toBe("Reordered · N5 · +919800000095");
  });

  it("compares employee codes as the unique index does: ASCII case aside, other letters as written", () => {
    const preview = previewPeople(t.db, "name,employee_code,phone,manager_code\nLower,e0,+919800000011,\nAccent,É1,+919800000012,\nAccent Lower,é1,+919800000013,É1\nAgain,é1,+919800000014,");
    expect(preview.rows.map((row) => row.errors)).toEqual([["employee code e0 already exists"], [], [], ["employee code é1 repeats line 4"]]);
    // What the preview lets through, the index takes: "É1" and "é1" are two codes to both.
    expect(commitPeople(t.db, actor, "name,employee_code,phone,manager_code\nAccent,É1,+919800000012,\nAccent Lower,é1,+919800000013,É1")).toEqual({ imported: 2 });
    const lower = findEmployeeByPhone(t.db, "+919800000013")!;
    expect(lower.managerId).toBe(findEmployeeByPhone(t.db, "+919800000012")!.id);
  });

  it("writes each imported person's list sort key, so they sort by number at once", () => {
    expect(commitPeople(t.db, actor, "name,employee_code,phone\nDesk 10,D10,+919800000110\nDesk 9,D9,+919800000109\ndesk 100,D100,+919800000200")).toEqual({ imported: 3 });
    const rows = t.db.$client.prepare("select name, name_sort as nameSort from employees where name like 'desk%'").all() as { name: string; nameSort: string }[];
    expect(rows.map((row) => [row.name, row.nameSort])).toEqual(rows.map((row) => [row.name, nameSortKey(row.name)]));
    expect(listEmployees(t.db).map((row) => row.name)).toEqual(["Desk 9", "Desk 10", "desk 100", "Existing"]);
  });

  it("imports certificates and declarations all or nothing", () => {
    commitPeople(t.db, actor, GOOD);
    const certificates = "employee_code,name,number,issued_on,expires_on\nE1,NISM Series VIII,N-8,2023-12-07,2026-12-07\nE2,NISM Series XV,,,2027-01-31";
    expect(importRecords(t.db, actor, "certificates", certificates, true).imported).toBe(2);
    const asha = findEmployeeByPhone(t.db, "+919800000001")!;
    expect(certificatesOf(t.db, asha.id).map((row) => [row.name, row.expiresOn])).toEqual([["NISM Series VIII", "2026-12-07"]]);
    const declarations = "employee_code,type,period,status,due_on\nE1,Investment declaration,Q3,pending,2026-12-01\nE9,Holding,FY,late,2026-02-30";
    const result = importRecords(t.db, actor, "declarations", declarations, true);
    expect(result.imported).toBe(0);
    expect(result.preview.rows[1]?.errors).toEqual(["employee E9 is unknown", "status must be pending, submitted or overdue", "due_on must be a date like 2026-12-31"]);
    expect(declarationsOf(t.db, asha.id)).toHaveLength(0);
  });

  it("imports semicolon-separated certificates and declarations too", () => {
    commitPeople(t.db, actor, GOOD);
    const certificates = 'employee_code;name;number;issued_on;expires_on\nE1;"NISM Series VIII; renewed";N-8;2023-12-07;2026-12-07';
    expect(importRecords(t.db, actor, "certificates", certificates, true)).toMatchObject({ imported: 1, preview: { missingColumns: [] } });
    const asha = findEmployeeByPhone(t.db, "+919800000001")!;
    expect(certificatesOf(t.db, asha.id).map((row) => [row.name, row.number, row.expiresOn])).toEqual([["NISM Series VIII; renewed", "N-8", "2026-12-07"]]);
    const declarations = "employee_code;type;period;status;due_on\nE1;Investment declaration;Q3;pending;2026-12-01";
    expect(importRecords(t.db, actor, "declarations", declarations, true).imported).toBe(1);
    expect(declarationsOf(t.db, asha.id).map((row) => row.type)).toEqual(["Investment declaration"]);
  });
});

describe("uploaded files, as bytes", () => {
  // What Excel's plain "CSV" saves in a western-European locale: é and ü as the single bytes 0xE9 and 0xFC.
  const windows1252 = (text: string) => Buffer.from(text, "latin1");
  const PEOPLE = "name;employee_code;phone;department\r\nJosé Müller;E1;+919800000001;Trésorerie\r\n";

  it("reads a Windows-1252 people file with its accents, says so in the preview and the import, and stores the names intact", () => {
    const bytes = windows1252(PEOPLE);
    expect(bytes.includes(0xe9)).toBe(true);
    const preview = importCsv(t.db, actor, "people", bytes, false);
    expect(preview).toMatchObject({ ok: true, message: "Read as Windows-1252 (not UTF-8).", preview: { valid: 1, invalid: 0 } });
    expect(preview.preview?.rows[0]?.summary).toBe("José Müller · E1 · +919800000001 · Trésorerie");

    const imported = importCsv(t.db, actor, "people", bytes, true);
    expect(imported).toMatchObject({ ok: true, committed: true, message: "Imported 1 person. Read as Windows-1252 (not UTF-8)." });
    expect(findEmployeeByPhone(t.db, "+919800000001")).toMatchObject({ name: "José Müller", department: "Trésorerie" });
  });

  it("reads certificates and declarations in Windows-1252 too", () => {
    importCsv(t.db, actor, "people", windows1252(PEOPLE), true);
    const jose = findEmployeeByPhone(t.db, "+919800000001")!;
    const certificates = importCsv(t.db, actor, "certificates", windows1252("employee_code,name,expires_on\nE1,Prüfung für Händler,2027-01-31\n"), true);
    expect(certificates).toMatchObject({ committed: true, message: "Imported 1 certificate. Read as Windows-1252 (not UTF-8)." });
    expect(certificatesOf(t.db, jose.id).map((row) => row.name)).toEqual(["Prüfung für Händler"]);
    const declarations = importCsv(t.db, actor, "declarations", windows1252("employee_code,type,status,due_on\nE1,Déclaration d'intérêts,pending,2027-01-31\n"), false);
    expect(declarations).toMatchObject({ ok: true, committed: false, message: "Read as Windows-1252 (not UTF-8).", preview: { valid: 1 } });
  });

  it("reads UTF-8 (with or without a BOM) as before, saying nothing about it", () => {
    const utf8 = importCsv(t.db, actor, "people", Buffer.from(`\uFEFF${PEOPLE}`, "utf8"), true);
    expect(utf8).toEqual(expect.objectContaining({ ok: true, committed: true, message: "Imported 1 person." }));
    expect(findEmployeeByPhone(t.db, "+919800000001")).toMatchObject({ name: "José Müller" });
  });

  it("reads Excel's Unicode text: UTF-16 with a BOM, tab-separated", () => {
    const text = "name\temployee_code\tphone\r\nJosé Müller\tE1\t+919800000001\r\n";
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    expect(importCsv(t.db, actor, "people", bytes, true)).toMatchObject({ committed: true, message: "Imported 1 person. Read as UTF-16 (Unicode text)." });
    expect(findEmployeeByPhone(t.db, "+919800000001")).toMatchObject({ name: "José Müller" });
  });

  it("refuses an empty file and names a failed import's rows without claiming success", () => {
    expect(importCsv(t.db, actor, "people", new Uint8Array(), false)).toEqual({ ok: false, error: "Choose a CSV file first." });
    expect(importCsv(t.db, actor, "people", windows1252("\r\n"), false)).toEqual({ ok: false, error: "Choose a CSV file first." });
    const failed = importCsv(t.db, actor, "people", windows1252("name,employee_code,phone\nJosé,E0,+919800000009\n"), true);
    expect(failed).toMatchObject({ ok: false, error: "Nothing was imported: fix the rows marked below.", preview: { invalid: 1 } });
    expect(failed.committed).toBeUndefined();
  });
});
