import assert from "node:assert/strict";
import { nextUnlessAborted } from "../../src/core/next_unless_aborted.ts";

/** An iterator whose next() waits until `release` is called, then fails or gives `value`. */
function held<T>(value: T, fail = false) {
  let release = () => {};
  const iterator: AsyncIterator<T> = {
    next: () =>
      new Promise((resolve, reject) => {
        release = () => fail ? reject(new Error("late failure")) : resolve({ value, done: false });
      }),
  };
  return { iterator, release: () => release() };
}

/** Resolves after pending promise callbacks have run. */
function settled(): Promise<void> {
  return new Promise((done) => AbortSignal.timeout(0).addEventListener("abort", () => done()));
}

/** Counts the abort listeners on `signal` that are still attached. */
function countListeners(signal: AbortSignal): () => number {
  let listeners = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((type: string, ...rest: [EventListener, AddEventListenerOptions?]) => {
    if (type === "abort") listeners++;
    add(type, ...rest);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((type: string, ...rest: [EventListener, EventListenerOptions?]) => {
    if (type === "abort") listeners--;
    remove(type, ...rest);
  }) as typeof signal.removeEventListener;
  return () => listeners;
}

Deno.test("each wait gives the next value and leaves no listener on the signal", async () => {
  const controller = new AbortController();
  const attached = countListeners(controller.signal);
  const input = (async function* () {
    for (let n = 0; n < 100; n++) yield n;
  })();
  let sum = 0;
  for (;;) {
    const next = await nextUnlessAborted(input, controller.signal);
    assert.ok(next !== undefined);
    if (next.done) break;
    sum += next.value;
  }
  assert.equal(sum, 4950);
  await settled();
  assert.equal(attached(), 0);
});

Deno.test("an abort ends a wait the iterator never answers; its later failure is dropped", async () => {
  const controller = new AbortController();
  const attached = countListeners(controller.signal);
  const { iterator, release } = held("late", true);
  const waiting = nextUnlessAborted(iterator, controller.signal);
  controller.abort();
  assert.equal(await waiting, undefined);
  release(); // rejects after the abort: no unhandled rejection fails the test
  await settled();
  assert.equal(attached(), 0);
});

Deno.test("a signal aborted already gives undefined without asking the iterator", async () => {
  let asked = 0;
  const iterator: AsyncIterator<number> = {
    next: () => {
      asked++;
      return Promise.resolve({ value: 1, done: false });
    },
  };
  assert.equal(await nextUnlessAborted(iterator, AbortSignal.abort()), undefined);
  assert.equal(asked, 0);
  assert.deepEqual(await nextUnlessAborted(iterator, undefined), { value: 1, done: false });
});

Deno.test("an iterator's failure before the abort is the wait's failure", async () => {
  const { iterator, release } = held("x", true);
  const waiting = nextUnlessAborted(iterator, new AbortController().signal);
  release();
  await assert.rejects(waiting, /late failure/);
});
