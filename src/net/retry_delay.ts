/**
 * How long to wait before retrying a request (which answers deserve one is
 * `classify_status.ts`'s call): the exponential backoff with full jitter, and
 * the waits providers ask for (`Retry-After`, OpenAI's and Anthropic's
 * rate-limit reset headers, Gemini's `RetryInfo`). Pure functions, no I/O
 * and no clock of their own.
 *
 * Every wait a server sends is clamped to {@linkcode MAX_SERVER_DELAY_MS}
 * (100 years) so that a date built from it (`now + wait`) stays within the
 * range of `Date`: a hostile `retry-after: 99999999999999999999` is a very
 * long wait, never an "Invalid time value".
 *
 * @module
 */
import { MAX_CALENDAR_MS } from "../core/duration.ts";

export { formatWait } from "./describe_retry.ts";

/** The longest wait taken from a server (100 years): `now + wait` is always a valid date. */
export const MAX_SERVER_DELAY_MS = MAX_CALENDAR_MS;

/**
 * A server-sent wait made safe: rounded, at least 0, at most
 * {@linkcode MAX_SERVER_DELAY_MS}; `undefined` when it is not a number.
 *
 * @example
 * ```ts
 * import { clampServerDelay, MAX_SERVER_DELAY_MS } from "./retry_delay.ts";
 * clampServerDelay(1e23) === MAX_SERVER_DELAY_MS; // true
 * ```
 */
export function clampServerDelay(milliseconds: number): number | undefined {
  if (Number.isNaN(milliseconds)) return undefined;
  return Math.round(Math.min(MAX_SERVER_DELAY_MS, Math.max(0, milliseconds)));
}

/** Options of {@linkcode backoffDelay}. */
export interface BackoffOptions {
  /** The ceiling of the first wait; default 1000 ms. */
  baseMs?: number;
  /** The ceiling of any wait; default 60 000 ms. */
  maxMs?: number;
}

/**
 * The wait before retry number `attempt` (1 for the first retry): exponential
 * backoff with full jitter, a uniformly random time between 0 and
 * `min(maxMs, baseMs * 2^(attempt - 1))`.
 *
 * @example
 * ```ts
 * import { backoffDelay } from "./retry_delay.ts";
 * backoffDelay(3, 0.5); // 2000: half of the third ceiling, 4000 ms
 * ```
 *
 * @param attempt The retry's number, from 1.
 * @param random A number in [0, 1), such as `Math.random()`.
 */
export function backoffDelay(
  attempt: number,
  random: number,
  options: BackoffOptions = {},
): number {
  const baseMs = options.baseMs ?? 1000;
  const maxMs = options.maxMs ?? 60_000;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(Math.min(Math.max(random, 0), 1) * ceiling);
}

/**
 * Parses a `Retry-After` value: delta-seconds (decimals accepted, as some
 * servers send them) or an HTTP date. Returns milliseconds from `now`, never
 * negative, or `undefined` when the value is neither.
 *
 * @example
 * ```ts
 * import { parseRetryAfter } from "./retry_delay.ts";
 * parseRetryAfter("2", 0); // 2000
 * parseRetryAfter("Thu, 01 Jan 1970 00:00:30 GMT", 10_000); // 20000
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return clampServerDelay(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return undefined;
  return dateDelay(text, now);
}

const DURATION_UNITS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  // The micro sign (U+00B5) and the Greek mu (U+03BC), as Go accepts both; escaped: the bundle is ASCII.
  "\u00b5s": 0.001,
  "\u03bcs": 0.001,
  ns: 0.000001,
};

/**
 * Parses a duration as OpenAI's rate-limit headers write it (Go's format:
 * `1s`, `6m0s`, `20ms`, `1h2m3.5s`) or as Google's `RetryInfo` does
 * (`34.4s`). Returns milliseconds, or `undefined` when it is not one.
 *
 * @example
 * ```ts
 * import { parseDuration } from "./retry_delay.ts";
 * parseDuration("6m0s"); // 360000
 * ```
 */
export function parseDuration(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (!/^(\d+(\.\d+)?(h|ms|m|s|us|\u00b5s|\u03bcs|ns))+$/.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|\u00b5s|\u03bcs|ns)/g)) {
    total += Number(match[1]) * DURATION_UNITS[match[2]];
  }
  return clampServerDelay(total);
}

/** The reset headers of each limit and the header that says how much of it is left. */
const RESET_HEADERS: readonly { reset: string; remaining: string; format: "duration" | "date" }[] =
  [
    ...["requests", "tokens"].map((limit) => ({
      reset: `x-ratelimit-reset-${limit}`,
      remaining: `x-ratelimit-remaining-${limit}`,
      format: "duration" as const,
    })),
    ...["requests", "tokens", "input-tokens", "output-tokens"].map((limit) => ({
      reset: `anthropic-ratelimit-${limit}-reset`,
      remaining: `anthropic-ratelimit-${limit}-remaining`,
      format: "date" as const,
    })),
  ];

/**
 * The wait until an exhausted rate limit resets, from the providers' headers:
 * OpenAI's `x-ratelimit-reset-requests` and `-tokens` (durations such as
 * `6m0s`) and Anthropic's `anthropic-ratelimit-*-reset` (RFC 3339 times).
 * Only limits that are used up (their `remaining` header is `0`, or absent)
 * count; the longest of their waits is returned, in milliseconds from `now`.
 * `undefined` when no header names an exhausted limit.
 *
 * @example
 * ```ts
 * import { resetDelayFromHeaders } from "./retry_delay.ts";
 * resetDelayFromHeaders(new Headers({
 *   "x-ratelimit-remaining-requests": "0",
 *   "x-ratelimit-reset-requests": "1s",
 *   "x-ratelimit-remaining-tokens": "9000",
 *   "x-ratelimit-reset-tokens": "6m0s",
 * }), Date.now()); // 1000
 * ```
 */
export function resetDelayFromHeaders(headers: Headers, now: number): number | undefined {
  let longest: number | undefined;
  for (const { reset, remaining, format } of RESET_HEADERS) {
    const value = headers.get(reset);
    if (value === null) continue;
    const left = headers.get(remaining);
    if (left !== null && Number(left.trim()) !== 0) continue;
    const delay = format === "duration" ? parseDuration(headerText(value)) : dateDelay(value, now);
    if (delay !== undefined) longest = Math.max(longest ?? 0, delay);
  }
  return longest;
}

/**
 * A header's value as its sender wrote it: fetch gives each byte as one character (Latin-1), so
 * Go's `500\u00b5s`, written in UTF-8, arrives as `500\u00c2\u00b5s`. A value that is UTF-8 is
 * decoded; any other is kept as it came (a lone 0xB5 byte is the micro sign in Latin-1 too).
 */
function headerText(value: string): string {
  if (!/[\x80-\xff]/.test(value)) return value;
  try {
    const bytes = Uint8Array.from(value, (char) => char.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return value;
  }
}

function dateDelay(value: string, now: number): number | undefined {
  const date = Date.parse(value.trim());
  return Number.isNaN(date) ? undefined : clampServerDelay(date - now);
}

/**
 * The `retryDelay` of a `google.rpc.RetryInfo` in a Google error body (Gemini,
 * Vertex), in milliseconds; `undefined` when the body has none.
 *
 * @example
 * ```ts
 * import { retryDelayFromBody } from "./retry_delay.ts";
 * retryDelayFromBody('{"error":{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"34.4s"}]}}'); // 34400
 * ```
 */
export function retryDelayFromBody(body: string | undefined): number | undefined {
  if (!body) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const root = Array.isArray(parsed) ? parsed[0] : parsed;
  const details = (root as { error?: { details?: unknown } } | null)?.error?.details;
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    const type = (detail as { "@type"?: unknown })?.["@type"];
    const delay = (detail as { retryDelay?: unknown })?.retryDelay;
    if (typeof type === "string" && type.endsWith("google.rpc.RetryInfo")) {
      if (typeof delay === "string") return parseDuration(delay);
      if (typeof delay === "object" && delay !== null) {
        const { seconds, nanos } = delay as { seconds?: unknown; nanos?: unknown };
        return clampServerDelay(Number(seconds ?? 0) * 1000 + Number(nanos ?? 0) / 1e6);
      }
    }
  }
  return undefined;
}

/** A wait a provider asked for, and where it said so. */
export interface ServerDelay {
  /** Milliseconds from now. */
  delayMs: number;
  /** The header or body field it came from, e.g. `retry-after`. */
  source: string;
}

/**
 * The wait the provider asked for in a retryable answer, by precedence:
 * `retry-after-ms`, `Retry-After`, the rate-limit reset headers of an
 * exhausted limit, Gemini's `RetryInfo` in the body.
 */
export function serverDelay(headers: Headers, body: string | undefined, now: number):
  | ServerDelay
  | undefined {
  const milliseconds = headers.get("retry-after-ms");
  if (milliseconds !== null && /^\d+(\.\d+)?$/.test(milliseconds.trim())) {
    const delayMs = clampServerDelay(Number(milliseconds.trim()));
    if (delayMs !== undefined) return { delayMs, source: "retry-after-ms" };
  }
  const retryAfter = parseRetryAfter(headers.get("retry-after"), now);
  if (retryAfter !== undefined) return { delayMs: retryAfter, source: "retry-after" };
  const reset = resetDelayFromHeaders(headers, now);
  if (reset !== undefined) return { delayMs: reset, source: "rate-limit reset headers" };
  const info = retryDelayFromBody(body);
  if (info !== undefined) return { delayMs: info, source: "RetryInfo" };
  return undefined;
}

/**
 * Whether a 429 means a quota that waiting will not restore (OpenAI's
 * `insufficient_quota`: billing, not rate), so retrying is pointless.
 */
export function isExhaustedQuota(body: string | undefined): boolean {
  if (!body) return false;
  try {
    const error = (JSON.parse(body) as { error?: { code?: unknown; type?: unknown } })?.error;
    return error?.code === "insufficient_quota" || error?.type === "insufficient_quota";
  } catch {
    return false;
  }
}
