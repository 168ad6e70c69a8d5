import assert from "node:assert/strict";
import {
  type Bucket,
  bucketCapacity,
  credit,
  isBucketFull,
  isLimited,
  refill,
  reserve,
  reserveRequest,
} from "../../src/net/token_bucket.ts";

Deno.test("bucketCapacity: ten seconds' worth, at least 1", () => {
  assert.equal(bucketCapacity(600), 100);
  assert.equal(bucketCapacity(60), 10);
  assert.equal(bucketCapacity(3), 1);
  assert.equal(bucketCapacity(40_000), (40_000 * 10) / 60);
});

Deno.test("isLimited: only positive finite numbers are limits", () => {
  assert.equal(isLimited(50), true);
  assert.equal(isLimited(0), false);
  assert.equal(isLimited(undefined), false);
  assert.equal(isLimited(Number.NaN), false);
  assert.equal(isLimited(-1), false);
});

Deno.test("refill: an absent bucket is full; levels rise at the rate and stop at capacity", () => {
  assert.deepEqual(refill(undefined, 60, 5000), { level: 10, updated: 5000 });
  assert.deepEqual(refill({ level: 0, updated: 0 }, 60, 2500), { level: 2.5, updated: 2500 });
  assert.deepEqual(refill({ level: -3, updated: 0 }, 60, 1000), { level: -2, updated: 1000 });
  assert.deepEqual(refill({ level: 9, updated: 0 }, 60, 60_000), { level: 10, updated: 60_000 });
});

Deno.test("refill: a clock that went backwards refills nothing and moves the bucket back", () => {
  assert.deepEqual(refill({ level: 4, updated: 10_000 }, 60, 4000), { level: 4, updated: 4000 });
});

Deno.test("reserve: a full bucket grants a burst, then requests are spaced at the rate", () => {
  let bucket: Bucket | undefined;
  const waits: number[] = [];
  for (let index = 0; index < 13; index++) {
    const result = reserve(bucket, 60, 1, 0);
    bucket = result.bucket;
    waits.push(result.waitMs);
  }
  assert.deepEqual(waits, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1000, 2000, 3000]);
  assert.equal(bucket!.level, -3);
});

Deno.test("reserve: over a long run the rate never exceeds the limit", () => {
  // Requests arrive every 100 ms for ten minutes at 120 a minute: each starts at
  // max(arrival, its reserved time); the count started by any time t is at most
  // capacity + rate × t.
  let bucket: Bucket | undefined;
  const perMinute = 120;
  const starts: number[] = [];
  for (let arrival = 0; arrival < 600_000; arrival += 100) {
    const result = reserve(bucket, perMinute, 1, arrival);
    bucket = result.bucket;
    starts.push(arrival + result.waitMs);
  }
  for (let index = 0; index < starts.length; index++) {
    const allowed = bucketCapacity(perMinute) + (starts[index] * perMinute) / 60_000;
    assert.ok(index + 1 <= allowed + 1e-9, `request ${index} started too early`);
  }
  const lastMinute = starts.filter((start) => start >= starts.at(-1)! - 60_000).length;
  assert.ok(lastMinute <= perMinute + 1, `${lastMinute} requests in the last minute`);
});

Deno.test("reserve: a cost above the capacity goes once the bucket is full, leaving a debt", () => {
  const first = reserve(undefined, 600, 250, 0); // capacity 100
  assert.equal(first.waitMs, 0);
  assert.equal(first.bucket.level, -150);
  const second = reserve(first.bucket, 600, 1, 0);
  assert.equal(second.waitMs, 15_100); // 151 tokens at 10 a second
  const half = reserve({ level: 50, updated: 0 }, 600, 250, 0);
  assert.equal(half.waitMs, 5000); // until full (100), not until 250
});

Deno.test("reserve: zero or negative costs wait for nothing and take nothing", () => {
  assert.deepEqual(reserve({ level: 0, updated: 0 }, 60, 0, 0), {
    bucket: { level: 0, updated: 0 },
    waitMs: 0,
  });
  assert.equal(reserve({ level: 0, updated: 0 }, 60, -5, 0).bucket.level, 0);
});

Deno.test("credit: gives back up to the capacity, or takes more when negative", () => {
  assert.deepEqual(credit({ level: 2, updated: 0 }, 60, 3, 0), { level: 5, updated: 0 });
  assert.deepEqual(credit({ level: 9, updated: 0 }, 60, 3, 0), { level: 10, updated: 0 });
  assert.deepEqual(credit({ level: 2, updated: 0 }, 60, -5, 1000), { level: -2, updated: 1000 });
});

Deno.test("reserveRequest: one request and its tokens; the longer wait wins; unset limits are left out", () => {
  const limits = { requestsPerMinute: 60, tokensPerMinute: 600 }; // capacities 10 and 100
  const first = reserveRequest({}, limits, 150, 0);
  assert.equal(first.waitMs, 0);
  assert.deepEqual(first.pair, {
    requests: { level: 9, updated: 0 },
    tokens: { level: -50, updated: 0 },
  });
  const second = reserveRequest(first.pair, limits, 10, 0);
  assert.equal(second.waitMs, 6000); // 60 tokens at 10 a second; the request bucket has 9
  assert.deepEqual(reserveRequest({}, {}, 10, 0), { pair: {}, waitMs: 0 });
  assert.deepEqual(Object.keys(reserveRequest({}, { tokensPerMinute: 60 }, 1, 0).pair), [
    "tokens",
  ]);
});

Deno.test("isBucketFull: true once refilled to capacity", () => {
  assert.equal(isBucketFull({ level: 9, updated: 0 }, 60, 999), false);
  assert.equal(isBucketFull({ level: 9, updated: 0 }, 60, 1000), true);
});
