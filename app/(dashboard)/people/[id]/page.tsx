import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { NumberStanding } from "@/components/number-standing";
import { PageHeader } from "@/components/page-header";
import { RecordSection } from "@/components/record-section";
import { SECTION_CLASS } from "@/components/ui";
import { recordTitle } from "../../record-title";
import { certificatesOf, declarationsOf, departments, findEmployee } from "@/db/queries/employees";
import { requirePageUser } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { recordIdSegment } from "@/lib/http/record-id";
import { threadHref } from "@/lib/inbox/phone-path";
import { choiceLabel } from "@/lib/people/choices";
import { parsePeopleSearch, peopleListHref } from "@/lib/people/search";
import { plural } from "@/lib/text";
import { dayOf, daysBetween, formatDay } from "@/lib/workflows/dates";
import { replacedCertificateIds } from "@/lib/workflows/renewals";
import { PersonForm } from "../person-form";
import { CertificateForm, DeclarationForm, EditCertificate, EditDeclaration, SubmittedButton } from "./record-forms";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const id = recordIdSegment((await params).id);
  return recordTitle("Person", () => (id === undefined ? undefined : findEmployee(appDb(), id)?.name));
}

export default async function PersonPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const id = recordIdSegment((await params).id);
  // The list's filters and page, as the link from it carried them: validated, and rebuilt as a path under /people.
  const backToList = peopleListHref(parsePeopleSearch(await searchParams));
  const db = appDb();
  const person = id === undefined ? undefined : findEmployee(db, id);
  if (!person) notFound();
  const certificates = certificatesOf(db, person.id);
  const replaced = replacedCertificateIds(certificates);
  const declarations = declarationsOf(db, person.id);
  const today = dayOf(new Date());
  const manager = person.managerId ? findEmployee(db, person.managerId) : undefined;
  return (
    <>
      <p className="mb-3 text-sm"><Link href={backToList} className="text-emerald-700 underline dark:text-emerald-400">← People</Link></p>
      <PageHeader title={person.name} description={`${person.employeeCode} · ${person.department || "no department"} · ${person.phone}`}>
        <Link href={threadHref(person.phone)} className="text-sm text-emerald-700 underline dark:text-emerald-400">WhatsApp conversation</Link>
      </PageHeader>
      <NumberStanding phone={person.phone} />
      <div className="space-y-6">
        <section aria-labelledby="certificates-heading" className={SECTION_CLASS}>
          <h2 id="certificates-heading" tabIndex={-1} className="mb-3 text-lg font-semibold">Certificates</h2>
          <RecordSection headingId="certificates-heading">
            {certificates.length === 0 ? <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">No certificates on record.</p> : (
              <ul aria-label="Certificates" className="mb-4 divide-y divide-slate-100 text-sm dark:divide-slate-800">
                {certificates.map((certificate) => {
                  const left = daysBetween(today, certificate.expiresOn);
                  // A renewal recorded beside it: no warning colour, and no reminders go out for it.
                  const renewed = replaced.has(certificate.id);
                  return (
                    <li key={certificate.id} className="flex flex-wrap justify-between gap-2 py-2">
                      <span><span className="font-medium">{certificate.name}</span>{certificate.number ? <span className="ml-2 font-mono text-xs text-slate-500 dark:text-slate-400">{certificate.number}</span> : null}</span>
                      <span className="flex items-center gap-3">
                        {renewed ? (
                          <span className="text-slate-600 dark:text-slate-400">{left < 0 ? "expired" : "expires"} {formatDay(certificate.expiresOn)} (renewed: a later one is on record)</span>
                        ) : (
                          <span className={left < 0 ? "text-rose-700 dark:text-rose-300" : left <= 30 ? "text-amber-700 dark:text-amber-300" : "text-slate-600 dark:text-slate-400"}>
                            expires {formatDay(certificate.expiresOn)} ({left < 0 ? `expired ${plural(-left, "day")} ago` : `${plural(left, "day")} left`})
                          </span>
                        )}
                        <EditCertificate employeeId={person.id} certificate={certificate} />
                      </span>
                    </li>
                  );
                })}
              </ul>
            )}
          </RecordSection>
          <CertificateForm employeeId={person.id} />
        </section>
        <section aria-labelledby="declarations-heading" className={SECTION_CLASS}>
          <h2 id="declarations-heading" tabIndex={-1} className="mb-3 text-lg font-semibold">Declarations</h2>
          <RecordSection headingId="declarations-heading">
            {declarations.length === 0 ? <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">No declarations on record.</p> : (
              <ul aria-label="Declarations" className="mb-4 divide-y divide-slate-100 text-sm dark:divide-slate-800">
                {declarations.map((declaration) => (
                  <li key={declaration.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                    <span><span className="font-medium">{declaration.type}</span>{declaration.period ? <span className="ml-2 text-slate-500 dark:text-slate-400">{declaration.period}</span> : null}</span>
                    <span className="flex items-center gap-3">
                      <span className={declaration.status === "overdue" ? "text-rose-700 dark:text-rose-300" : declaration.status === "pending" ? "text-amber-700 dark:text-amber-300" : "text-emerald-700 dark:text-emerald-400"}>
                        {declaration.status}{declaration.status === "submitted" && declaration.submittedOn ? ` ${formatDay(declaration.submittedOn)}` : `, due ${formatDay(declaration.dueOn)}`}
                      </span>
                      {declaration.status !== "submitted" ? <SubmittedButton employeeId={person.id} declarationId={declaration.id} /> : null}
                      <EditDeclaration employeeId={person.id} declaration={declaration} />
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </RecordSection>
          <DeclarationForm employeeId={person.id} />
        </section>
        <section aria-labelledby="edit-heading" className={SECTION_CLASS}>
          <h2 id="edit-heading" className="mb-3 text-lg font-semibold">Details</h2>
          <PersonForm person={person} departments={departments(db)} manager={manager ? { id: manager.id, label: choiceLabel(manager, manager.active) } : undefined} />
        </section>
      </div>
    </>
  );
}
