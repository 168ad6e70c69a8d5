import assert from "node:assert/strict";
import { join } from "node:path";
import { RATE_LIMIT_STATE_FILE, RateLimiter } from "../../src/net/rate_limiter.ts";
import { bucketCapacity } from "../../src/net/token_bucket.ts";
import { RefusalError } from "../../src/core/errors.ts";

const REPO_ROOT = new URL("../../", import.meta.url).pathname;
const WORKER = new URL("./_rate_limit_worker.ts", import.meta.url).pathname;
const KEY = { provider: "openai", fingerprint: "fp:0123456789ab" };

/** A limiter over a fresh directory whose clock moves only when it sleeps. */
async function fakeClockLimiter(start = 1_000_000) {
  const root = await Deno.makeTempDir({ prefix: "omn-rate-" });
  const dir = join(root, "home");
  let clock = start;
  const sleeps: number[] = [];
  const limiter = new RateLimiter(dir, {
    clock: {
      now: () => clock,
      sleep: (ms, signal) => {
        signal?.throwIfAborted();
        sleeps.push(ms);
        clock += ms;
        return Promise.resolve();
      },
    },
  });
  return {
    dir,
    limiter,
    sleeps,
    advance: (ms: number) => void (clock += ms),
    state: async () => JSON.parse(await Deno.readTextFile(join(dir, RATE_LIMIT_STATE_FILE))),
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

Deno.test("acquire without limits returns at once and writes nothing", async () => {
  await using fake = await fakeClockLimiter();
  await fake.limiter.acquire({ ...KEY, limits: {} });
  await fake.limiter.acquire({ ...KEY, limits: { requestsPerMinute: 0, tokensPerMinute: 0 } });
  await assert.rejects(Deno.stat(fake.dir), Deno.errors.NotFound);
});

Deno.test("acquire: a burst of a bucket's capacity, then one request per interval", async () => {
  await using fake = await fakeClockLimiter();
  for (let index = 0; index < 12; index++) {
    await fake.limiter.acquire({ ...KEY, limits: { requestsPerMinute: 60 } });
  }
  assert.deepEqual(fake.sleeps, [1000, 1000]);
});

Deno.test("acquire: tokens are limited too, and settle corrects the estimate", async () => {
  await using fake = await fakeClockLimiter();
  const limits = { tokensPerMinute: 600 }; // 100 a burst, 10 a second
  await fake.limiter.acquire({ ...KEY, limits, tokens: 100 });
  await fake.limiter.settle({ ...KEY, limits, tokens: -40 }); // used 60, not 100
  await fake.limiter.acquire({ ...KEY, limits, tokens: 40 });
  assert.deepEqual(fake.sleeps, []);
  await fake.limiter.settle({ ...KEY, limits, tokens: 50 }); // used 90, not 40
  await fake.limiter.acquire({ ...KEY, limits, tokens: 10 });
  assert.deepEqual(fake.sleeps, [6000]);
});

Deno.test("acquire: buckets are per provider and per key fingerprint", async () => {
  await using fake = await fakeClockLimiter();
  const limits = { requestsPerMinute: 6 }; // capacity 1
  await fake.limiter.acquire({ ...KEY, limits });
  await fake.limiter.acquire({ provider: "openai", fingerprint: "fp:ba9876543210", limits });
  await fake.limiter.acquire({ provider: "anthropic", fingerprint: KEY.fingerprint, limits });
  assert.deepEqual(fake.sleeps, []);
  await fake.limiter.acquire({ ...KEY, limits });
  assert.deepEqual(fake.sleeps, [10_000]);
  assert.deepEqual(Object.keys((await fake.state()).buckets).sort(), [
    "anthropic fp:0123456789ab",
    "openai fp:0123456789ab",
    "openai fp:ba9876543210",
  ]);
});

Deno.test("acquire: concurrent calls in one process queue and are spaced", async () => {
  await using fake = await fakeClockLimiter();
  await Promise.all(
    Array.from(
      { length: 14 },
      () => fake.limiter.acquire({ ...KEY, limits: { requestsPerMinute: 60 } }),
    ),
  );
  // Reservations are made one after another; the clock only moves by the sleeps, so
  // the 11th to 14th wait 1, 2, 3 and 4 s minus the time the earlier sleeps moved it.
  assert.equal(fake.sleeps.length, 4);
  assert.ok(fake.sleeps.every((ms) => ms > 0));
});

Deno.test("acquire: an aborted wait rejects with the reason and gives the reservation back", async () => {
  await using fake = await fakeClockLimiter();
  const limits = { requestsPerMinute: 6 }; // capacity 1, one every 10 s
  await fake.limiter.acquire({ ...KEY, limits });
  const controller = new AbortController();
  controller.abort(new Error("stop"));
  await assert.rejects(
    fake.limiter.acquire({ ...KEY, limits, signal: controller.signal }),
    /stop/,
  );
  const sleeping = Promise.withResolvers<void>();
  const waiting = new RateLimiter(fake.dir, {
    clock: {
      now: () => 1_000_000,
      sleep: (_ms, signal) => {
        sleeping.resolve();
        return new Promise((_, reject) =>
          signal?.addEventListener("abort", () => reject(signal.reason))
        );
      },
    },
  });
  const second = new AbortController();
  const pending = waiting.acquire({ ...KEY, limits, signal: second.signal });
  await sleeping.promise; // the limiter is waiting for its turn: abort that wait
  second.abort(new Error("interrupted"));
  await assert.rejects(pending, /interrupted/);
  // Given back: the bucket holds the same debt as before the aborted call.
  const level = (await fake.state()).buckets[`openai ${KEY.fingerprint}`].requests.level;
  assert.equal(level, 0);
});

Deno.test("the state file is 0600 and holds fingerprints, never keys", async () => {
  await using fake = await fakeClockLimiter();
  const previous = Deno.umask(0o000);
  try {
    await fake.limiter.acquire({
      ...KEY,
      limits: { requestsPerMinute: 60, tokensPerMinute: 1000 },
      tokens: 5,
    });
  } finally {
    Deno.umask(previous);
  }
  const path = join(fake.dir, RATE_LIMIT_STATE_FILE);
  assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  assert.equal((await Deno.stat(fake.dir)).mode! & 0o777, 0o700);
  const state = await fake.state();
  assert.deepEqual(state, {
    version: 1,
    buckets: {
      "openai fp:0123456789ab": {
        requests: { level: bucketCapacity(60) - 1, updated: 1_000_000, per_minute: 60 },
        tokens: { level: bucketCapacity(1000) - 5, updated: 1_000_000, per_minute: 1000 },
      },
    },
  });
});

Deno.test("a key given where its fingerprint belongs is refused before anything is written", async () => {
  await using fake = await fakeClockLimiter();
  const key = "sk-proj-" + "x".repeat(40);
  await assert.rejects(
    fake.limiter.acquire({
      provider: "openai",
      fingerprint: key,
      limits: { requestsPerMinute: 1 },
    }),
    (error) => error instanceof TypeError && !error.message.includes(key),
  );
  await assert.rejects(
    fake.limiter.acquire({
      provider: "../x",
      fingerprint: "none",
      limits: { requestsPerMinute: 1 },
    }),
    TypeError,
  );
  await assert.rejects(Deno.stat(join(fake.dir, RATE_LIMIT_STATE_FILE)), Deno.errors.NotFound);
});

Deno.test("a damaged state file is started afresh; refilled entries are dropped", async () => {
  await using fake = await fakeClockLimiter();
  await Deno.mkdir(fake.dir, { mode: 0o700 });
  const path = join(fake.dir, RATE_LIMIT_STATE_FILE);
  await Deno.writeTextFile(path, '{"version":1,"buckets":{"openai fp:0123', { mode: 0o600 });
  await fake.limiter.acquire({ ...KEY, limits: { requestsPerMinute: 60 } });
  assert.equal(Object.keys((await fake.state()).buckets).length, 1);
  fake.advance(60_000);
  await fake.limiter.acquire({
    provider: "xai",
    fingerprint: "none",
    limits: { requestsPerMinute: 60 },
  });
  assert.deepEqual(Object.keys((await fake.state()).buckets), ["xai none"]);
});

Deno.test("a state file that others may write is refused", async () => {
  await using fake = await fakeClockLimiter();
  await Deno.mkdir(fake.dir, { mode: 0o700 });
  const path = join(fake.dir, RATE_LIMIT_STATE_FILE);
  await Deno.writeTextFile(path, "");
  await Deno.chmod(path, 0o666);
  await assert.rejects(
    fake.limiter.acquire({ ...KEY, limits: { requestsPerMinute: 60 } }),
    (error) => error instanceof RefusalError && /rate-limit state .*chmod 600/.test(error.message),
  );
});

Deno.test("processes share the limits through the state file", async () => {
  const root = await Deno.makeTempDir({ prefix: "omn-rate-" });
  try {
    const dir = join(root, "home");
    const perMinute = 600; // a burst of 100, then 10 a second
    const children = Array.from({ length: 4 }, () =>
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--no-prompt",
          `--config=${REPO_ROOT}deno.json`,
          `--allow-read=${root}`,
          `--allow-write=${root}`,
          WORKER,
          dir,
          "30",
          String(perMinute),
        ],
        cwd: REPO_ROOT,
        stdout: "piped",
        stderr: "piped",
      }).output());
    const outputs = await Promise.all(children);
    const grants: number[] = [];
    for (const output of outputs) {
      assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
      grants.push(...new TextDecoder().decode(output.stdout).trim().split("\n").map(Number));
    }
    grants.sort((left, right) => left - right);
    assert.equal(grants.length, 120);
    // Each process alone would never wait (30 < 100). Together, grant k (0-based) comes
    // no sooner than (k + 1 - 100) / 10 s after the first.
    const capacity = bucketCapacity(perMinute);
    for (let index = 0; index < grants.length; index++) {
      const earliest = ((index + 1 - capacity) * 60_000) / perMinute;
      assert.ok(
        grants[index] - grants[0] >= earliest - 50,
        `grant ${index} came ${
          grants[index] - grants[0]
        } ms after the first, before ${earliest} ms`,
      );
    }
    assert.ok(grants.at(-1)! - grants[0] >= 1900);
    const mode = (await Deno.stat(join(dir, RATE_LIMIT_STATE_FILE))).mode! & 0o777;
    assert.equal(mode, 0o600);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("abortableSleep does not fire at once when a rate-limit debt outgrows a timer", async () => {
  const { abortableSleep } = await import("../../src/core/clock.ts");
  const { reserve } = await import("../../src/net/token_bucket.ts");
  const { MAX_TIMER_MS } = await import("../../src/core/duration.ts");
  // One token a minute, two requests of 100 000 tokens: the second waits about 11 years.
  const first = reserve(undefined, 1, 100_000, 0);
  const { waitMs } = reserve(first.bucket, 1, 100_000, 0);
  assert.ok(waitMs > MAX_TIMER_MS);
  const controller = new AbortController();
  let settled = "pending";
  const sleeping = abortableSleep(waitMs, controller.signal).then(
    () => settled = "resolved",
    () => settled = "rejected",
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(settled, "pending", "the wait fired at once");
  controller.abort(new Error("stop"));
  await sleeping;
  assert.equal(settled, "rejected");
});
