import assert from "node:assert/strict";
import { formatTable } from "../../src/core/format_table.ts";

Deno.test("formatTable pads columns, aligns the chosen ones right and trims line ends", () => {
  assert.equal(
    formatTable([["name", "count", "note"], ["mock", "3", ""], ["anthropic", "1,234", "x"]], {
      right: [1],
    }),
    "name       count  note\nmock           3\nanthropic  1,234  x\n",
  );
  assert.equal(formatTable([]), "");
});
