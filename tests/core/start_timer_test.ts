import assert from "node:assert/strict";
import { startTimer } from "../../src/core/start_timer.ts";

Deno.test("startTimer runs its action once, after the delay", async () => {
  let runs = 0;
  const started = performance.now();
  const { promise, resolve } = Promise.withResolvers<void>();
  startTimer(20, () => {
    runs++;
    resolve();
  });
  await promise;
  assert.ok(performance.now() - started >= 15);
  await new Promise((done) => AbortSignal.timeout(30).addEventListener("abort", done));
  assert.equal(runs, 1);
});

Deno.test("a cancelled timer never runs its action", async () => {
  let runs = 0;
  const cancel = startTimer(5, () => runs++);
  cancel();
  cancel(); // cancelling twice is harmless
  await new Promise((done) => AbortSignal.timeout(30).addEventListener("abort", done));
  assert.equal(runs, 0);
});

Deno.test("startTimer does not call the global setTimeout (Node's timers in Deno)", async () => {
  const original = globalThis.setTimeout;
  let calls = 0;
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
    calls++;
    return original(...args);
  }) as typeof setTimeout;
  let fired: Promise<void>;
  try {
    const { promise, resolve } = Promise.withResolvers<void>();
    fired = promise;
    startTimer(1, resolve);
  } finally {
    globalThis.setTimeout = original;
  }
  await fired;
  assert.equal(calls, 0);
});
