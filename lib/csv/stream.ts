/**
 * A streamed CSV download (UTF-8 with a BOM so spreadsheets pick the encoding): rows are pulled as
 * the client reads, a few hundred at a time, so a long export is never held whole and the server
 * answers other requests between chunks; a canceled download stops reading the database.
 */
export function streamCsv<T>(headerLine: string, rows: Iterator<T>, line: (row: T) => string, rowsPerChunk = 500): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      let chunk = started ? "" : `\uFEFF${headerLine}`;
      started = true;
      for (let i = 0; i < rowsPerChunk; i++) {
        const next = rows.next();
        if (next.done) {
          controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += line(next.value);
      }
      controller.enqueue(encoder.encode(chunk));
    },
    cancel() {
      rows.return?.();
    },
  });
}
