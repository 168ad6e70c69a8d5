/**
 * The one reading of an HTTP status, used by the retrying fetch (retry it or
 * not, and the kind of error once the retries are spent) and by the provider
 * error mapping (the kind of error of a status that was not retried).
 *
 * @module
 */
import type { ErrorType } from "../core/error_type.ts";

/** What a status means to omn. */
export interface StatusClass {
  /** Whether a request answered with it is worth another try (before its reply starts). */
  retryable: boolean;
  /** The `error_type` of a failure with this status. */
  type: Extract<
    ErrorType,
    | "auth_rejected"
    | "rate_limited"
    | "overloaded"
    | "timeout"
    | "server_error"
    | "invalid_request"
    | "provider_error"
  >;
}

/** HTTP statuses worth retrying: timeouts, conflicts, rate limits, server trouble, Anthropic's 529. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([
  408,
  409,
  429,
  500,
  502,
  503,
  504,
  529,
]);

/**
 * What a status means: 401 and 403 a rejected key, 429 a rate limit, 503
 * and 529 an overload, 408 a timeout, any other retried status (409, 5xx) a
 * server error, any other 4xx a refused request.
 *
 * @example
 * ```ts
 * import { classifyStatus } from "./classify_status.ts";
 * classifyStatus(529); // { retryable: true, type: "overloaded" }
 * ```
 */
export function classifyStatus(status: number): StatusClass {
  const retryable = RETRYABLE_STATUSES.has(status);
  if (status === 401 || status === 403) return { retryable, type: "auth_rejected" };
  if (status === 429) return { retryable, type: "rate_limited" };
  if (status === 503 || status === 529) return { retryable, type: "overloaded" };
  if (status === 408) return { retryable, type: "timeout" };
  if (retryable || status >= 500) return { retryable, type: "server_error" };
  if (status >= 400) return { retryable, type: "invalid_request" };
  return { retryable, type: "provider_error" };
}

/** Whether a response status deserves a retry; 400, 401, 403, 404, 422 and the like never do. */
export function isRetryableStatus(status: number): boolean {
  return classifyStatus(status).retryable;
}
