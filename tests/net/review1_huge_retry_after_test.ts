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
import { ExitCode, RateLimitError } from "../../src/cli/errors.ts";

const NOW = Date.parse("2026-11-29T12:00:00Z");

for (
  const headers of <Record<string, string>[]> [
    { "retry-after": "99999999999999999999" },
    { "x-ratelimit-reset-requests": "99999999999999h" },
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
