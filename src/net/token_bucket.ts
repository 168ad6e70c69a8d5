/**
 * The pure arithmetic of omn's client-side rate limits: token buckets that
 * refill continuously at a per-minute rate and grant reservations.
 *
 * A bucket for a limit of `N` per minute holds at most
 * {@linkcode bucketCapacity}`(N)` (ten seconds' worth, at least 1) and
 * refills at `N / 60 000` per millisecond. A request of cost `c` reserves its
 * cost at once: the level drops by `c` (it may go below zero, a debt that
 * later requests wait out) and the request waits until the level it found
 * would have reached `min(c, capacity)`. So requests are granted in the order
 * they reserve, the long-run rate never exceeds `N` per minute, and a single
 * request larger than the bucket still goes through once the bucket is full.
 *
 * Nothing here reads a clock or a file: times are milliseconds passed in.
 *
 * @module
 */

/** One bucket as stored: its level and when that level was computed (epoch ms). */
export interface Bucket {
  level: number;
  updated: number;
}

/** The limits of one provider and key; an absent or 0 limit means none. */
export interface RateLimits {
  /** Requests per minute. */
  requestsPerMinute?: number;
  /** Tokens per minute (prompt and reply). */
  tokensPerMinute?: number;
}

/** The buckets of one provider and key. */
export interface BucketPair {
  requests?: Bucket;
  tokens?: Bucket;
}

/** How many seconds' worth of its limit a full bucket holds. */
export const BURST_SECONDS = 10;

/**
 * How much a bucket for `perMinute` holds when full: ten seconds' worth, at
 * least 1.
 *
 * @example
 * ```ts
 * import { bucketCapacity } from "./token_bucket.ts";
 * bucketCapacity(600); // 100
 * bucketCapacity(3); // 1
 * ```
 */
export function bucketCapacity(perMinute: number): number {
  return Math.max(1, (perMinute * BURST_SECONDS) / 60);
}

/** Whether a limit is set (a positive number). */
export function isLimited(perMinute: number | undefined): perMinute is number {
  return perMinute !== undefined && Number.isFinite(perMinute) && perMinute > 0;
}

/**
 * The bucket at `now`: refilled since it was last updated, capped at its
 * capacity. An absent bucket is full. A clock that went backwards refills
 * nothing (and the bucket's time moves back with it, so it never stalls).
 */
export function refill(bucket: Bucket | undefined, perMinute: number, now: number): Bucket {
  const capacity = bucketCapacity(perMinute);
  if (bucket === undefined || !Number.isFinite(bucket.level)) {
    return { level: capacity, updated: now };
  }
  const elapsed = Math.max(0, now - bucket.updated);
  return { level: Math.min(capacity, bucket.level + (elapsed * perMinute) / 60_000), updated: now };
}

/**
 * Reserves `cost` from a bucket at `now`: the new bucket (its level lowered
 * by `cost`) and how long the request must wait before it may start.
 *
 * @example
 * ```ts
 * import { reserve } from "./token_bucket.ts";
 * // 60 a minute: a full bucket holds 10; the 11th request waits one second.
 * let bucket = undefined;
 * for (let index = 0; index < 10; index++) bucket = reserve(bucket, 60, 1, 0).bucket;
 * reserve(bucket, 60, 1, 0).waitMs; // 1000
 * ```
 */
export function reserve(
  bucket: Bucket | undefined,
  perMinute: number,
  cost: number,
  now: number,
): { bucket: Bucket; waitMs: number } {
  const current = refill(bucket, perMinute, now);
  const needed = Math.min(Math.max(0, cost), bucketCapacity(perMinute));
  const waitMs = current.level >= needed
    ? 0
    : Math.ceil(((needed - current.level) * 60_000) / perMinute);
  return { bucket: { level: current.level - Math.max(0, cost), updated: now }, waitMs };
}

/**
 * Gives `amount` back to a bucket (a negative amount takes more), capped at
 * its capacity: used when a request's real token count is known, or when a
 * reservation is abandoned.
 */
export function credit(
  bucket: Bucket | undefined,
  perMinute: number,
  amount: number,
  now: number,
): Bucket {
  const current = refill(bucket, perMinute, now);
  return {
    level: Math.min(bucketCapacity(perMinute), current.level + amount),
    updated: now,
  };
}

/**
 * Reserves one request and `tokens` tokens from the buckets of one provider
 * and key: the new buckets and the wait (the longer of the two). Unset
 * limits leave their bucket out.
 */
export function reserveRequest(
  pair: BucketPair,
  limits: RateLimits,
  tokens: number,
  now: number,
): { pair: BucketPair; waitMs: number } {
  const next: BucketPair = {};
  let waitMs = 0;
  if (isLimited(limits.requestsPerMinute)) {
    const result = reserve(pair.requests, limits.requestsPerMinute, 1, now);
    next.requests = result.bucket;
    waitMs = Math.max(waitMs, result.waitMs);
  }
  if (isLimited(limits.tokensPerMinute)) {
    const result = reserve(pair.tokens, limits.tokensPerMinute, tokens, now);
    next.tokens = result.bucket;
    waitMs = Math.max(waitMs, result.waitMs);
  }
  return { pair: next, waitMs };
}

/** Whether a bucket has refilled completely by `now`, so that forgetting it changes nothing. */
export function isBucketFull(bucket: Bucket, perMinute: number, now: number): boolean {
  return refill(bucket, perMinute, now).level >= bucketCapacity(perMinute);
}
