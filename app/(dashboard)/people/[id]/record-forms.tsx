"use client";

import { useActionState, useState, useTransition } from "react";
import { FormFeedback } from "@/components/form-feedback";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS, SECONDARY_BUTTON_CLASS } from "@/components/ui";
import { addCertificate, addDeclaration, markDeclarationSubmitted, type FormState } from "../actions";

export function CertificateForm({ employeeId }: { employeeId: number }) {
  const [state, action, pending] = useActionState<FormState, FormData>(addCertificate, {});
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-4" key={state.message} aria-label="Add a certificate">
      <input type="hidden" name="employeeId" value={employeeId} />
      <div><label htmlFor="c-name" className="block text-sm font-medium">Certificate</label><input id="c-name" name="name" required placeholder="NISM Series VIII" className={INPUT_CLASS} /></div>
      <div><label htmlFor="c-number" className="block text-sm font-medium">Number</label><input id="c-number" name="number" className={INPUT_CLASS} /></div>
      <div><label htmlFor="c-issued" className="block text-sm font-medium">Issued</label><input id="c-issued" name="issuedOn" type="date" className={INPUT_CLASS} /></div>
      <div><label htmlFor="c-expires" className="block text-sm font-medium">Expires</label><input id="c-expires" name="expiresOn" type="date" required className={INPUT_CLASS} /></div>
      <div className="flex items-center gap-3 sm:col-span-4"><button type="submit" disabled={pending} className={PRIMARY_BUTTON_CLASS}>Add certificate</button><FormFeedback state={state} /></div>
    </form>
  );
}

export function DeclarationForm({ employeeId }: { employeeId: number }) {
  const [state, action, pending] = useActionState<FormState, FormData>(addDeclaration, {});
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-4" key={state.message} aria-label="Add a declaration">
      <input type="hidden" name="employeeId" value={employeeId} />
      <div><label htmlFor="d-type" className="block text-sm font-medium">Declaration</label><input id="d-type" name="type" required placeholder="Investment declaration" className={INPUT_CLASS} /></div>
      <div><label htmlFor="d-period" className="block text-sm font-medium">Period</label><input id="d-period" name="period" placeholder="Q3 2026" className={INPUT_CLASS} /></div>
      <div>
        <label htmlFor="d-status" className="block text-sm font-medium">Status</label>
        <select id="d-status" name="status" defaultValue="pending" className={INPUT_CLASS}><option value="pending">Pending</option><option value="submitted">Submitted</option><option value="overdue">Overdue</option></select>
      </div>
      <div><label htmlFor="d-due" className="block text-sm font-medium">Due</label><input id="d-due" name="dueOn" type="date" required className={INPUT_CLASS} /></div>
      <div className="flex items-center gap-3 sm:col-span-4"><button type="submit" disabled={pending} className={PRIMARY_BUTTON_CLASS}>Add declaration</button><FormFeedback state={state} /></div>
    </form>
  );
}

export function SubmittedButton({ employeeId, declarationId }: { employeeId: number; declarationId: number }) {
  const [pending, start] = useTransition();
  const [state, setState] = useState<FormState>({});
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" disabled={pending} className={SECONDARY_BUTTON_CLASS} onClick={() => start(async () => setState(await markDeclarationSubmitted(employeeId, declarationId)))}>Mark submitted</button>
      <FormFeedback state={state.error ? state : {}} />
    </span>
  );
}
