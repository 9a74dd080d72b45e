import { describe, expect, it } from "vitest";
import { z } from "zod";
import { jsonText } from "./json-text";

describe("jsonText", () => {
  it("parses a field's JSON and hands it on to the next schema", () => {
    const schema = jsonText("Reload the page").pipe(z.object({ a: z.number() }));
    expect(schema.parse('{"a":1}')).toEqual({ a: 1 });
    expect(schema.safeParse('{"a":"x"}').success).toBe(false);
  });

  it("refuses text that is not JSON with the message it was given", () => {
    const result = jsonText("Reload the page").safeParse("{not json");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("Reload the page");
  });
});
