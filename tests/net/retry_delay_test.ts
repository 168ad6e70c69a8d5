import assert from "node:assert/strict";
import {
  backoffDelay,
  formatWait,
  isExhaustedQuota,
  parseDuration,
  parseRetryAfter,
  resetDelayFromHeaders,
  retryDelayFromBody,
  serverDelay,
} from "../../src/net/retry_delay.ts";
import { isRetryableStatus } from "../../src/net/classify_status.ts";

const NOW = Date.parse("2026-11-29T12:00:00Z");

Deno.test("retryable statuses: timeouts, conflicts, rate limits, 5xx gateways and 529; never client errors", () => {
  for (const status of [408, 409, 429, 500, 502, 503, 504, 529]) {
    assert.ok(isRetryableStatus(status), `${status}`);
  }
  for (const status of [200, 301, 400, 401, 403, 404, 413, 422, 501, 505]) {
    assert.ok(!isRetryableStatus(status), `${status}`);
  }
});

Deno.test("backoffDelay: full jitter under an exponential ceiling, capped", () => {
  assert.equal(backoffDelay(1, 0), 0);
  assert.equal(backoffDelay(1, 0.5), 500);
  assert.equal(backoffDelay(2, 0.5), 1000);
  assert.equal(backoffDelay(3, 0.5), 2000);
  assert.equal(backoffDelay(4, 0.999), 7992);
  assert.equal(backoffDelay(20, 0.5), 30_000, "capped at 60 s by default");
  assert.equal(backoffDelay(3, 0.5, { maxMs: 50 }), 25);
  assert.equal(backoffDelay(1, 1, { baseMs: 200 }), 200);
  for (let attempt = 1; attempt <= 10; attempt++) {
    const delay = backoffDelay(attempt, Math.random(), { maxMs: 60_000 });
    assert.ok(delay >= 0 && delay <= Math.min(60_000, 1000 * 2 ** (attempt - 1)));
  }
});

Deno.test("parseRetryAfter: seconds, decimals, HTTP dates; garbage is undefined", () => {
  assert.equal(parseRetryAfter("2", NOW), 2000);
  assert.equal(parseRetryAfter(" 0 ", NOW), 0);
  assert.equal(parseRetryAfter("1.5", NOW), 1500);
  assert.equal(parseRetryAfter("Sun, 29 Nov 2026 12:00:30 GMT", NOW), 30_000);
  assert.equal(parseRetryAfter("Sun, 29 Nov 2026 11:00:00 GMT", NOW), 0, "a past date: now");
  for (const value of [null, undefined, "", "-1", "soon", "1e3", "12:00"]) {
    assert.equal(parseRetryAfter(value, NOW), undefined, String(value));
  }
});

Deno.test("parseDuration: OpenAI's and Google's duration texts", () => {
  assert.equal(parseDuration("1s"), 1000);
  assert.equal(parseDuration("6m0s"), 360_000);
  assert.equal(parseDuration("20ms"), 20);
  assert.equal(parseDuration("1h2m3.5s"), 3_723_500);
  assert.equal(parseDuration("34.4s"), 34_400);
  assert.equal(parseDuration("2m59.56s"), 179_560);
  // Go writes microseconds with the micro sign (U+00B5), and reads the Greek mu (U+03BC) too.
  assert.equal(parseDuration("1500000\u00b5s"), 1500);
  assert.equal(parseDuration("1500000\u03bcs"), 1500);
  assert.equal(parseDuration("1s500000us"), 1500);
  for (const value of [null, "", "5", "1 s", "1d", "s", "1s2"]) {
    assert.equal(parseDuration(value), undefined, String(value));
  }
});

Deno.test("resetDelayFromHeaders: the longest reset among exhausted limits (OpenAI durations)", () => {
  const requestsOut = new Headers({
    "x-ratelimit-remaining-requests": "0",
    "x-ratelimit-reset-requests": "1s",
    "x-ratelimit-remaining-tokens": "9000",
    "x-ratelimit-reset-tokens": "6m0s",
  });
  assert.equal(resetDelayFromHeaders(requestsOut, NOW), 1000);
  const bothOut = new Headers({
    "x-ratelimit-remaining-requests": "0",
    "x-ratelimit-reset-requests": "1s",
    "x-ratelimit-remaining-tokens": "0",
    "x-ratelimit-reset-tokens": "6m0s",
  });
  assert.equal(resetDelayFromHeaders(bothOut, NOW), 360_000);
  const noneOut = new Headers({
    "x-ratelimit-remaining-requests": "2",
    "x-ratelimit-reset-requests": "1s",
  });
  assert.equal(resetDelayFromHeaders(noneOut, NOW), undefined);
  assert.equal(resetDelayFromHeaders(new Headers({ "x-ratelimit-reset-tokens": "3s" }), NOW), 3000);
  assert.equal(resetDelayFromHeaders(new Headers(), NOW), undefined);
});

Deno.test("resetDelayFromHeaders: Go's micro sign as it reaches fetch, one character a byte", async () => {
  // Go's server writes "1500000\u00b5s" in UTF-8 (C2 B5); fetch gives a header's bytes as
  // Latin-1 characters, so the value read is "1500000\u00c2\u00b5s" (seen on a raw socket below).
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const served = (async () => {
    const connection = await listener.accept();
    await connection.read(new Uint8Array(4096));
    const text = (value: string) => new TextEncoder().encode(value);
    await connection.write(
      new Uint8Array([
        ...text("HTTP/1.1 429 Too Many Requests\r\ncontent-length: 0\r\n"),
        ...text("x-ratelimit-remaining-requests: 0\r\n"),
        ...text("x-ratelimit-reset-requests: 1500000\u00b5s\r\n"),
        ...text("connection: close\r\n\r\n"),
      ]),
    );
    connection.close();
  })();
  try {
    const response = await fetch(`http://127.0.0.1:${listener.addr.port}/`);
    await response.body?.cancel();
    assert.equal(response.headers.get("x-ratelimit-reset-requests"), "1500000\u00c2\u00b5s");
    assert.equal(resetDelayFromHeaders(response.headers, NOW), 1500);
  } finally {
    await served;
    listener.close();
  }
  // The Greek mu (CE BC) too; a lone 0xB5 byte is the micro sign in Latin-1 as well.
  for (const reset of ["1500000\u00ce\u00bcs", "1500000\u00b5s"]) {
    const headers = new Headers({
      "x-ratelimit-remaining-tokens": "0",
      "x-ratelimit-reset-tokens": reset,
    });
    assert.equal(resetDelayFromHeaders(headers, NOW), 1500, reset);
  }
  // Bytes that are not UTF-8 are read as they came: no unit of a duration.
  const garbled = new Headers({
    "x-ratelimit-remaining-tokens": "0",
    "x-ratelimit-reset-tokens": "15\u00c2s",
  });
  assert.equal(resetDelayFromHeaders(garbled, NOW), undefined);
});

Deno.test("resetDelayFromHeaders: Anthropic's RFC 3339 reset times", () => {
  const headers = new Headers({
    "anthropic-ratelimit-requests-remaining": "10",
    "anthropic-ratelimit-requests-reset": "2026-11-29T12:05:00Z",
    "anthropic-ratelimit-input-tokens-remaining": "0",
    "anthropic-ratelimit-input-tokens-reset": "2026-11-29T12:00:12Z",
    "anthropic-ratelimit-output-tokens-remaining": "0",
    "anthropic-ratelimit-output-tokens-reset": "2026-11-29T12:00:07.500Z",
  });
  assert.equal(resetDelayFromHeaders(headers, NOW), 12_000);
  const past = new Headers({
    "anthropic-ratelimit-tokens-remaining": "0",
    "anthropic-ratelimit-tokens-reset": "2026-11-29T11:59:00Z",
  });
  assert.equal(resetDelayFromHeaders(past, NOW), 0);
});

Deno.test("retryDelayFromBody: Gemini's RetryInfo, as text or seconds and nanos", () => {
  const body = JSON.stringify({
    error: {
      code: 429,
      status: "RESOURCE_EXHAUSTED",
      details: [
        { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [] },
        { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "12.5s" },
      ],
    },
  });
  assert.equal(retryDelayFromBody(body), 12_500);
  assert.equal(retryDelayFromBody(`[${body}]`), 12_500, "some Google endpoints wrap it in a list");
  assert.equal(
    retryDelayFromBody(JSON.stringify({
      error: {
        details: [{
          "@type": "type.googleapis.com/google.rpc.RetryInfo",
          retryDelay: { seconds: 3, nanos: 250_000_000 },
        }],
      },
    })),
    3250,
  );
  for (const text of [undefined, "", "not json", '{"error":{"message":"x"}}', "null"]) {
    assert.equal(retryDelayFromBody(text), undefined, String(text));
  }
});

Deno.test("serverDelay: retry-after-ms, then Retry-After, then reset headers, then RetryInfo", () => {
  const info =
    '{"error":{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"9s"}]}}';
  const all = new Headers({
    "retry-after-ms": "250",
    "retry-after": "2",
    "x-ratelimit-remaining-requests": "0",
    "x-ratelimit-reset-requests": "5s",
  });
  assert.deepEqual(serverDelay(all, info, NOW), { delayMs: 250, source: "retry-after-ms" });
  all.delete("retry-after-ms");
  assert.deepEqual(serverDelay(all, info, NOW), { delayMs: 2000, source: "retry-after" });
  all.delete("retry-after");
  assert.deepEqual(serverDelay(all, info, NOW), {
    delayMs: 5000,
    source: "rate-limit reset headers",
  });
  assert.deepEqual(serverDelay(new Headers(), info, NOW), { delayMs: 9000, source: "RetryInfo" });
  assert.equal(serverDelay(new Headers(), "{}", NOW), undefined);
});

Deno.test("isExhaustedQuota: OpenAI's insufficient_quota is not a rate limit", () => {
  assert.ok(isExhaustedQuota('{"error":{"code":"insufficient_quota","message":"x"}}'));
  assert.ok(isExhaustedQuota('{"error":{"type":"insufficient_quota"}}'));
  assert.ok(!isExhaustedQuota('{"error":{"code":"rate_limit_exceeded"}}'));
  assert.ok(!isExhaustedQuota("<html>"));
  assert.ok(!isExhaustedQuota(undefined));
});

Deno.test("formatWait: milliseconds, seconds, minutes, hours", () => {
  assert.equal(formatWait(40), "40 ms");
  assert.equal(formatWait(2149), "2.1 s");
  assert.equal(formatWait(365_000), "6 min 5 s");
  assert.equal(formatWait(3_720_000), "1 h 2 min");
});
