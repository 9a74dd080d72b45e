import { describe, expect, it } from "vitest";
import { SIMULATOR_PHOTO_MAX_BYTES, simulatorPhotoProblem } from "./photo";

describe("what the Simulator's phone may attach", () => {
  it("takes WhatsApp's photo types up to the limit", () => {
    for (const type of ["image/jpeg", "image/png", "image/gif", "image/webp"]) expect(simulatorPhotoProblem({ type, size: SIMULATOR_PHOTO_MAX_BYTES }), type).toBeNull();
  });

  it("names the problem with anything else", () => {
    expect(simulatorPhotoProblem({ type: "image/png", size: SIMULATOR_PHOTO_MAX_BYTES + 1 })).toBe("Photos sent from the Simulator can be up to 2,048 KB; this one is 2,049 KB.");
    for (const type of ["image/svg+xml", "text/html", "application/pdf", ""]) expect(simulatorPhotoProblem({ type, size: 10 }), type).toBe("The Simulator sends JPEG, PNG, GIF or WebP photos.");
  });
});
