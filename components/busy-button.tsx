"use client";

import type { ComponentProps } from "react";

/**
 * A button that keeps the keyboard's focus while its action runs. `disabled` would not: Chromium
 * moves focus off a control the moment it is disabled, to <body>, so a keyboard or screen-reader
 * user would have to find their place again after every save. While `busy` it is only
 * aria-disabled and ignores clicks; as a submit button that also stops its form being sent again
 * (Enter in a field "clicks" the form's submit button, and a cancelled click submits nothing).
 */
export function BusyButton({ busy, onClick, className = "", ...props }: ComponentProps<"button"> & { busy: boolean }) {
  return (
    <button
      {...props}
      aria-disabled={busy || undefined}
      onClick={(event) => {
        if (busy) {
          event.preventDefault();
          return;
        }
        onClick?.(event);
      }}
      className={`${className} aria-disabled:cursor-progress aria-disabled:opacity-60`}
    />
  );
}
