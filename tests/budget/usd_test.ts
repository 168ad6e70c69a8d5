import assert from "node:assert/strict";
import { usd } from "../../src/budget/spending_cap.ts";

Deno.test("usd shows amounts to six decimals, and a positive amount below that as under $0.000001, never $0", () => {
  assert.equal(usd(0), "$0");
  assert.equal(usd(2), "$2");
  assert.equal(usd(0.010242), "$0.010242");
  assert.equal(usd(0.0000014), "$0.000001");
  assert.equal(usd(0.0000001), "under $0.000001");
  assert.equal(usd(1e-15), "under $0.000001");
});
