export function FormFeedback({ state }: { state: { error?: string; message?: string } }) {
  if (state.error) {
    return (
      <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
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
