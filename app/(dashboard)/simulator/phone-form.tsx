"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { BusyButton } from "@/components/busy-button";
import { useFormAction } from "@/components/use-form-action";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS } from "@/components/ui";
import { SIMULATOR_PHOTO_TYPES, simulatorPhotoProblem } from "@/lib/emulator/photo";
import { sendFromPhone, type PhoneState } from "./actions";

export function PhoneForm({ phone, profileName }: { phone: string; profileName: string }) {
  const router = useRouter();
  const [state, form, pending, feedbackId] = useFormAction<PhoneState>(sendFromPhone, {});
  const bodyInput = useRef<HTMLInputElement>(null);
  // A refusal about one input focuses that input (useFormAction); any other failure (the webhook's
  // answer, the emulator) puts the cursor back in the message box rather than on the page.
  useEffect(() => {
    if (state.error && !state.field) bodyInput.current?.focus();
  }, [state]);
  const [extras, setExtras] = useState(false);
  // Untouched, the name belongs to this page's number: sent from another number, that number's own name goes instead.
  const [nameEdited, setNameEdited] = useState(false);
  // Checked here too: past Next's 1 MB limit the action would never run to say so.
  const [photoProblem, setPhotoProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!state.sentAt) return;
    if ((state.phone && state.phone !== phone) || (state.profileName !== undefined && state.profileName !== profileName)) {
      // Another number (show that phone's chat) or another name: the page keeps what was sent as.
      router.replace(`/simulator?${new URLSearchParams({ phone: state.phone ?? phone, name: state.profileName ?? "" })}`);
      return;
    }
    // Delivery ticks arrive over the next seconds: follow them for a while.
    let rounds = 0;
    const timer = setInterval(() => {
      router.refresh();
      if (++rounds >= 6) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [state.sentAt, state.phone, state.profileName, phone, profileName, router]);

  return (
    <form {...form} className="space-y-3" aria-label="Phone">
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="sim-phone" className="block text-sm font-medium">Phone number</label>
          <input id="sim-phone" name="phone" type="tel" required defaultValue={phone} className={`${INPUT_CLASS} font-mono`} />
        </div>
        <div>
          <label htmlFor="sim-name" className="block text-sm font-medium">Profile name</label>
          <input id="sim-name" name="profileName" defaultValue={profileName} onChange={() => setNameEdited(true)} className={INPUT_CLASS} />
          <input type="hidden" name="nameShownFor" value={phone} />
          <input type="hidden" name="nameEdited" value={nameEdited ? "1" : ""} />
        </div>
      </div>
      <div>
        <label htmlFor="sim-body" className="block text-sm font-medium">Message</label>
        <div className="mt-1 flex gap-2">
          <input
            id="sim-body"
            name="body"
            autoComplete="off"
            placeholder="Type HELP, STATUS, STOP…"
            className={`${INPUT_CLASS} mt-0`}
            key={state.sentAt ?? "body"}
            ref={bodyInput}
            autoFocus
          />
          {/* A photo it cannot send disables it; sending only marks it busy, so it keeps the focus. */}
          <BusyButton type="submit" busy={pending} disabled={photoProblem !== null} className={PRIMARY_BUTTON_CLASS}>{pending ? "Sending…" : "Send"}</BusyButton>
        </div>
      </div>
      <button type="button" className="text-sm text-emerald-700 underline dark:text-emerald-400" aria-expanded={extras} onClick={() => {
          setExtras((open) => !open);
          setPhotoProblem(null);
        }}>
        {extras ? "Hide image and location" : "Add an image or a location"}
      </button>
      {extras ? (
        <div className="grid gap-3 sm:grid-cols-3">
          <div className="sm:col-span-3">
            <label htmlFor="sim-photo" className="block text-sm font-medium">Photo from this phone</label>
            <input
              id="sim-photo"
              name="photo"
              type="file"
              accept={SIMULATOR_PHOTO_TYPES.join(",")}
              key={state.sentAt ?? "photo"}
              aria-describedby="sim-photo-help"
              aria-invalid={photoProblem !== null}
              onChange={(event) => {
                const file = event.currentTarget.files?.[0];
                setPhotoProblem(file ? simulatorPhotoProblem(file) : null);
              }}
              className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-emerald-50 file:px-3 file:py-1.5 file:text-emerald-800 dark:file:bg-emerald-950 dark:file:text-emerald-200"
            />
            <p id="sim-photo-help" className={`mt-1 text-xs ${photoProblem ? "text-rose-700 dark:text-rose-300" : "text-slate-500 dark:text-slate-400"}`}>
              {photoProblem ?? "Kept by the emulator as Twilio keeps media, so the inbox shows it the way it shows a real one."}
            </p>
          </div>
          <div className="sm:col-span-3">
            <label htmlFor="sim-media" className="block text-sm font-medium">Or an image URL</label>
            <input id="sim-media" name="mediaUrl" type="url" placeholder="https://…/photo.jpg" className={INPUT_CLASS} />
          </div>
          <div>
            <label htmlFor="sim-lat" className="block text-sm font-medium">Latitude</label>
            <input id="sim-lat" name="latitude" inputMode="decimal" placeholder="19.0760" className={INPUT_CLASS} />
          </div>
          <div>
            <label htmlFor="sim-lon" className="block text-sm font-medium">Longitude</label>
            <input id="sim-lon" name="longitude" inputMode="decimal" placeholder="72.8777" className={INPUT_CLASS} />
          </div>
        </div>
      ) : null}
      <div aria-live="polite" className="text-sm">
        {state.error ? <p role="alert" id={feedbackId} className="text-rose-700 dark:text-rose-300">{state.error}</p> : null}
        {state.ok && state.reply === null ? (
          <p className="text-slate-600 dark:text-slate-400">Delivered, with no auto-reply: {state.noReply ?? "the webhook answered with no message"}.</p>
        ) : null}
      </div>
    </form>
  );
}
