import assert from "node:assert/strict";
import { formatCost, formatCount } from "../../src/usage/format_cost.ts";

Deno.test("formatCost shows four decimals, more digits for tiny costs, unknown for null", () => {
  assert.equal(formatCost(0.0012), "$0.0012");
  assert.equal(formatCost(12.5), "$12.5000");
  assert.equal(formatCost(0), "$0.0000");
  assert.equal(formatCost(0.0000075), "$0.0000075");
  assert.equal(formatCost(null), "unknown");
  assert.equal(formatCount(0), "0");
  assert.equal(formatCount(1234567), "1,234,567");
});
