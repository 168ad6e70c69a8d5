import assert from "node:assert/strict";
import { newLinePlan, planLine } from "../../src/batch/plan_line.ts";
import { parseBatchLine } from "../../src/batch/parse_batch_line.ts";
import { idKey } from "../../src/batch/result_line.ts";

/** The decisions for `lines`, numbered from 1, with the journal holding `done`. */
function plan(lines: string[], done: (string | number)[] = []) {
  const state = newLinePlan(new Set(done.map(idKey)));
  const decisions = lines.map((text, index) =>
    planLine(parseBatchLine(text, index + 1), index + 1, state)
  );
  return { decisions, state };
}

Deno.test("planLine: items run in input positions; blank lines take none", () => {
  const { decisions, state } = plan([
    '{"id": "a", "prompt": "x"}',
    "   ",
    '{"id": 2, "prompt": "y"}',
  ]);
  assert.deepEqual(decisions, [
    { action: "run", position: 0, item: { id: "a", prompt: "x" } },
    { action: "skip" },
    { action: "run", position: 1, item: { id: 2, prompt: "y" } },
  ]);
  assert.equal(state.positions, 2);
  assert.equal(state.skipped, 0);
});

Deno.test("planLine: ids already in the journal are skipped and counted", () => {
  const { decisions, state } = plan(['{"id": "a", "prompt": "x"}', '{"id": "b", "prompt": "y"}'], [
    "a",
  ]);
  assert.deepEqual(decisions, [
    { action: "skip" },
    { action: "run", position: 0, item: { id: "b", prompt: "y" } },
  ]);
  assert.equal(state.skipped, 1);
});

Deno.test("planLine: a malformed line is a journaled failure; a repeated id one that is not journaled", () => {
  const { decisions } = plan([
    '{"id": "a", "prompt": "x"}',
    "{not json",
    '{"id": "a", "prompt": "z"}',
  ]);
  assert.equal(decisions[1].action, "record");
  if (decisions[1].action === "record") {
    assert.equal(decisions[1].position, 1);
    assert.equal(decisions[1].journaled, true);
    assert.deepEqual(Object.keys(decisions[1].result), ["id", "error"]);
  }
  assert.deepEqual(decisions[2], {
    action: "record",
    position: 2,
    journaled: false,
    result: {
      id: "a",
      error: { message: 'Line 3: duplicate id "a" (first on line 1): not run', exit_code: 2 },
    },
  });
});
