import assert from "node:assert/strict";
import { idleTimer } from "../../src/core/idle_timer.ts";

/** Resolves after `ms` milliseconds (Deno's own timer, as the code under test uses). */
function pause(ms: number): Promise<void> {
  return new Promise((done) => AbortSignal.timeout(ms).addEventListener("abort", () => done()));
}

/** Counts the `AbortSignal.timeout` timers started while `work` runs. */
async function timersStartedBy(work: () => Promise<void> | void): Promise<number> {
  const original = AbortSignal.timeout;
  let started = 0;
  AbortSignal.timeout = (ms: number) => {
    started++;
    return original(ms);
  };
  try {
    await work();
  } finally {
    AbortSignal.timeout = original;
  }
  return started;
}

Deno.test("a wait that lasts the delay runs the action, once", async () => {
  let runs = 0;
  const started = performance.now();
  const { promise, resolve } = Promise.withResolvers<void>();
  const idle = idleTimer(20, () => {
    runs++;
    resolve();
  });
  idle.arm();
  await promise;
  assert.ok(performance.now() - started >= 15);
  idle.arm(); // after the action: nothing more
  await pause(40);
  assert.equal(runs, 1);
});

Deno.test("many short waits start one timer, and never run the action", async () => {
  let runs = 0;
  const idle = idleTimer(60_000, () => runs++);
  const started = await timersStartedBy(() => {
    for (let wait = 0; wait < 5000; wait++) {
      idle.arm();
      idle.disarm();
    }
  });
  idle.stop();
  assert.equal(started, 1);
  assert.equal(runs, 0);
});

Deno.test("a wait that starts late in the pending timer's delay still gets the whole delay", async () => {
  const fired: number[] = [];
  const idle = idleTimer(60, () => fired.push(performance.now()));
  idle.arm();
  idle.disarm();
  await pause(40);
  const armed = performance.now();
  idle.arm(); // the pending timer fires 20 ms from now, finds this wait 20 ms old, and waits on
  await pause(30);
  assert.deepEqual(fired, []);
  await pause(60);
  assert.equal(fired.length, 1);
  assert.ok(fired[0] - armed >= 55, `ran ${fired[0] - armed} ms after the wait started`);
  idle.stop();
});

Deno.test("a wait that ended, or a stopped timer, never runs the action", async () => {
  let runs = 0;
  const ended = idleTimer(10, () => runs++);
  ended.arm();
  ended.disarm();
  const stopped = idleTimer(10, () => runs++);
  stopped.arm();
  stopped.stop();
  stopped.arm(); // after stop: nothing
  await pause(40);
  assert.equal(runs, 0);
});

Deno.test("the injected clock decides how long a wait has lasted", async () => {
  let clock = 0;
  let runs = 0;
  const idle = idleTimer(10, () => runs++, () => clock);
  idle.arm();
  clock = 5; // the timer fires after 10 real ms, but the wait has lasted 5: it waits 5 more
  await pause(15);
  assert.equal(runs, 0);
  clock = 10;
  await pause(15);
  assert.equal(runs, 1);
});
