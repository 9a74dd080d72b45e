"use client";

import { useFormAction } from "@/components/use-form-action";
import { BusyButton } from "@/components/busy-button";
import { FormFeedback } from "@/components/form-feedback";
import { PersonPicker, type PickedPerson } from "@/components/person-picker";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS } from "@/components/ui";
import type { Employee } from "@/db/schema";
import { savePerson, type FormState } from "./actions";

/**
 * `manager`: whoever manages this person now, even if they have since left (labelled so); the picker
 * offers active people only. `departments`: those on record, suggested as the department is typed
 * (the save takes the stored spelling of one typed in another case anyway).
 */
export function PersonForm({ person, manager, departments }: { person?: Employee; manager?: PickedPerson; departments: string[] }) {
  const [state, form, pending, feedbackId] = useFormAction<FormState>(savePerson, {});
  const id = person ? `p${person.id}` : "new";
  return (
    <form {...form} className="grid gap-3 sm:grid-cols-3" aria-label={person ? "Edit person" : "Add a person"}>
      {person ? (
        <>
          <input type="hidden" name="id" value={person.id} />
          {/* The version this form edits: a save after someone else's is refused, not written over theirs. */}
          <input type="hidden" name="updatedAt" value={person.updatedAt.getTime()} />
          <input type="hidden" name="loaded" value={JSON.stringify({ name: person.name, employeeCode: person.employeeCode, phone: person.phone, department: person.department, managerId: person.managerId, approver: person.approver, active: person.active })} />
        </>
      ) : null}
      <div>
        <label htmlFor={`${id}-name`} className="block text-sm font-medium">Name</label>
        <input id={`${id}-name`} name="name" required defaultValue={person?.name} className={INPUT_CLASS} />
      </div>
      <div>
        <label htmlFor={`${id}-code`} className="block text-sm font-medium">Employee code</label>
        <input id={`${id}-code`} name="employeeCode" required defaultValue={person?.employeeCode} className={INPUT_CLASS} />
      </div>
      <div>
        <label htmlFor={`${id}-phone`} className="block text-sm font-medium">WhatsApp number</label>
        <input id={`${id}-phone`} name="phone" type="tel" required placeholder="+919812345678" defaultValue={person?.phone} className={`${INPUT_CLASS} font-mono`} />
      </div>
      <div>
        <label htmlFor={`${id}-department`} className="block text-sm font-medium">Department</label>
        <input id={`${id}-department`} name="department" list={`${id}-departments`} autoComplete="off" defaultValue={person?.department} className={INPUT_CLASS} />
        <datalist id={`${id}-departments`}>
          {departments.map((department) => <option key={department} value={department} />)}
        </datalist>
      </div>
      <div>
        <label htmlFor={`${id}-manager`} className="block text-sm font-medium">Manager</label>
        <PersonPicker id={`${id}-manager`} name="managerId" initial={manager ?? null} exceptId={person?.id} clearLabel="Clear manager" />
      </div>
      <div className="flex items-end gap-4 pb-2 text-sm">
        <label className="flex items-center gap-2"><input type="checkbox" name="approver" defaultChecked={person?.approver ?? false} className="h-4 w-4" /> Approver</label>
        <label className="flex items-center gap-2"><input type="checkbox" name="active" defaultChecked={person?.active ?? true} className="h-4 w-4" /> Active</label>
      </div>
      <div className="flex items-center gap-3 sm:col-span-3">
        <BusyButton type="submit" busy={pending} className={PRIMARY_BUTTON_CLASS}>{pending ? "Saving…" : person ? "Save person" : "Add person"}</BusyButton>
        <FormFeedback state={state} id={feedbackId} />
      </div>
    </form>
  );
}
