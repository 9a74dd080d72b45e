import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-policy";
import { newUserSchema, passwordSchema } from "./users";

describe("passwordProblem", () => {
  it.each([
    ["        ", "A password cannot be only spaces"],
    ["\t \u00a0 \u3000\n  ", "A password cannot be only spaces"],
    ["password", "This is one of the most common passwords: choose one that is harder to guess"],
    ["PassWord ", "This is one of the most common passwords: choose one that is harder to guess"],
    ["12345678", "This is one of the most common passwords: choose one that is harder to guess"],
    ["qwerty123", "This is one of the most common passwords: choose one that is harder to guess"],
    ["11111111", "This is one of the most common passwords: choose one that is harder to guess"],
    ["Switchboard", "This is one of the most common passwords: choose one that is harder to guess"],
    ["short", "Passwords need at least 8 characters"],
    ["x".repeat(201), "Passwords can have at most 200 characters"],
  ])("refuses %j", (password, message) => {
    expect(passwordProblem(password)).toBe(message);
  });

  it("refuses the account's own email or the part before the @, in any case", () => {
    const message = "A password cannot be the email address or the part before the @";
    expect(passwordProblem("jane.doe@example.com", "jane.doe@example.com")).toBe(message);
    expect(passwordProblem("Jane.Doe", "jane.doe@example.com")).toBe(message);
    expect(passwordProblem("jane.doe", undefined)).toBeUndefined();
    expect(passwordProblem("jane.doe", "john.roe@example.com")).toBeUndefined();
  });

  it("keeps the minimum length and accepts an ordinary passphrase, spaces inside included", () => {
    expect(passwordProblem("1234567")).toBe("Passwords need at least 8 characters");
    expect(passwordProblem("correct horse battery")).toBeUndefined();
    expect(passwordProblem(" padded-but-fine ")).toBeUndefined();
  });
});

describe("the form schemas", () => {
  it("mark the password field with the rule it broke", () => {
    const result = newUserSchema.safeParse({ email: "a@example.com", name: "", role: "staff", password: " ".repeat(8) });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["password"], message: "A password cannot be only spaces" });
    expect(passwordSchema.safeParse("qwerty123").error?.issues[0]?.message).toMatch(/most common passwords/);
    expect(passwordSchema.safeParse("a-fine-password").success).toBe(true);
  });
});
