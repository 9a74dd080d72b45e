/** `id`: the one useFormAction gives, so the input a refusal names can point at its message. */
export function FormFeedback({ state, id }: { state: { error?: string; message?: string }; id?: string }) {
  if (state.error) {
    return (
      <p id={id} role="alert" className="text-sm text-rose-700 dark:text-rose-300">
        {state.error}
      </p>
    );
  }
  if (state.message) {
    return (
      <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
        {state.message}
      </p>
    );
  }
  return null;
}
