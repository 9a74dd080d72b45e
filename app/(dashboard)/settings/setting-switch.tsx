"use client";

import { useOptimistic, useState, useTransition } from "react";
import { Switch } from "@/components/switch";
import type { ActionResult } from "@/lib/auth/current";

/** A switch bound to a server action: flips at once, rolls back and explains when the server refuses. */
export function SettingSwitch({
  label,
  description,
  checked,
  action,
}: {
  label: string;
  description?: string;
  checked: boolean;
  action: (next: boolean) => Promise<ActionResult>;
}) {
  const [optimistic, setOptimistic] = useOptimistic(checked);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();

  function change(next: boolean) {
    setError(undefined);
    startTransition(async () => {
      setOptimistic(next);
      try {
        const result = await action(next);
        if (!result.ok) setError(result.error);
      } catch {
        setError("Could not save the change. Check your connection and try again.");
      }
    });
  }

  return (
    <div>
      <Switch label={label} description={description} checked={optimistic} onChange={change} busy={pending} />
      {error ? (
        <p role="alert" className="mt-2 text-sm text-rose-700 dark:text-rose-300">
          {error}
        </p>
      ) : null}
    </div>
  );
}
