import { describe, expect, it } from "vitest";
import { blockQuestion } from "./block-question";

describe("the Block number question", () => {
  it("says what blocking stops for a number nobody registered", () => {
    const question = blockQuestion("+919800000004", null);
    expect(question).toMatch(/^Block \+919800000004\? Their messages are still stored, but get no reply/);
    expect(question).not.toContain("employee");
  });

  it("names an active employee, and says so when they approve requests", () => {
    const anita = { name: "Anita Rao", employeeCode: "E003", active: true, approver: false };
    expect(blockQuestion("+919800000004", anita)).toContain(
      "Anita Rao (E003) is an active employee: blocked, their STATUS/ACK/APPROVE get no answer and campaigns skip them.",
    );
    expect(blockQuestion("+919800000004", { ...anita, approver: true })).toContain(
      "Anita Rao (E003) is an active employee and an approver: blocked, their STATUS/ACK/APPROVE get no answer and campaigns skip them.",
    );
  });

  it("does not warn about someone no longer active", () => {
    expect(blockQuestion("+919800000004", { name: "Old Hand", employeeCode: "E900", active: false, approver: true })).not.toContain("Old Hand");
  });
});
