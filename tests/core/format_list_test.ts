import assert from "node:assert/strict";
import { formatList } from "../../src/core/format_list.ts";

const listing = {
  header: ["name", "count", "note"],
  rows: [["mock", "3", "a\tb"], ["openai", "12", "line\nbreak"]],
  right: [1],
};

Deno.test("on a terminal, a header and aligned columns", () => {
  assert.equal(
    formatList(listing, { terminal: true }),
    "name    count  note\nmock        3  a b\nopenai     12  line break\n",
  );
});

Deno.test("piped, tab-separated rows without a header or escape sequences", () => {
  const text = formatList(listing, { terminal: false });
  assert.equal(text, "mock\t3\ta b\nopenai\t12\tline break\n");
  assert.ok(!text.includes("\u001b"));
  assert.equal(formatList({ header: ["a"], rows: [] }, { terminal: true }), "");
});
