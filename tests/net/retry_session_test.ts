/**
 * A retry session is found by its own signal and by nothing else: not by the
 * caller's signal it follows, not by a signal derived from it (a `Request`'s),
 * not by another session's; and it follows the caller's signal and its own
 * total timeout.
 */
import assert from "node:assert/strict";
import { retrySessionOf, startRetrySession } from "../../src/net/retry_session.ts";
import { RequestTimeoutError } from "../../src/net/request_timeout_error.ts";

const LIMITS = { maxRetries: 2, maxRetryWaitMs: 1000, timeoutMs: 60_000 };

function start(signal?: AbortSignal) {
  return startRetrySession({ provider: "openai", limits: LIMITS, now: 0, signal });
}

Deno.test("retrySessionOf finds a session by its signal, each concurrent session by its own", () => {
  const first = start();
  const second = start(new AbortController().signal);
  try {
    assert.equal(retrySessionOf(first.signal), first);
    assert.equal(retrySessionOf(second.signal), second);
    assert.notEqual(first.signal, second.signal);
  } finally {
    first.end();
    second.end();
  }
});

Deno.test("retrySessionOf finds nothing by the caller's signal, a derived signal, another signal or none", () => {
  const caller = new AbortController();
  const session = start(caller.signal);
  try {
    assert.notEqual(session.signal, caller.signal);
    assert.equal(retrySessionOf(caller.signal), undefined);
    const derived = new Request("https://api.openai.com/v1", { signal: session.signal }).signal;
    assert.equal(retrySessionOf(derived), undefined);
    assert.equal(retrySessionOf(AbortSignal.any([session.signal])), undefined);
    assert.equal(retrySessionOf(new AbortController().signal), undefined);
    assert.equal(retrySessionOf(undefined), undefined);
    assert.equal(retrySessionOf(null), undefined);
  } finally {
    session.end();
  }
});

Deno.test("a session's signal follows the caller's abort, with the caller's reason", () => {
  const caller = new AbortController();
  const session = start(caller.signal);
  try {
    assert.equal(session.signal.aborted, false);
    const reason = new Error("interrupted");
    caller.abort(reason);
    assert.equal(session.signal.aborted, true);
    assert.equal(session.signal.reason, reason);
  } finally {
    session.end();
  }
});

Deno.test("a session's signal ends with its total timeout", async () => {
  const session = startRetrySession({
    provider: "openai",
    limits: { ...LIMITS, timeoutMs: 1 },
    now: 0,
  });
  try {
    const reason = await new Promise((resolve) =>
      session.signal.addEventListener("abort", () => resolve(session.signal.reason))
    );
    assert.ok(reason instanceof RequestTimeoutError);
    assert.equal(retrySessionOf(session.signal), session);
  } finally {
    session.end();
  }
});
