import { describe, expect, it } from "vitest";
import { streamCsv } from "./stream";

describe("a streamed CSV", () => {
  it("pulls rows a chunk at a time behind a BOM and the header, and stops reading when the download is canceled", async () => {
    let read = 0;
    let closed = false;
    function* rows() {
      try {
        for (let i = 0; i < 10_000; i++) {
          read++;
          yield i;
        }
      } finally {
        closed = true;
      }
    }
    const reader = streamCsv("n\r\n", rows(), (n) => `${n}\r\n`, 100).getReader();
    const first = new TextDecoder("utf-8", { ignoreBOM: true }).decode((await reader.read()).value);
    expect(first.startsWith("\uFEFFn\r\n0\r\n1\r\n")).toBe(true);
    // The stream may have pulled one chunk ahead of the reader, never the rest.
    expect(read).toBeLessThanOrEqual(200);
    await reader.cancel();
    expect(closed).toBe(true);
    expect(read).toBeLessThanOrEqual(200);
  });
});
