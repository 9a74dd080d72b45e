import { describe, expect, it } from "vitest";
import { encodeForm, MalformedFormError, parseForm } from "./form";

describe("parseForm", () => {
  it("decodes names and values, + as space, and keeps repeated names as arrays", () => {
    expect(parseForm("Body=Hello+world%21&From=whatsapp%3A%2B14155551234&X=1&X=2&Empty=&Bare")).toEqual({
      Body: "Hello world!",
      From: "whatsapp:+14155551234",
      X: ["1", "2"],
      Empty: "",
      Bare: "",
    });
  });

  it("keeps emoji, RTL text and control characters verbatim", () => {
    const body = "🙂 مرحبا\u0001\n<script>";
    expect(parseForm(encodeForm({ Body: body })).Body).toBe(body);
  });

  it.each([["Body=%ZZ"], ["Body=%E0%A4%A"], ["Body=%C3%28"], ["Body=\ud83d"], ["=value"], ["__proto__=x"]])("refuses %s", (body) => {
    expect(() => parseForm(body)).toThrow(MalformedFormError);
  });

  it("is safe against prototype keys", () => {
    const params = parseForm("constructor=x&toString=y");
    expect(params.constructor).toBe("x");
    expect(Object.getPrototypeOf(params)).toBeNull();
  });
});
