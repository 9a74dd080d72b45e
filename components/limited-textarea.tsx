"use client";

import { useEffect, useId, useRef, useState, type TextareaHTMLAttributes } from "react";

/** How full the field must be before the count shows: below it, a count is only clutter. */
const SHOW_FROM = 0.8;
const number = (value: number) => value.toLocaleString("en");

/**
 * A textarea with a character limit that never cuts text silently. The browser's `maxLength`
 * truncates a paste without a word, so a long reply would go out cut short; here the text stays
 * whole, a count appears as the limit nears, and past it the field is marked invalid and says by
 * how much (the server refuses it too). Counts as the server does: UTF-16 units, lines ending LF.
 */
export function LimitedTextarea({ limit, value, defaultValue, onChange, "aria-describedby": describedBy, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement> & { limit: number }) {
  const countId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [typedLength, setTypedLength] = useState(String(defaultValue ?? "").length);
  const length = value === undefined ? typedLength : String(value).length;
  useEffect(() => {
    const form = ref.current?.form;
    if (!form) return;
    // A form reset (after a sent reply) empties the field without an input event.
    const onReset = () => setTimeout(() => setTypedLength(ref.current?.value.length ?? 0));
    form.addEventListener("reset", onReset);
    return () => form.removeEventListener("reset", onReset);
  }, []);
  const over = length - limit;
  return (
    <>
      <textarea
        {...props}
        ref={ref}
        value={value}
        defaultValue={defaultValue}
        onChange={(event) => {
          setTypedLength(event.currentTarget.value.length);
          onChange?.(event);
        }}
        aria-invalid={over > 0 || props["aria-invalid"] ? true : undefined}
        aria-describedby={[describedBy, countId].filter(Boolean).join(" ")}
      />
      <p id={countId} aria-live="polite" className={`mt-1 text-xs tabular-nums ${over > 0 ? "font-medium text-rose-700 dark:text-rose-300" : "text-slate-600 dark:text-slate-400"}`}>
        {over > 0 ? `${number(length)} of ${number(limit)} characters: ${number(over)} too many` : length >= limit * SHOW_FROM ? `${number(length)} of ${number(limit)} characters` : ""}
      </p>
    </>
  );
}
