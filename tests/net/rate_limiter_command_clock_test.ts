import assert from "node:assert/strict";
import { instantClock } from "../_support/instant_clock.ts";
import { runInProcess } from "../e2e/_in_process.ts";
import { tempWorkspace } from "../e2e/_workspace.ts";

Deno.test("ask waits for its rate-limit turn on the command's clock, not the real one", async () => {
  await using workspace = await tempWorkspace();
  const clock = instantClock(1_000_000);
  const set = await runInProcess(
    ["config", "set", "providers.mock.requests_per_minute", "6"], // one every 10 s, burst 1
    { ...workspace, clock },
  );
  assert.equal(set.code, 0, set.stderr);
  for (const prompt of ["first", "second"]) {
    const result = await runInProcess(["ask", "--provider", "mock", prompt], {
      ...workspace,
      clock,
    });
    assert.equal(result.code, 0, result.stderr);
  }
  // The second ask found the bucket empty and slept 10 s on the injected clock.
  assert.deepEqual(clock.waits, [10_000]);
});

Deno.test("batch waits for its rate-limit turns on the command's clock", async () => {
  await using workspace = await tempWorkspace();
  const clock = instantClock(2_000_000);
  const input = `${workspace.cwd}/items.jsonl`;
  await Deno.writeTextFile(
    input,
    ["a", "b", "c"].map((prompt, id) => JSON.stringify({ id, prompt })).join("\n") + "\n",
  );
  const result = await runInProcess(
    [
      "batch",
      "--provider",
      "mock",
      "--job",
      "j",
      "--requests-per-minute",
      "6",
      "--concurrency",
      "1",
      input,
    ],
    { ...workspace, clock },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(clock.waits, [10_000, 10_000]);
});
