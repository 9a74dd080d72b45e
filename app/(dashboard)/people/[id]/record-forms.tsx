"use client";

import { useState, useTransition } from "react";
import { useConfirmStep } from "@/components/use-confirm-step";
import { useFormAction } from "@/components/use-form-action";
import { useInlineEditor, type InlineEditor } from "@/components/use-inline-editor";
import { useSectionOutcome } from "@/components/record-section";
import { BusyButton } from "@/components/busy-button";
import { FormFeedback } from "@/components/form-feedback";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS, SECONDARY_BUTTON_CLASS } from "@/components/ui";
import type { Certificate, Declaration } from "@/db/schema";
import { addCertificate, addDeclaration, deleteCertificateAction, deleteDeclarationAction, editCertificate, editDeclaration, markDeclarationSubmitted, type FormState } from "../actions";

function CancelButton({ onCancel }: { onCancel: () => void }) {
  return <button type="button" onClick={onCancel} className={SECONDARY_BUTTON_CLASS}>Cancel</button>;
}

/** Adds a certificate, or edits one (a renewal is a new expiry date). */
export function CertificateForm({ employeeId, certificate, onDone, editor }: { employeeId: number; certificate?: Certificate; onDone?: () => void; editor?: InlineEditor }) {
  const [state, form, pending, feedbackId] = useFormAction<FormState>(async (previous, form) => {
    const result = await (certificate ? editCertificate : addCertificate)(previous, form);
    if (result.ok) onDone?.();
    return result;
  }, {});
  const id = certificate ? `c${certificate.id}` : "c";
  return (
    <form {...form} onKeyDown={editor?.onKeyDown} className="grid gap-3 sm:grid-cols-4" aria-label={certificate ? `Edit ${certificate.name}` : "Add a certificate"}>
      <input type="hidden" name="employeeId" value={employeeId} />
      {certificate ? <input type="hidden" name="id" value={certificate.id} /> : null}
      <div><label htmlFor={`${id}-name`} className="block text-sm font-medium">Certificate</label><input id={`${id}-name`} name="name" required defaultValue={certificate?.name} placeholder="NISM Series VIII" className={INPUT_CLASS} /></div>
      <div><label htmlFor={`${id}-number`} className="block text-sm font-medium">Number</label><input id={`${id}-number`} name="number" defaultValue={certificate?.number} className={INPUT_CLASS} /></div>
      <div><label htmlFor={`${id}-issued`} className="block text-sm font-medium">Issued</label><input id={`${id}-issued`} name="issuedOn" type="date" defaultValue={certificate?.issuedOn ?? ""} className={INPUT_CLASS} /></div>
      <div><label htmlFor={`${id}-expires`} className="block text-sm font-medium">Expires</label><input id={`${id}-expires`} name="expiresOn" type="date" required defaultValue={certificate?.expiresOn} className={INPUT_CLASS} /></div>
      <div className="flex items-center gap-3 sm:col-span-4"><BusyButton type="submit" busy={pending} className={PRIMARY_BUTTON_CLASS}>{certificate ? "Save certificate" : "Add certificate"}</BusyButton>{editor ? <CancelButton onCancel={editor.close} /> : null}<FormFeedback state={state} id={feedbackId} /></div>
    </form>
  );
}

function EditButton({ editor, name }: { editor: InlineEditor; name: string }) {
  return <button id={editor.editButtonId} type="button" className={SECONDARY_BUTTON_CLASS} onClick={editor.show}>Edit<span className="sr-only"> {name}</span></button>;
}

export function EditCertificate({ employeeId, certificate }: { employeeId: number; certificate: Certificate }) {
  const editor = useInlineEditor(`c${certificate.id}-edit`, `c${certificate.id}-name`);
  return editor.open ? (
    <div className="w-full py-2"><CertificateForm employeeId={employeeId} certificate={certificate} onDone={editor.close} editor={editor} /></div>
  ) : (
    <span className="inline-flex flex-wrap items-center gap-2">
      <EditButton editor={editor} name={certificate.name} />
      <DeleteRecord
        id={`c${certificate.id}`}
        name={certificate.name}
        consequence="Its expiry reminders stop; reminders already sent stay in the conversation."
        remove={() => deleteCertificateAction(employeeId, certificate.id)}
      />
    </span>
  );
}

export function EditDeclaration({ employeeId, declaration }: { employeeId: number; declaration: Declaration }) {
  const editor = useInlineEditor(`d${declaration.id}-edit`, `d${declaration.id}-type`);
  const [state, form, pending, feedbackId] = useFormAction<FormState>(async (previous, form) => {
    const result = await editDeclaration(previous, form);
    if (result.ok) editor.close();
    return result;
  }, {});
  if (!editor.open) {
    return (
      <span className="inline-flex flex-wrap items-center gap-2">
        <EditButton editor={editor} name={declaration.type} />
        <DeleteRecord
          id={`d${declaration.id}`}
          name={declaration.type}
          consequence="It no longer counts in STATUS or PENDING answers."
          remove={() => deleteDeclarationAction(employeeId, declaration.id)}
        />
      </span>
    );
  }
  const id = `d${declaration.id}`;
  return (
    <form {...form} onKeyDown={editor.onKeyDown} className="grid w-full gap-3 py-2 sm:grid-cols-4" aria-label={`Edit ${declaration.type}`}>
      <input type="hidden" name="employeeId" value={employeeId} />
      <input type="hidden" name="id" value={declaration.id} />
      <div><label htmlFor={`${id}-type`} className="block text-sm font-medium">Declaration</label><input id={`${id}-type`} name="type" required defaultValue={declaration.type} className={INPUT_CLASS} /></div>
      <div><label htmlFor={`${id}-period`} className="block text-sm font-medium">Period</label><input id={`${id}-period`} name="period" defaultValue={declaration.period} className={INPUT_CLASS} /></div>
      <div>
        <label htmlFor={`${id}-status`} className="block text-sm font-medium">Status</label>
        <select id={`${id}-status`} name="status" defaultValue={declaration.status} className={INPUT_CLASS}><option value="pending">Pending</option><option value="submitted">Submitted</option><option value="overdue">Overdue</option></select>
      </div>
      <div><label htmlFor={`${id}-due`} className="block text-sm font-medium">Due</label><input id={`${id}-due`} name="dueOn" type="date" required defaultValue={declaration.dueOn} className={INPUT_CLASS} /></div>
      <div className="flex items-center gap-3 sm:col-span-4"><BusyButton type="submit" busy={pending} className={PRIMARY_BUTTON_CLASS}>Save declaration</BusyButton><CancelButton onCancel={editor.close} /><FormFeedback state={state} id={feedbackId} /></div>
    </form>
  );
}

export function DeclarationForm({ employeeId }: { employeeId: number }) {
  const [state, form, pending, feedbackId] = useFormAction<FormState>(addDeclaration, {});
  return (
    <form {...form} className="grid gap-3 sm:grid-cols-4" aria-label="Add a declaration">
      <input type="hidden" name="employeeId" value={employeeId} />
      <div><label htmlFor="d-type" className="block text-sm font-medium">Declaration</label><input id="d-type" name="type" required placeholder="Investment declaration" className={INPUT_CLASS} /></div>
      <div><label htmlFor="d-period" className="block text-sm font-medium">Period</label><input id="d-period" name="period" placeholder="Q3 2026" className={INPUT_CLASS} /></div>
      <div>
        <label htmlFor="d-status" className="block text-sm font-medium">Status</label>
        <select id="d-status" name="status" defaultValue="pending" className={INPUT_CLASS}><option value="pending">Pending</option><option value="submitted">Submitted</option><option value="overdue">Overdue</option></select>
      </div>
      <div><label htmlFor="d-due" className="block text-sm font-medium">Due</label><input id="d-due" name="dueOn" type="date" required className={INPUT_CLASS} /></div>
      <div className="flex items-center gap-3 sm:col-span-4"><BusyButton type="submit" busy={pending} className={PRIMARY_BUTTON_CLASS}>Add declaration</BusyButton><FormFeedback state={state} id={feedbackId} /></div>
    </form>
  );
}

export function SubmittedButton({ employeeId, declarationId }: { employeeId: number; declarationId: number }) {
  const [pending, start] = useTransition();
  const [state, setState] = useState<FormState>({});
  const reportOutcome = useSectionOutcome();
  const markSubmitted = () =>
    start(async () => {
      const result = await markDeclarationSubmitted(employeeId, declarationId);
      setState(result);
      // Done, the button goes with the pending status: focus and the answer go to the section.
      if (result.ok) reportOutcome(result.message ?? "Marked submitted.");
    });
  return (
    <span className="inline-flex items-center gap-2">
      <BusyButton type="button" busy={pending} className={SECONDARY_BUTTON_CLASS} onClick={markSubmitted}>Mark submitted</BusyButton>
      <FormFeedback state={state.error ? state : {}} />
    </span>
  );
}

/**
 * Delete, then a confirmation in its place. The confirmation starts on Cancel (a second Enter must
 * not delete); Cancel or Escape puts focus back on Delete.
 */
function DeleteRecord({ id, name, consequence, remove }: { id: string; name: string; consequence: string; remove: () => Promise<FormState> }) {
  const [state, setState] = useState<FormState>({});
  const [pending, start] = useTransition();
  const deleted = useSectionOutcome();
  const { confirming, ask, cancel, onKeyDown, cancelRef, askRef: deleteRef } = useConfirmStep(() => setState({}));
  const confirm = () =>
    start(async () => {
      const result = await remove();
      if (result.ok) deleted(result.message ?? `Deleted ${name}.`);
      else {
        setState(result);
        cancel();
      }
    });
  if (!confirming) {
    return (
      <span className="inline-flex items-center gap-2">
        <button ref={deleteRef} type="button" className={SECONDARY_BUTTON_CLASS} onClick={ask}>Delete<span className="sr-only"> {name}</span></button>
        <FormFeedback state={state.error ? state : {}} />
      </span>
    );
  }
  return (
    <span
      role="group"
      aria-labelledby={`${id}-delete-question`}
      onKeyDown={onKeyDown}
      className="inline-flex flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 dark:border-amber-700 dark:bg-amber-950"
    >
      <span id={`${id}-delete-question`} className="text-amber-900 dark:text-amber-100">Delete {name}? {consequence}</span>
      <BusyButton type="button" busy={pending} onClick={confirm} className="rounded-md bg-rose-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-rose-800">
        {pending ? "Deleting…" : "Yes, delete"}<span className="sr-only"> {name}</span>
      </BusyButton>
      <BusyButton ref={cancelRef} type="button" busy={pending} onClick={cancel} className={SECONDARY_BUTTON_CLASS}>Cancel<span className="sr-only"> deleting {name}</span></BusyButton>
    </span>
  );
}
