import assert from "node:assert/strict";
import { InterruptedError } from "../../src/core/errors.ts";
import { interruptionOf } from "../../src/core/interruption_of.ts";

Deno.test("interruptionOf gives the signal's InterruptedError, else a new one for any other reason", () => {
  const first = new InterruptedError("interrupted by SIGTERM");
  const signalled = new AbortController();
  signalled.abort(first);
  assert.equal(interruptionOf(signalled.signal), first);
  for (const reason of [undefined, new Error("other"), "text"]) {
    const controller = new AbortController();
    controller.abort(reason);
    const made = interruptionOf(controller.signal);
    assert.ok(made instanceof InterruptedError, String(reason));
    assert.equal(made.message, "interrupted");
  }
});
