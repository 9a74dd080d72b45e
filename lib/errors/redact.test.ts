import { describe, expect, it } from "vitest";
import { redact } from ".";

describe("redact", () => {
  it("masks secrets by name at any depth and cuts long values", () => {
    const out = redact({ Body: "hi", password: "p", nested: { AuthToken: "t", signature: "s" }, long: "x".repeat(600) }) as Record<string, unknown>;
    expect(out.Body).toBe("hi");
    expect(out.password).toBe("[redacted]");
    expect(out.nested).toEqual({ AuthToken: "[redacted]", signature: "[redacted]" });
    expect(String(out.long)).toMatch(/… \(600 chars\)$/);
  });
});
