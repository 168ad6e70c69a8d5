/**
 * What one attempt of a request came to when it failed: a failure worth
 * another try (with the error to report when no try is left), or an error
 * that ends the request at once. Pure functions of the error and the state
 * of the request's signals.
 *
 * @module
 */
import { OmnError, ProviderError, RateLimitError } from "../core/errors.ts";
import { withErrorType } from "../core/error_type.ts";
import { classifyStatus } from "./classify_status.ts";
import { maskUrl } from "./mask_url.ts";
import { providerMessage } from "./provider_message.ts";
import { RequestTimeoutError } from "./request_timeout_error.ts";

/** What one attempt came to when it is worth another. */
export interface Failure {
  /** The status, for an answer. */
  status?: number;
  /** Response headers, for an answer. */
  headers?: Headers;
  /** The start of the body, for an answer. */
  body?: string;
  /** For the retry line: "429", "a dropped connection", "a connect timeout"… */
  reason: string;
  /** The error reported when there is no retry left. */
  error: OmnError;
}

/** Whether a connection failure is transient (reset, closed early, timed out) rather than permanent (refused, DNS, TLS). */
export function isTransientConnectionFailure(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (
      /connection (closed|reset|aborted)|reset by peer|broken pipe|unexpected eof|end of file|timed out/i
        .test(current.message)
    ) {
      return true;
    }
    current = current.cause;
  }
  return false;
}

/**
 * Whether an error is a failed connection (DNS, refused, TLS, reset…) rather
 * than one of omn's own refusals: the fetch's own error, or the secure
 * fetch's "Cannot reach" error that wraps it.
 */
function isConnectionFailure(error: unknown): boolean {
  if (error instanceof ProviderError) {
    return error.cause instanceof Error && !(error.cause instanceof OmnError);
  }
  return error instanceof Error && !(error instanceof OmnError);
}

/** The retry line's words for a failed connection: "a DNS failure", "a refused connection"… */
export function connectionFailureReason(error: unknown): string {
  const messages: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    messages.push(current.message);
    current = current.cause;
  }
  const text = messages.join(" ");
  if (isTransientConnectionFailure(error)) return "a dropped connection";
  if (/dns error|lookup address|name resolution|not known|ENOTFOUND/i.test(text)) {
    return "a DNS failure";
  }
  if (/connection refused|ECONNREFUSED/i.test(text)) return "a refused connection";
  if (/certificate|tls|ssl|handshake/i.test(text)) return "a TLS failure";
  return "a connection failure";
}

/** Where an attempt's error came from, and what it may be compared with. */
export interface AttemptErrorContext {
  /** The provider id, for messages. */
  provider: string;
  /** The request's URL (masked in messages). */
  url: URL;
  /** The caller's signal and the total timeout: once aborted, the request ends. */
  overall: AbortSignal;
  /** The attempt's own connect and first-byte timeouts. */
  phase: AbortSignal;
  /** Whether the error came while sending the request or while reading the body's start. */
  during: "request" | "body";
}

/**
 * Classifies an attempt's error: a failure worth a retry, or throws it. Any
 * error reading a body before its first byte is a dropped connection.
 */
export function failureOf(error: unknown, context: AttemptErrorContext): Failure {
  const { overall, phase, provider } = context;
  if (overall.aborted) throw overall.reason ?? error;
  if (phase.aborted && phase.reason instanceof RequestTimeoutError) {
    return { reason: `a ${phase.reason.kind} timeout`, error: phase.reason };
  }
  if (
    error instanceof Deno.errors.NotCapable ||
    (error instanceof OmnError && !(error instanceof ProviderError))
  ) {
    throw error;
  }
  if (context.during === "body") {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      reason: "a dropped connection",
      error: new RateLimitError(
        `${provider}: the connection was lost before the reply started (${detail})`,
        { cause: error },
      ),
    };
  }
  if (isConnectionFailure(error)) {
    const detail = error instanceof OmnError
      ? error.message
      : `Cannot reach ${provider} at "${maskUrl(context.url)}": ${
        error instanceof Error ? error.message : String(error)
      }`;
    return {
      reason: connectionFailureReason(error),
      error: withErrorType(new RateLimitError(detail, { cause: error }), "unreachable"),
    };
  }
  throw error;
}

/** The failure of an answer with a retryable status and the start of its body. */
export function statusFailure(provider: string, response: Response, body: string): Failure {
  const { status } = response;
  const message = providerMessage(body);
  const detail = message ? `${status}: ${message}` : String(status);
  const { type } = classifyStatus(status);
  const error = status === 429
    ? new RateLimitError(`${provider} rate limited the request (${detail})`)
    : new RateLimitError(`${provider} returned ${detail}`);
  return {
    status,
    headers: response.headers,
    body,
    reason: String(status),
    error: withErrorType(error, type),
  };
}

/** The error of a reply whose connection was lost after it started streaming. */
export function lostWhileStreaming(provider: string, error: unknown): ProviderError {
  const detail = error instanceof Error ? error.message : String(error);
  return new ProviderError(
    `${provider}: the connection was lost while the reply was streaming (${detail})`,
    { cause: error },
  );
}
