import assert from "node:assert/strict";
import { createInterrupts, type InterruptHooks } from "../../src/core/interrupts.ts";
import { ExitCode, InterruptedError } from "../../src/core/errors.ts";

function fakeHooks() {
  const exits: number[] = [];
  let handler: ((signal: string) => void) | undefined;
  let listens = 0;
  const clock = { now: 0 };
  const hooks: InterruptHooks = {
    listen(next) {
      listens += 1;
      handler = next;
    },
    exit: (code) => void exits.push(code),
    now: () => clock.now,
  };
  return {
    hooks,
    exits,
    clock,
    send: (signal: string) => handler!(signal),
    listens: () => listens,
  };
}

Deno.test("the first signal aborts the watch with an InterruptedError; the second exits 130", () => {
  const fake = fakeHooks();
  const interrupts = createInterrupts(fake.hooks);
  using watch = interrupts.watch();
  fake.send("SIGINT");
  assert.ok(watch.signal.aborted);
  assert.ok(watch.signal.reason instanceof InterruptedError);
  assert.equal(watch.signal.reason.message, "interrupted");
  assert.equal(watch.signal.reason.exitCode, ExitCode.Interrupted);
  assert.deepEqual(fake.exits, []);
  fake.clock.now = 1000;
  fake.send("SIGTERM");
  assert.deepEqual(fake.exits, [130]);
});

Deno.test("the same signal delivered twice at once (a launcher forwarding it) is one interruption", () => {
  const fake = fakeHooks();
  using watch = createInterrupts(fake.hooks).watch();
  fake.send("SIGINT");
  fake.clock.now = 5;
  fake.send("SIGINT");
  assert.ok(watch.signal.aborted);
  assert.deepEqual(fake.exits, []);
  fake.clock.now = 400;
  fake.send("SIGINT");
  assert.deepEqual(fake.exits, [130]);
});

Deno.test("a signal while nothing is watched exits 130 at once; listeners are installed once", () => {
  const fake = fakeHooks();
  const interrupts = createInterrupts(fake.hooks);
  assert.equal(fake.listens(), 0, "nothing installed before a watch");
  {
    using _first = interrupts.watch();
  }
  {
    using _second = interrupts.watch();
  }
  assert.equal(fake.listens(), 1);
  fake.send("SIGINT");
  assert.deepEqual(fake.exits, [130]);
});

Deno.test("watches nest: the innermost is aborted, else the one around it; a later signal exits", () => {
  const fake = fakeHooks();
  const interrupts = createInterrupts(fake.hooks);
  using outer = interrupts.watch();
  {
    using _done = interrupts.watch();
  }
  {
    using inner = interrupts.watch();
    fake.send("SIGINT");
    assert.ok(inner.signal.aborted);
    assert.ok(!outer.signal.aborted, "the command around it goes on to report the interruption");
  }
  // The interrupted run is ending (it may be stuck writing): a second signal ends it.
  fake.clock.now = 1000;
  fake.send("SIGINT");
  assert.ok(!outer.signal.aborted);
  assert.deepEqual(fake.exits, [130]);

  const second = fakeHooks();
  const run = createInterrupts(second.hooks);
  using whole = run.watch();
  {
    using _reply = run.watch();
  }
  second.send("SIGTERM");
  assert.ok(whole.signal.aborted, "with the reply's watch ended, the run's is watched again");
  assert.deepEqual(second.exits, []);
});

Deno.test("race: the promise's outcome, or the interruption as soon as the watch is aborted", async () => {
  const fake = fakeHooks();
  const interrupts = createInterrupts(fake.hooks);
  using watch = interrupts.watch();
  assert.equal(await watch.race(Promise.resolve("done")), "done");
  await assert.rejects(watch.race(Promise.reject(new Error("failed"))), /failed/);
  let settle!: (value: string) => void;
  const pending = new Promise<string>((resolve) => settle = resolve);
  const raced = watch.race(pending);
  fake.send("SIGINT");
  await assert.rejects(raced, (error) => {
    assert.ok(error instanceof InterruptedError);
    assert.equal(error.cause, "SIGINT");
    return true;
  });
  // A race begun after the interruption fails at once; the signal made now is already aborted.
  await assert.rejects(watch.race(new Promise(() => {})), InterruptedError);
  assert.ok(watch.signal.aborted);
  assert.ok(watch.signal.reason instanceof InterruptedError);
  settle("late");
  assert.equal(await pending, "late", "the promise itself goes on");
});

Deno.test("race: only the innermost watch's races are interrupted; a signal read first is aborted too", async () => {
  const fake = fakeHooks();
  const interrupts = createInterrupts(fake.hooks);
  using outer = interrupts.watch();
  const never = new Promise<never>(() => {});
  const outerRace = outer.race(never);
  let outerSettled = false;
  outerRace.then(() => outerSettled = true, () => outerSettled = true);
  using inner = interrupts.watch();
  const innerSignal = inner.signal;
  const innerRace = inner.race(never);
  fake.send("SIGTERM");
  await assert.rejects(innerRace, InterruptedError);
  assert.ok(innerSignal.aborted);
  await Promise.resolve();
  assert.equal(outerSettled, false);
  assert.equal(outer.signal.aborted, false);
});

Deno.test("race: begun after the interruption, it still takes the promise's later failure", async () => {
  // The stream a reply reads was aborted by the signal; its next step fails once the run has
  // moved on. Left unhandled, that failure ended omn with exit 1 ("Uncaught (in promise)").
  const fake = fakeHooks();
  using watch = createInterrupts(fake.hooks).watch();
  fake.send("SIGINT");
  let fail!: (error: Error) => void;
  const step = new Promise<string>((_, reject) => fail = reject);
  await assert.rejects(watch.race(step), InterruptedError);
  fail(new DOMException("The signal has been aborted", "AbortError"));
  // An unhandled rejection fails this test when the event loop next turns.
  await new Promise((resolve) => setTimeout(resolve, 0));
});

Deno.test("a watch started after the interruption is aborted from the start, by the same signal", async () => {
  // The signal came while only the run watched (ask reading stdin): the run reports it and ends,
  // but the command goes on a moment; the watch it starts next must stop it there.
  const fake = fakeHooks();
  const interrupts = createInterrupts(fake.hooks);
  using run = interrupts.watch();
  const runRace = run.race(new Promise(() => {}));
  fake.send("SIGHUP");
  await assert.rejects(runRace, InterruptedError);
  using reply = interrupts.watch();
  assert.ok(reply.signal.aborted);
  assert.equal(reply.signal.reason, run.signal.reason);
  assert.equal(reply.signal.reason.cause, "SIGHUP");
  await assert.rejects(reply.race(Promise.resolve("sent")), InterruptedError);
  assert.deepEqual(fake.exits, []);
});
