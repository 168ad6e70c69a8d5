import assert from "node:assert/strict";
import { untilStopped } from "../../src/core/stream_stop.ts";

Deno.test("untilStopped: until the stream stops, a failure too; nothing to wait for without one", async () => {
  await untilStopped(undefined);
  let stop!: () => void;
  let stopped = false;
  const stopping = new Promise<void>((resolve) => stop = resolve).then(() => stopped = true);
  const waiting = untilStopped(stopping, 60_000);
  setTimeout(stop, 0);
  await waiting;
  assert.ok(stopped);
  await untilStopped(Promise.reject(new Error("the stream failed as it stopped")), 60_000);
});

Deno.test("untilStopped: a stream that never stops is waited for no longer than the bound", async () => {
  const started = performance.now();
  await untilStopped(new Promise(() => {}), 20);
  assert.ok(performance.now() - started < 5_000);
});
