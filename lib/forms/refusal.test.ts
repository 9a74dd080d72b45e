import { describe, expect, it } from "vitest";
import { z } from "zod";
import { refusalOf, refusedState } from "./refusal";

const form = z
  .object({ dailyLimit: z.coerce.number().int("Use a whole number").min(1, "At least 1"), lines: z.array(z.string().min(1, "Empty line")) })
  .refine((value) => value.dailyLimit < 10, { message: "Too many", path: ["dailyLimit"] });

describe("refusalOf", () => {
  it("names the input the first issue is about, by its key", () => {
    expect(refusalOf(form.safeParse({ dailyLimit: "0", lines: [] }).error!)).toEqual({ error: "At least 1", field: "dailyLimit" });
    expect(refusalOf(form.safeParse({ dailyLimit: "12", lines: [] }).error!)).toEqual({ error: "Too many", field: "dailyLimit" });
  });

  it("names the top-level input for an issue inside it", () => {
    expect(refusalOf(form.safeParse({ dailyLimit: "1", lines: ["a", ""] }).error!)).toEqual({ error: "Empty line", field: "lines" });
  });

  it("names no input for an issue about the whole form", () => {
    const whole = z.object({ from: z.string(), to: z.string() }).refine((value) => value.from <= value.to, "From comes before To");
    expect(refusalOf(whole.safeParse({ from: "b", to: "a" }).error!)).toEqual({ error: "From comes before To" });
  });
});

describe("refusedState", () => {
  it("carries the field only when one is named", () => {
    expect(refusedState("Unknown user")).toEqual({ ok: false, error: "Unknown user" });
    expect(refusedState({ error: "Taken", field: "email" })).toEqual({ ok: false, error: "Taken", field: "email" });
    expect(refusedState({ error: "Taken", field: undefined })).toEqual({ ok: false, error: "Taken" });
  });
});
