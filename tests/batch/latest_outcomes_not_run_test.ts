import assert from "node:assert/strict";
import { latestOutcomes } from "../../src/batch/latest_outcomes.ts";

Deno.test("an item stopped by --max-cost counts as not run: --resume runs it, a later result counts", async () => {
  const dir = await Deno.makeTempDir(); // 0700: a journal is read only from a private directory
  const path = `${dir}/job.jsonl`;
  try {
    const stopped = {
      message: "Cannot send the request: --max-cost $1 reached",
      exit_code: 5,
      error_type: "budget_exceeded",
    };
    await Deno.writeTextFile(
      path,
      [
        { id: "a", text: "ok" },
        { id: "b", error: stopped },
        { id: "c", error: { message: "bad key", exit_code: 4 } },
        { id: "d", error: stopped },
        { id: "d", text: "ran after --resume" },
      ].map((line) => JSON.stringify(line)).join("\n") + "\n",
      { mode: 0o600 },
    );
    const outcomes = await latestOutcomes(path);
    assert.deepEqual([...outcomes.failed.entries()], [['"a"', false], ['"c"', true], [
      '"d"',
      false,
    ]]);
    assert.equal(outcomes.lastLine.has('"b"'), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
