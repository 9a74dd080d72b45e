import type { PersonRow } from "@/db/queries/employees";
import { streamCsv } from "@/lib/csv/stream";
import { csvLine } from "@/lib/inbox/csv";

/** The columns the people importer reads back, so an export can be edited and imported again. */
export const PEOPLE_CSV_HEADER = ["name", "employee_code", "phone", "department", "manager_code", "approver", "active"];

/** One person as a CSV line: the same quoting and formula guard as the other exports. */
export function personCsvRow(person: PersonRow): string {
  return csvLine([person.name, person.employeeCode, person.phone, person.department, person.managerCode ?? "", person.approver ? "yes" : "no", person.active ? "yes" : "no"]);
}

/** The people export as a streamed CSV (see streamCsv): a long list is never held whole. */
export function peopleCsvStream(people: Iterator<PersonRow>, rowsPerChunk = 500): ReadableStream<Uint8Array> {
  return streamCsv(csvLine(PEOPLE_CSV_HEADER), people, personCsvRow, rowsPerChunk);
}
