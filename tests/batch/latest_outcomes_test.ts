import assert from "node:assert/strict";
import { join } from "node:path";
import { latestOutcomes } from "../../src/batch/latest_outcomes.ts";

Deno.test("latestOutcomes: the last result of each id counts, in order of first result", async () => {
  const dir = await Deno.makeTempDir({ prefix: "omn-outcomes-" });
  try {
    const path = join(dir, "j.jsonl");
    await Deno.writeTextFile(
      path,
      [
        '{"id":1,"error":{"message":"m","exit_code":1}}',
        '{"id":"1","text":"a string id is another id"}',
        '{"id":2,"text":"x"}',
        '{"id":3,"te',
        '{"id":1,"text":"retried"}',
        '{"id":2,"error":{"message":"m","exit_code":1}}',
      ].join("\n") + "\n",
    );
    const outcomes = await latestOutcomes(path);
    assert.deepEqual([...outcomes.failed.values()], [false, false, true]);
    assert.deepEqual([...outcomes.lastLine.values()], [5, 2, 6]);
    assert.equal(outcomes.unreadable, 1);
    const missing = await latestOutcomes(join(dir, "missing.jsonl"));
    assert.equal(missing.failed.size, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
