import { describe, expect, it } from "vitest";
import { columnsText, importButtonLabel, importedMessage } from "./import-wording";

describe("import wording", () => {
  it("counts what was imported in the singular for one, the plural otherwise", () => {
    expect(importedMessage("people", 1)).toBe("Imported 1 person.");
    expect(importedMessage("people", 12)).toBe("Imported 12 people.");
    expect(importedMessage("certificates", 1)).toBe("Imported 1 certificate.");
    expect(importedMessage("certificates", 3)).toBe("Imported 3 certificates.");
    expect(importedMessage("declarations", 1)).toBe("Imported 1 declaration.");
    expect(importedMessage("declarations", 2)).toBe("Imported 2 declarations.");
  });

  it("labels the import button and the missing columns the same way", () => {
    expect(importButtonLabel(1)).toBe("Import 1 row");
    expect(importButtonLabel(2)).toBe("Import 2 rows");
    expect(importButtonLabel(9000)).toBe("Import 9,000 rows");
    expect(columnsText(["employee_code"])).toBe("column: employee_code");
    expect(columnsText(["name", "employee_code"])).toBe("columns: name, employee_code");
  });
});
