import assert from "node:assert/strict";
import { RateLimitError, TimedOutError } from "../../src/core/errors.ts";
import type { Failure } from "../../src/net/attempt_failure.ts";
import { decideNext, type RetryState } from "../../src/net/retry_decision.ts";

const NOW = Date.parse("2026-11-29T12:00:00Z");

function state(overrides: Partial<RetryState> = {}): RetryState {
  return {
    provider: "openai",
    retries: 0,
    maxRetries: 4,
    maxRetryWaitMs: 60_000,
    timeoutMs: 600_000,
    startedAt: NOW,
    now: NOW,
    random: () => 0.5,
    ...overrides,
  };
}

function rateLimited(headers: Record<string, string> = {}): Failure {
  return {
    status: 429,
    headers: new Headers(headers),
    body: "",
    reason: "429",
    error: new RateLimitError("openai rate limited the request (429)"),
  };
}

const dropped: Failure = {
  reason: "a dropped connection",
  error: new RateLimitError("openai: the connection was lost before the reply started (reset)"),
};

Deno.test("decideNext: an answer is returned as it is", () => {
  const response = new Response("hi");
  assert.deepEqual(decideNext({ response }, state()), { action: "return", response });
});

Deno.test("decideNext: a failure is retried after the backoff, with the event that announces it", () => {
  const next = decideNext({ failure: dropped }, state({ retries: 2 }));
  assert.deepEqual(next, {
    action: "retry",
    delayMs: 2000, // the third retry's ceiling is 4 s; half of it
    event: {
      provider: "openai",
      attempt: 3,
      maxRetries: 4,
      delayMs: 2000,
      status: undefined,
      reason: "a dropped connection",
    },
  });
});

Deno.test("decideNext: the wait the provider asks for wins, and no random number is drawn", () => {
  let drawn = 0;
  const next = decideNext(
    { failure: rateLimited({ "retry-after": "7" }) },
    state({ random: () => (drawn++, 0.5) }),
  );
  assert.equal(next.action, "retry");
  assert.equal(next.action === "retry" && next.delayMs, 7000);
  assert.equal(drawn, 0);
});

Deno.test("decideNext: gives up when the retries are spent, saying when the limit resets", () => {
  const next = decideNext(
    { failure: rateLimited({ "retry-after": "30" }) },
    state({ retries: 4 }),
  );
  assert.equal(next.action, "give-up");
  if (next.action !== "give-up") return;
  assert.ok(next.error instanceof RateLimitError);
  assert.equal(
    next.error.message,
    "openai rate limited the request (429) after 4 retries; the limit resets in 30.0 s (at 2026-11-29T12:00:30Z)",
  );
});

Deno.test("decideNext: with retries off the error says so", () => {
  const next = decideNext({ failure: dropped }, state({ maxRetries: 0 }));
  assert.equal(
    next.action === "give-up" && /retries are off \(--max-retries 0\)$/.test(next.error.message),
    true,
  );
});

Deno.test("decideNext: a wait longer than --max-retry-wait gives up at once", () => {
  const next = decideNext(
    { failure: rateLimited({ "retry-after": "120" }) },
    state({ maxRetryWaitMs: 60_000 }),
  );
  assert.equal(next.action, "give-up");
  assert.match(
    next.action === "give-up" ? next.error.message : "",
    /it asks to wait 2 min 0 s, longer than the 1 min 0 s omn waits at most \(--max-retry-wait\)/,
  );
});

Deno.test("decideNext: a wait past the total time limit gives up, keeping a timeout a timeout", () => {
  const timedOut: Failure = {
    reason: "a connect timeout",
    error: new TimedOutError("openai: timed out waiting for the response to start"),
  };
  const next = decideNext(
    { failure: timedOut },
    state({ now: NOW + 599_500, random: () => 0.9 }),
  );
  assert.equal(next.action, "give-up");
  if (next.action !== "give-up") return;
  assert.ok(next.error instanceof TimedOutError);
  assert.match(next.error.message, /would pass the total time limit of 10 min 0 s \(--timeout\)$/);
});
