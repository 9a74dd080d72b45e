import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { ADMIN } from "./credentials";
import { signIn } from "./helpers";
import { phoneSays } from "./twilio";

const AXE = readFileSync("node_modules/axe-core/axe.min.js", "utf8");

// Small grey text (times, numbers, labels) in dark mode was below WCAG's 4.5:1 on the dark panels,
// and on the light green of a sent message in light mode.
for (const colorScheme of ["dark", "light"] as const) {
  test.describe(`${colorScheme} mode`, () => {
    test.use({ colorScheme });

    test(`text keeps WCAG AA contrast in ${colorScheme} mode on the busiest pages`, async ({ page, request }) => {
      await phoneSays(request, "+919876500082", "STATUS please");
      await signIn(page, ADMIN);
      // Every page is checked before failing, so one run names every low-contrast text.
      const failures: Record<string, string[]> = {};
      for (const path of ["/inbox", "/inbox/919876500082", "/logs", "/analytics", "/settings", "/users", "/people", "/reminders", "/approvals", "/"]) {
        await page.goto(path);
        await page.addScriptTag({ content: AXE });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe;
          const result = await axe.run(document, { runOnly: ["color-contrast"] });
          return result.violations.flatMap((violation) => violation.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary ?? ""}`));
        });
        if (violations.length > 0) failures[path] = violations;
      }
      expect(failures).toEqual({});
    });
  });
}
