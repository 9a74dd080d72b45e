"use client";

import { useEffect, useEffectEvent, useId, useRef, useState, type KeyboardEvent } from "react";
import { INPUT_CLASS } from "@/components/ui";

export type PickedPerson = { id: number; label: string };
type Match = { id: number; name: string; employeeCode: string; department: string; approver: boolean };

const MIN_QUERY = 2;
const NOT_CHOSEN = "Choose someone from the list, or clear the field.";

/**
 * A searchable choice of one active person (WAI-ARIA combobox with a list popup): the page never
 * carries the whole staff, only the ≤20 matches /people/choices finds for what was typed (2+
 * characters of a name, employee code, department or number). Arrow keys move through the matches,
 * Enter picks, Escape closes the list (and, when it is closed, lets the key reach the form around
 * it). The chosen id is submitted as `name` from a hidden input; text typed but not picked blocks
 * the submit, so a half-typed name never saves as "nobody". The server still checks the id.
 */
export function PersonPicker({
  id,
  name,
  initial = null,
  exceptId,
  required = false,
  clearLabel,
  placeholder = "Type a name, code or number",
}: {
  /** The text box's id: the form's <label htmlFor> names it. */
  id: string;
  name: string;
  initial?: PickedPerson | null;
  /** Left out of the matches: the person being edited, or the current approver. */
  exceptId?: number;
  required?: boolean;
  /** The Clear button's accessible name, e.g. "Clear manager". */
  clearLabel: string;
  placeholder?: string;
}) {
  const [chosen, setChosen] = useState<PickedPerson | null>(initial);
  const [text, setText] = useState(initial?.label ?? "");
  const [matches, setMatches] = useState<Match[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState("");
  const inputRef = useRef<HTMLInputElement>(null);
  const hiddenRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const hintId = useId();
  const query = chosen && text === chosen.label ? "" : text.trim();

  useEffect(() => {
    if (query.length < MIN_QUERY) return;
    const controller = new AbortController();
    // A pause in typing, not every key press, asks the server.
    const timer = setTimeout(async () => {
      const params = new URLSearchParams({ q: query });
      if (exceptId) params.set("except", String(exceptId));
      try {
        const response = await fetch(`/people/choices?${params}`, { signal: controller.signal, cache: "no-store" });
        if (!response.ok) {
          setMatches([]);
          setOpen(false);
          setStatus(response.status === 401 ? "Your session has ended. Sign in again." : "Could not search just now; try again.");
          return;
        }
        const found = ((await response.json()) as { people: Match[] }).people;
        setMatches(found);
        setActive(-1);
        setOpen(found.length > 0);
        setStatus(found.length === 0 ? `No active person matches “${query}”.` : `${found.length}${found.length >= 20 ? " or more" : ""} found: use the arrow keys to choose.`);
      } catch (error) {
        if (!controller.signal.aborted) setStatus(error instanceof Error ? "Could not search just now; try again." : "");
      }
    }, 150);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, exceptId]);

  // Text that is not the chosen person's name must not submit as nobody (or as the one chosen before).
  useEffect(() => {
    const unpicked = text.trim() !== "" && !(chosen && text === chosen.label);
    inputRef.current?.setCustomValidity(unpicked ? NOT_CHOSEN : required && !chosen ? "Choose someone: type part of their name." : "");
  }, [text, chosen, required]);

  // The form's reset (after a save) goes back to what the page was rendered with: the values just saved.
  const reset = useEffectEvent(() => {
    setChosen(initial);
    setText(initial?.label ?? "");
    setOpen(false);
    setStatus("");
  });
  useEffect(() => {
    const form = inputRef.current?.form;
    if (!form) return;
    const onReset = () => reset();
    form.addEventListener("reset", onReset);
    return () => form.removeEventListener("reset", onReset);
  }, []);

  // A refusal naming this field marks the hidden input (the one the form knows by `name`); the text box is what the user can fix.
  useEffect(() => {
    const hidden = hiddenRef.current;
    const input = inputRef.current;
    if (!hidden || !input) return;
    const own = input.getAttribute("aria-describedby");
    const observer = new MutationObserver(() => {
      const invalid = hidden.getAttribute("aria-invalid");
      if (invalid) {
        input.setAttribute("aria-invalid", invalid);
        input.setAttribute("aria-describedby", [own, hidden.getAttribute("aria-describedby")].filter(Boolean).join(" "));
        input.focus();
      } else {
        input.removeAttribute("aria-invalid");
        if (own) input.setAttribute("aria-describedby", own);
      }
    });
    observer.observe(hidden, { attributes: true, attributeFilter: ["aria-invalid"] });
    return () => observer.disconnect();
  }, []);

  const pick = (match: Match) => {
    const picked = { id: match.id, label: `${match.name} (${match.employeeCode})` };
    setChosen(picked);
    setText(picked.label);
    setOpen(false);
    setActive(-1);
    setStatus(`${picked.label} chosen.`);
  };

  const clear = () => {
    setChosen(null);
    setText("");
    setMatches([]);
    setOpen(false);
    setStatus("Cleared.");
    inputRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const move = (by: number) => {
      event.preventDefault();
      if (matches.length === 0) return;
      setOpen(true);
      setActive((current) => (!open || current < 0 ? (by > 0 ? 0 : matches.length - 1) : (current + by + matches.length) % matches.length));
    };
    if (event.key === "ArrowDown") move(1);
    else if (event.key === "ArrowUp") move(-1);
    else if (event.key === "Enter" && open) {
      // Enter in an open list picks; it never submits the form with the name half chosen.
      event.preventDefault();
      const match = matches[active];
      if (match) pick(match);
    } else if (event.key === "Escape" && open) {
      // Handled here: the Escape that closes the list must not also close an inline form around it.
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      setActive(-1);
    }
  };

  const expanded = open && matches.length > 0;
  return (
    <div className="relative">
      <input type="hidden" ref={hiddenRef} name={name} value={chosen?.id ?? ""} />
      <div className="flex items-center gap-2">
        <input
          ref={inputRef}
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
          aria-describedby={hintId}
          aria-required={required || undefined}
          value={text}
          placeholder={placeholder}
          onChange={(event) => {
            setText(event.target.value);
            if (event.target.value.trim().length < MIN_QUERY) {
              setOpen(false);
              setMatches([]);
            }
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
          className={INPUT_CLASS}
        />
        {chosen || text ? (
          <button type="button" onClick={clear} aria-label={clearLabel} className="mt-1 shrink-0 rounded-md border border-slate-300 px-2 py-2 text-sm leading-none hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-700">
            <span aria-hidden="true">✕</span>
          </button>
        ) : null}
      </div>
      <p id={hintId} className="sr-only">Type at least 2 characters of a name, employee code or number, then use the arrow keys and Enter to choose.</p>
      {/* A live region, not role="status": the form's own answer is the status a reader looks for. */}
      <p aria-live="polite" aria-atomic="true" className="sr-only" data-picker-status="">{status}</p>
      <ul
        id={listId}
        role="listbox"
        aria-label="Matches"
        hidden={!expanded}
        // Keeps focus in the text box while the mouse picks: the list would otherwise close on blur first.
        onMouseDown={(event) => event.preventDefault()}
        className="absolute z-20 mt-1 max-h-72 w-full overflow-y-auto rounded-md border border-slate-300 bg-white py-1 text-sm shadow-lg dark:border-slate-600 dark:bg-slate-800"
      >
        {matches.map((match, index) => (
          <li
            key={match.id}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            onClick={() => pick(match)}
            ref={index === active ? (element) => element?.scrollIntoView({ block: "nearest" }) : undefined}
            className={`cursor-pointer px-3 py-1.5 ${index === active ? "bg-emerald-100 dark:bg-emerald-900" : "hover:bg-slate-100 dark:hover:bg-slate-700"}`}
          >
            <span className="font-medium">{match.name}</span> <span className="font-mono text-xs">({match.employeeCode})</span>
            {match.department ? <span className="text-slate-600 dark:text-slate-400"> · {match.department}</span> : null}
            {match.approver ? <span className="text-slate-600 dark:text-slate-400"> · approver</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
