import assert from "node:assert/strict";
import { errorTypeOf } from "../../src/core/error_type.ts";
import { instantClock } from "../_support/instant_clock.ts";
import {
  createRetryingFetch,
  describeRetry,
  isTransientConnectionFailure,
  type RetryEvent,
  type RetryingFetchOptions,
} from "../../src/net/retrying_fetch.ts";
import { createSecureFetch } from "../../src/net/secure_fetch.ts";
import {
  ExitCode,
  InterruptedError,
  OmnError,
  ProviderError,
  RateLimitError,
  TimedOutError,
} from "../../src/core/errors.ts";

const NOW = Date.parse("2026-11-29T12:00:00Z");
const URL_ = "http://127.0.0.1:9/v1/chat/completions";

type Answer = (init: RequestInit) => Response | Promise<Response>;

/** A fetch that gives the answers in turn (the last one again and again) and records each call. */
function scripted(...answers: Answer[]) {
  const calls: { body: string; signal: AbortSignal }[] = [];
  const fetch = async (_input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({
      body: new TextDecoder().decode(init?.body as ArrayBuffer),
      signal: init!.signal!,
    });
    return await answers[Math.min(calls.length - 1, answers.length - 1)](init!);
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

function retrying(
  underlying: typeof fetch,
  options: Partial<RetryingFetchOptions> = {},
  events: RetryEvent[] = [],
) {
  return createRetryingFetch({
    provider: "openai",
    fetch: underlying,
    random: () => 0,
    now: () => NOW,
    onRetry: (event) => void events.push(event),
    ...options,
  });
}

const post = { method: "POST", body: '{"q":1}', headers: { "content-type": "application/json" } };

const status =
  (code: number, body = `{"error":{"message":"status ${code}"}}`, headers = {}) => () =>
    new Response(body, { status: code, headers });

/** A body that never sends a byte and fails with the signal's reason when it fires. */
function silentBody(signal: AbortSignal, first?: string): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      if (first !== undefined) controller.enqueue(new TextEncoder().encode(first));
      signal.addEventListener("abort", () => controller.error(signal.reason), { once: true });
    },
  });
}

/** Waits for the signal, then rejects with its reason (a request that never answers). */
const never: Answer = (init) =>
  new Promise((_, reject) => {
    const signal = init.signal!;
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });

async function rejection(promise: Promise<unknown>): Promise<OmnError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof OmnError, `an OmnError, not ${error}`);
    return error;
  }
  assert.fail("it did not reject");
}

Deno.test("503, then 500, then 200: two retries, the same body each time, the reply handed on", async () => {
  const { calls, fetch } = scripted(status(503), status(500), () => new Response("data: ok\n\n"));
  const events: RetryEvent[] = [];
  const response = await retrying(fetch, {}, events)(URL_, post);
  assert.equal(response.status, 200);
  assert.equal(await response.text(), "data: ok\n\n");
  assert.deepEqual(calls.map((call) => call.body), ['{"q":1}', '{"q":1}', '{"q":1}']);
  assert.deepEqual(events, [
    { provider: "openai", attempt: 1, maxRetries: 4, delayMs: 0, status: 503, reason: "503" },
    { provider: "openai", attempt: 2, maxRetries: 4, delayMs: 0, status: 500, reason: "500" },
  ]);
});

Deno.test("408, 409, 502, 504 and Anthropic's 529 are retried too", async () => {
  for (const code of [408, 409, 502, 504, 529]) {
    const { calls, fetch } = scripted(status(code), () => new Response("ok"));
    assert.equal(await (await retrying(fetch)(URL_, post)).text(), "ok");
    assert.equal(calls.length, 2, `${code}`);
  }
});

Deno.test("400, 401, 403, 404 and 422 are never retried: the answer is handed on as it came", async () => {
  for (const code of [400, 401, 403, 404, 422]) {
    const { calls, fetch } = scripted(status(code));
    const events: RetryEvent[] = [];
    const response = await retrying(fetch, {}, events)(URL_, post);
    assert.equal(response.status, code);
    assert.equal(await response.text(), `{"error":{"message":"status ${code}"}}`);
    assert.equal(calls.length, 1);
    assert.deepEqual(events, []);
  }
});

Deno.test("OpenAI's insufficient_quota 429 is handed on, not retried (waiting will not refill it)", async () => {
  const body =
    '{"error":{"code":"insufficient_quota","message":"You exceeded your current quota"}}';
  const { calls, fetch } = scripted(status(429, body));
  const response = await retrying(fetch)(URL_, post);
  assert.equal(response.status, 429);
  assert.equal(await response.text(), body);
  assert.equal(calls.length, 1);
});

Deno.test("a wait the provider asks for is honoured when it is within --max-retry-wait", async () => {
  const { calls, fetch } = scripted(
    status(429, "{}", { "retry-after-ms": "60" }),
    () => new Response("ok"),
  );
  const events: RetryEvent[] = [];
  const clock = instantClock(NOW);
  await (await retrying(fetch, { maxRetryWaitMs: 1000, clock, now: undefined }, events)(URL_, post))
    .text();
  assert.deepEqual(clock.waits, [60], "it waited what the provider asked, through the clock");
  assert.equal(calls.length, 2);
  assert.equal(events[0].delayMs, 60);
});

Deno.test("backoff is capped by --max-retry-wait", async () => {
  const { fetch } = scripted(status(503), status(503), status(503), () => new Response("ok"));
  const events: RetryEvent[] = [];
  await (await retrying(fetch, { random: () => 0.999, maxRetryWaitMs: 20 }, events)(URL_, post))
    .text();
  assert.deepEqual(events.map((event) => event.delayMs), [20, 20, 20]);
});

Deno.test("a wait longer than --max-retry-wait gives up at once, exit 5, naming the wait and the reset", async () => {
  const { calls, fetch } = scripted(
    status(429, '{"error":{"message":"Rate limit reached"}}', { "retry-after": "120" }),
  );
  const error = await rejection(retrying(fetch)(URL_, post));
  assert.ok(error instanceof RateLimitError);
  assert.equal(error.exitCode, ExitCode.RateLimited);
  assert.equal(
    error.message,
    "openai rate limited the request (429: Rate limit reached); it asks to wait 2 min 0 s, " +
      "longer than the 1 min 0 s omn waits at most (--max-retry-wait); " +
      "the limit resets in 2 min 0 s (at 2026-11-29T12:02:00Z)",
  );
  assert.equal(calls.length, 1);
});

Deno.test("when retries run out: exit 5 with the provider's message, the count and the reset", async () => {
  const { calls, fetch } = scripted(
    status(429, '{"error":{"message":"Slow down"}}', {
      "x-ratelimit-remaining-requests": "0",
      "x-ratelimit-reset-requests": "20ms",
    }),
  );
  const error = await rejection(retrying(fetch, { maxRetries: 2 })(URL_, post));
  assert.equal(error.exitCode, ExitCode.RateLimited);
  assert.equal(
    error.message,
    "openai rate limited the request (429: Slow down) after 2 retries; " +
      "the limit resets in 20 ms (at 2026-11-29T12:00:00Z)",
  );
  assert.equal(calls.length, 3);
});

Deno.test("5xx to the end is exit 5 too; an HTML page from a proxy is named by its title", async () => {
  const page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
  const { calls, fetch } = scripted(status(502, page, { "content-type": "text/html" }));
  const error = await rejection(retrying(fetch, { maxRetries: 1 })(URL_, post));
  assert.equal(error.exitCode, ExitCode.RateLimited);
  assert.equal(error.message, 'openai returned 502: an HTML page "502 Bad Gateway" after 1 retry');
  assert.equal(calls.length, 2);
});

Deno.test("--max-retries 0: one attempt, and the message says retries are off", async () => {
  const { calls, fetch } = scripted(status(503));
  const error = await rejection(retrying(fetch, { maxRetries: 0 })(URL_, post));
  assert.match(error.message, /retries are off \(--max-retries 0\)$/);
  assert.equal(calls.length, 1);
});

Deno.test("a retry that would pass the total time limit is not started", async () => {
  const { calls, fetch } = scripted(status(503, "{}", { "retry-after-ms": "5000" }));
  const error = await rejection(
    retrying(fetch, { timeoutMs: 1000, maxRetryWaitMs: 10_000 })(URL_, post),
  );
  assert.match(error.message, /waiting 5\.0 s more would pass the total time limit of 1\.0 s/);
  assert.equal(calls.length, 1);
});

Deno.test("a connection dropped before the response is retried; a refused one is not", async () => {
  const dropped = () =>
    Promise.reject(
      new TypeError("fetch failed", {
        cause: new Error(
          "error sending request for url (http://127.0.0.1:9/v1): client error (SendRequest): connection closed before message completed",
        ),
      }),
    );
  const refused = () =>
    Promise.reject(
      new TypeError("fetch failed", {
        cause: new Error(
          "error sending request for url (http://127.0.0.1:9/v1): client error (Connect): tcp connect error: Connection refused (os error 111)",
        ),
      }),
    );
  const first = scripted(dropped, () => new Response("ok"));
  const events: RetryEvent[] = [];
  const secure = createSecureFetch({ provider: "openai", fetch: first.fetch });
  assert.equal(await (await retrying(secure, {}, events)(URL_, post)).text(), "ok");
  assert.equal(first.calls.length, 2);
  assert.equal(events[0].reason, "a dropped connection");
  assert.equal(events[0].status, undefined);

  const second = scripted(refused);
  const refusedEvents: RetryEvent[] = [];
  const error = await rejection(
    retrying(createSecureFetch({ provider: "openai", fetch: second.fetch }), {
      maxRetries: 2,
    }, refusedEvents)(URL_, post),
  );
  assert.equal(error.exitCode, ExitCode.RateLimited);
  assert.equal(errorTypeOf(error), "unreachable");
  assert.equal(
    error.message,
    'Cannot reach openai at "http://127.0.0.1:9/v1/chat/completions": tcp connect error: Connection refused (os error 111) after 2 retries',
  );
  assert.equal(second.calls.length, 3);
  assert.deepEqual(refusedEvents.map((event) => event.reason), [
    "a refused connection",
    "a refused connection",
  ]);
});

Deno.test("DNS and TLS failures are retried and end in exit 5 naming the host and the cause", async () => {
  for (
    const [cause, reason] of [
      ["client error (Connect): dns error: failed to lookup address information", "a DNS failure"],
      ["client error (Connect): invalid peer certificate: UnknownIssuer", "a TLS failure"],
    ]
  ) {
    const failing = () =>
      Promise.reject(
        new TypeError("fetch failed", {
          cause: new Error(`error sending request for url (https://api.openai.com/v1): ${cause}`),
        }),
      );
    const { calls, fetch } = scripted(failing);
    const events: RetryEvent[] = [];
    const error = await rejection(
      retrying(createSecureFetch({ provider: "openai", fetch }), { maxRetries: 1 }, events)(
        "https://api.openai.com/v1/chat/completions",
        post,
      ),
    );
    assert.equal(calls.length, 2);
    assert.equal(events[0].reason, reason);
    assert.equal(error.exitCode, ExitCode.RateLimited);
    assert.equal(errorTypeOf(error), "unreachable");
    assert.match(error.message, /^Cannot reach openai at "https:\/\/api\.openai\.com\//);
    assert.ok(error.message.includes(cause.replace(/^client error \(Connect\): /, "")));
  }
});

Deno.test("connections dropped to the end: exit 5 naming what happened", async () => {
  const drop = () =>
    Promise.reject(new TypeError("fetch failed", { cause: new Error("connection reset by peer") }));
  const { calls, fetch } = scripted(drop);
  const error = await rejection(
    retrying(createSecureFetch({ provider: "openai", fetch }), { maxRetries: 1 })(URL_, post),
  );
  assert.equal(error.exitCode, ExitCode.RateLimited);
  assert.match(
    error.message,
    /^Cannot reach openai at ".*": connection reset by peer after 1 retry$/,
  );
  assert.equal(calls.length, 2);
});

Deno.test("connect timeout: no response in time is retried, then exit 5 naming it", async () => {
  const { calls, fetch } = scripted(never);
  const events: RetryEvent[] = [];
  const error = await rejection(
    retrying(fetch, { connectTimeoutMs: 30, maxRetries: 1 }, events)(URL_, post),
  );
  assert.ok(error instanceof TimedOutError);
  assert.equal(
    error.message,
    "openai: timed out waiting for the response to start (connect timeout, 30 ms; " +
      "raise it with --connect-timeout) after 1 retry",
  );
  assert.equal(calls.length, 2);
  assert.equal(events[0].reason, "a connect timeout");
});

Deno.test("first-byte timeout: headers but no body byte in time is retried", async () => {
  const { calls, fetch } = scripted(
    (init) => new Response(silentBody(init.signal!)),
    () => new Response("data: ok"),
  );
  const events: RetryEvent[] = [];
  const response = await retrying(fetch, { firstByteTimeoutMs: 30 }, events)(URL_, post);
  assert.equal(await response.text(), "data: ok");
  assert.equal(calls.length, 2);
  assert.equal(events[0].reason, "a first-byte timeout");
});

Deno.test("idle timeout after the first byte: the stream fails naming it, and is never retried", async () => {
  const { calls, fetch } = scripted((init) =>
    new Response(silentBody(init.signal!, "data: 1\n\n"))
  );
  const response = await retrying(fetch, { idleTimeoutMs: 30 })(URL_, post);
  const reader = response.body!.getReader();
  assert.equal(new TextDecoder().decode((await reader.read()).value), "data: 1\n\n");
  const error = await rejection(reader.read());
  assert.ok(error instanceof TimedOutError);
  assert.equal(
    error.message,
    "openai: timed out while streaming: no data for 30 ms (idle timeout; raise it with --idle-timeout)",
  );
  assert.equal(calls.length, 1);
});

Deno.test("a body read in thousands of chunks starts one idle timer, not one per chunk", async () => {
  // AbortSignal.timeout's timer cannot be cleared: one per read lived out the idle timeout
  // (120 s by default) with its signal, so a long fast reply held tens of thousands of them.
  const chunks = 3000;
  const { fetch } = scripted(() => {
    let sent = 0;
    return new Response(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ === chunks) controller.close();
          else controller.enqueue(new TextEncoder().encode("data: x\n\n"));
        },
      }, { highWaterMark: 0 }),
    );
  });
  const idleMs = 77_777;
  const original = AbortSignal.timeout;
  let idleTimers = 0;
  AbortSignal.timeout = (ms: number) => {
    if (ms === idleMs) idleTimers++;
    return original(ms);
  };
  let text: string;
  try {
    const response = await retrying(fetch, { idleTimeoutMs: idleMs })(URL_, post);
    text = await response.text();
  } finally {
    AbortSignal.timeout = original;
  }
  assert.equal(text, "data: x\n\n".repeat(chunks));
  assert.equal(idleTimers, 1);
});

Deno.test("a connection lost in the middle of the body is reported, not retried", async () => {
  const { calls, fetch } = scripted(() =>
    new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("data: 1\n\n"));
        },
        pull(controller) {
          controller.error(new TypeError("error reading a body from connection"));
        },
      }),
    )
  );
  const response = await retrying(fetch)(URL_, post);
  const error = await rejection(response.text());
  assert.ok(error instanceof ProviderError);
  assert.equal(
    error.message,
    "openai: the connection was lost while the reply was streaming (error reading a body from connection)",
  );
  assert.equal(calls.length, 1);
});

Deno.test("a connection lost before the body's first byte is retried", async () => {
  const { calls, fetch } = scripted(
    () =>
      new Response(
        new ReadableStream({
          pull: (controller) =>
            controller.error(new TypeError("error reading a body from connection")),
        }),
      ),
    () => new Response("ok"),
  );
  const events: RetryEvent[] = [];
  assert.equal(await (await retrying(fetch, {}, events)(URL_, post)).text(), "ok");
  assert.equal(calls.length, 2);
  assert.equal(events[0].reason, "a dropped connection");
});

Deno.test("the total timeout bounds the stream too", async () => {
  const { fetch } = scripted((init) => new Response(silentBody(init.signal!, "data: 1\n\n")));
  const response = await retrying(fetch, { timeoutMs: 40 })(URL_, post);
  const error = await rejection(response.text());
  assert.equal(
    error.message,
    "openai: timed out for the whole request (total timeout, 40 ms; raise it with --timeout)",
  );
});

Deno.test("the caller's abort ends a retry's wait at once, with the caller's reason", async () => {
  const { calls, fetch } = scripted(status(503, "{}", { "retry-after": "30" }));
  const controller = new AbortController();
  // A sleep that only ends when aborted: the test passes only if the abort ends the wait.
  const clock = {
    now: () => NOW,
    sleep: (_ms: number, signal?: AbortSignal) =>
      new Promise<void>((_resolve, reject) => {
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      }),
  };
  const error = await rejection(
    retrying(fetch, {
      clock,
      onRetry: () =>
        void queueMicrotask(() => controller.abort(new InterruptedError("interrupted"))),
    })(URL_, { ...post, signal: controller.signal }),
  );
  assert.ok(error instanceof InterruptedError);
  assert.equal(calls.length, 1);
});

Deno.test("the caller's abort mid-stream fails the body with the caller's reason", async () => {
  const { fetch } = scripted((init) => new Response(silentBody(init.signal!, "data: 1\n\n")));
  const controller = new AbortController();
  const response = await retrying(fetch)(URL_, { ...post, signal: controller.signal });
  const reader = response.body!.getReader();
  await reader.read();
  controller.abort(new InterruptedError("interrupted"));
  assert.ok((await rejection(reader.read())) instanceof InterruptedError);
});

Deno.test("describeRetry and the transient failures", () => {
  assert.equal(
    describeRetry({
      provider: "openai",
      attempt: 1,
      maxRetries: 4,
      delayMs: 2100,
      status: 429,
      reason: "429",
    }),
    "retrying in 2.1 s after 429 from openai (retry 1 of 4)",
  );
  for (
    const message of [
      "connection closed before message completed",
      "Connection reset by peer (os error 104)",
      "Broken pipe (os error 32)",
      "unexpected EOF",
    ]
  ) {
    assert.ok(
      isTransientConnectionFailure(new TypeError("fetch failed", { cause: new Error(message) })),
    );
  }
  for (
    const message of [
      "tcp connect error: Connection refused (os error 111)",
      "dns error: failed to lookup address information",
      "invalid peer certificate: UnknownIssuer",
    ]
  ) {
    assert.ok(
      !isTransientConnectionFailure(new TypeError("fetch failed", { cause: new Error(message) })),
    );
  }
});
