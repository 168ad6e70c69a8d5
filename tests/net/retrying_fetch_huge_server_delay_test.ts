/**
 * Adversarial review (issue 11 item 14, durations from outside): a server's
 * `Retry-After` or rate-limit reset header far in the future (a hostile or
 * broken server answering `retry-after: 99999999999999999999`) turns the
 * 429 into "openai: Invalid time value", exit 1: the rate-limit error (exit
 * 5, which scripts use to wait and retry) and the server's message are
 * lost, because the reset note builds a Date beyond the range of Date.
 * Reproduce: a 429 with that header, `omn ask --max-retries 0 …` → exit 1.
 *
 * @module
 */
import assert from "node:assert/strict";
import { createRetryingFetch } from "../../src/net/retrying_fetch.ts";
import { ExitCode, RateLimitError } from "../../src/core/errors.ts";
import { MAX_SERVER_DELAY_MS, retryDelayFromBody, serverDelay } from "../../src/net/retry_delay.ts";

const NOW = Date.parse("2026-11-29T12:00:00Z");

for (
  const headers of <Record<string, string>[]> [
    { "retry-after": "99999999999999999999" },
    { "x-ratelimit-reset-requests": "99999999999999h" },
    { "retry-after-ms": "99999999999999999999999" },
    { "retry-after": "9".repeat(400) },
    { "x-ratelimit-remaining-tokens": "0", "x-ratelimit-reset-tokens": "9".repeat(400) + "s" },
  ]
) {
  Deno.test(`a 429 with ${JSON.stringify(headers)} stays a rate-limit error (exit 5)`, async () => {
    const fetch = createRetryingFetch({
      provider: "openai",
      fetch: (() =>
        Promise.resolve(
          new Response('{"error":{"message":"slow down"}}', { status: 429, headers }),
        )) as typeof globalThis.fetch,
      random: () => 0,
      now: () => NOW,
      maxRetries: 0,
    });
    await assert.rejects(
      () => fetch("http://127.0.0.1:9/v1/chat/completions", { method: "POST", body: "{}" }),
      (error: Error) => {
        assert.ok(error instanceof RateLimitError, `${error.name}: ${error.message}`);
        assert.equal(error.exitCode, ExitCode.RateLimited);
        assert.match(error.message, /slow down/);
        return true;
      },
    );
  });
}

Deno.test("a 429 whose body's RetryInfo is beyond Date's range stays a rate-limit error (exit 5)", async () => {
  const body = JSON.stringify({
    error: {
      message: "slow down",
      details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "1e30s" }],
    },
  }).replace("1e30s", "9".repeat(30) + "s");
  for (const retryBody of [body, body.replace(`"${"9".repeat(30)}s"`, '{"seconds":1e300}')]) {
    const fetch = createRetryingFetch({
      provider: "gemini",
      fetch: (() =>
        Promise.resolve(new Response(retryBody, { status: 429 }))) as typeof globalThis.fetch,
      random: () =>
        0,
      now: () => NOW,
      maxRetries: 0,
    });
    await assert.rejects(
      () => fetch("http://127.0.0.1:9/v1/models", { method: "POST", body: "{}" }),
      (error: Error) => {
        assert.ok(error instanceof RateLimitError, `${error.name}: ${error.message}`);
        assert.match(error.message, /slow down/);
        return true;
      },
    );
  }
});

Deno.test("with retries on, a huge server wait is refused as too long, still exit 5", async () => {
  const fetch = createRetryingFetch({
    provider: "openai",
    fetch: (() =>
      Promise.resolve(
        new Response('{"error":{"message":"slow down"}}', {
          status: 429,
          headers: { "retry-after": "99999999999999999999" },
        }),
      )) as typeof globalThis.fetch,
    random: () => 0,
    now: () => NOW,
    maxRetries: 2,
  });
  await assert.rejects(
    () => fetch("http://127.0.0.1:9/v1/chat/completions", { method: "POST", body: "{}" }),
    (error: Error) => {
      assert.ok(error instanceof RateLimitError, `${error.name}: ${error.message}`);
      assert.match(error.message, /slow down/);
      return true;
    },
  );
});

Deno.test("every server-sent wait is clamped so that now + wait is a valid date", () => {
  const sources = [
    new Headers({ "retry-after": "99999999999999999999" }),
    new Headers({ "retry-after-ms": "9".repeat(400) }),
    new Headers({ "x-ratelimit-reset-requests": "99999999999999h" }),
    new Headers({ "anthropic-ratelimit-requests-reset": "+275760-09-13T00:00:00Z" }),
  ];
  for (const headers of sources) {
    const hint = serverDelay(headers, undefined, NOW);
    if (hint === undefined) continue;
    assert.ok(hint.delayMs <= MAX_SERVER_DELAY_MS, `${hint.source}: ${hint.delayMs}`);
    assert.doesNotThrow(() => new Date(NOW + hint.delayMs).toISOString());
  }
  const body = JSON.stringify({
    error: {
      details: [{ "@type": "google.rpc.RetryInfo", retryDelay: { seconds: "x" } }],
    },
  });
  assert.equal(retryDelayFromBody(body), undefined);
});
