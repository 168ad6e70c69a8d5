/**
 * The layer above the secure fetch that makes one request resilient: it
 * retries what is worth retrying (408, 409, 429, 500, 502, 503, 504, 529,
 * and failed connections, DNS, refused, TLS, resets, or timeouts before the
 * first byte of the response; after the retries they exit 5, "unreachable"),
 * waits with exponential backoff and full jitter or as long as the provider
 * asks, and bounds the request with four timeouts (connect, first byte,
 * idle while streaming, total).
 *
 * It is the only retry layer: the AI SDK provider packages retry in
 * `generateText`/`streamText`, which omn does not use, and never in the
 * models' `doStream` that it calls.
 *
 * Once the first byte of a response body has arrived the response is handed
 * on and never retried: a reply that has started streaming keeps what it
 * printed, and a later failure is reported as it is.
 *
 * @module
 */
import { type Clock, SYSTEM_CLOCK } from "../core/clock.ts";
import { OmnError, ProviderError, RateLimitError, TimedOutError } from "../core/errors.ts";
import { maskUrl } from "./mask_url.ts";
import { withErrorType } from "../core/error_type.ts";
import { providerMessage } from "./provider_message.ts";
import { redactTruncated } from "../security/redact_excerpt.ts";
import {
  backoffDelay,
  formatWait,
  isExhaustedQuota,
  isRetryableStatus,
  serverDelay,
} from "./retry_delay.ts";

/** The four timeouts, by the name they are reported with. */
export type TimeoutKind = "connect" | "first-byte" | "idle" | "total";

/** One retry, as it is reported before its wait starts. */
export interface RetryEvent {
  /** The provider id. */
  provider: string;
  /** The retry's number, from 1. */
  attempt: number;
  /** The most retries allowed. */
  maxRetries: number;
  /** The wait before the retry. */
  delayMs: number;
  /** The HTTP status that caused it; absent for a connection failure or a timeout. */
  status?: number;
  /** What went wrong: the status, "a dropped connection", "a connect timeout"… */
  reason: string;
}

/** Limits of the retrying fetch; every one has a default. */
export interface NetworkOptions {
  /** Most retries after the first attempt; default 4. */
  maxRetries?: number;
  /** Longest single wait between attempts, whoever asks for it; default 60 s. */
  maxRetryWaitMs?: number;
  /** Most time until the response starts (status line and headers); default 60 s. */
  connectTimeoutMs?: number;
  /** Most time from the request until the first byte of the response body; default 300 s. */
  firstByteTimeoutMs?: number;
  /** Longest silence while the body streams; default 120 s. */
  idleTimeoutMs?: number;
  /** Most time for the whole request, retries and waits included; default 600 s. */
  timeoutMs?: number;
  /** Told about each retry before its wait; awaited. */
  onRetry?: (event: RetryEvent) => void | Promise<void>;
}

/** Options of {@linkcode createRetryingFetch}. */
export interface RetryingFetchOptions extends NetworkOptions {
  /** Provider id, for messages. */
  provider: string;
  /** The fetch underneath: the secure fetch. */
  fetch: typeof fetch;
  /** Random numbers in [0, 1) for the jitter; `Math.random` by default. */
  random?: () => number;
  /** The clock, in milliseconds since the epoch; `clock.now`, else `Date.now`, by default. */
  now?: () => number;
  /** The clock and sleep of the waits between retries; the real ones by default. */
  clock?: Clock;
}

/** The defaults of {@linkcode NetworkOptions}. */
export const NETWORK_DEFAULTS: Readonly<Required<Omit<NetworkOptions, "onRetry">>> = {
  maxRetries: 4,
  maxRetryWaitMs: 60_000,
  connectTimeoutMs: 60_000,
  firstByteTimeoutMs: 300_000,
  idleTimeoutMs: 120_000,
  timeoutMs: 600_000,
};

/** The flag that raises each timeout. */
export const TIMEOUT_FLAGS: Readonly<Record<TimeoutKind, string>> = {
  connect: "--connect-timeout",
  "first-byte": "--first-byte-timeout",
  idle: "--idle-timeout",
  total: "--timeout",
};

/** Most bytes of an error body read to find the provider's message and hints. */
const ERROR_BODY_LIMIT = 64 * 1024;

/** A timeout that fired, with which one it was. */
export class RequestTimeoutError extends TimedOutError {
  /** Which timeout fired. */
  readonly kind: TimeoutKind;
  constructor(kind: TimeoutKind, provider: string, milliseconds: number) {
    const what = {
      connect: "waiting for the response to start",
      "first-byte": "waiting for the first byte of the reply",
      idle: `while streaming: no data for ${formatWait(milliseconds)}`,
      total: "for the whole request",
    }[kind];
    const limit = kind === "idle" ? "" : `, ${formatWait(milliseconds)}`;
    super(
      `${provider}: timed out ${what} (${kind} timeout${limit}; raise it with ${
        TIMEOUT_FLAGS[kind]
      })`,
    );
    this.kind = kind;
  }
}

/** The stderr line for a retry: `retrying in 2.1 s after 429 from openai (retry 1 of 4)`. */
export function describeRetry(event: RetryEvent): string {
  return `retrying in ${
    formatWait(event.delayMs)
  } after ${event.reason} from ${event.provider} (retry ${event.attempt} of ${event.maxRetries})`;
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

/** What one attempt came to when it is worth another. */
interface Failure {
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

type Outcome = { response: Response } | { failure: Failure };

/** Wraps `options.fetch` with retries and timeouts. */
export function createRetryingFetch(options: RetryingFetchOptions): typeof fetch {
  const limits = { ...NETWORK_DEFAULTS };
  for (const key of Object.keys(NETWORK_DEFAULTS) as (keyof typeof NETWORK_DEFAULTS)[]) {
    if (options[key] !== undefined) limits[key] = options[key]!;
  }
  const random = options.random ?? Math.random;
  const clock = options.clock ?? SYSTEM_CLOCK;
  const now = options.now ?? (() => clock.now());
  const provider = options.provider;

  const retryingFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.method === "GET" || request.method === "HEAD"
      ? undefined
      : await request.arrayBuffer();
    const caller = request.signal;
    caller.throwIfAborted();
    const started = now();
    const total = new AbortController();
    const totalTimer = setTimeout(
      () => total.abort(new RequestTimeoutError("total", provider, limits.timeoutMs)),
      limits.timeoutMs,
    );
    const overall = AbortSignal.any([caller, total.signal]);
    let handedOn = false;
    const release = () => clearTimeout(totalTimer);
    try {
      for (let retries = 0;; retries++) {
        const outcome = await attempt(request, url, body, overall, release);
        if ("response" in outcome) {
          handedOn = true;
          return outcome.response;
        }
        const { failure } = outcome;
        if (retries >= limits.maxRetries) throw exhausted(failure, retries);
        const hint = failure.headers
          ? serverDelay(failure.headers, failure.body, now())
          : undefined;
        if (hint && hint.delayMs > limits.maxRetryWaitMs) throw waitTooLong(failure, hint.delayMs);
        const delayMs = hint?.delayMs ??
          backoffDelay(retries + 1, random(), { maxMs: limits.maxRetryWaitMs });
        if (now() - started + delayMs > limits.timeoutMs) throw pastDeadline(failure, delayMs);
        await options.onRetry?.({
          provider,
          attempt: retries + 1,
          maxRetries: limits.maxRetries,
          delayMs,
          status: failure.status,
          reason: failure.reason,
        });
        await clock.sleep(delayMs, overall);
      }
    } catch (error) {
      throw caller.aborted ? caller.reason ?? error : error;
    } finally {
      if (!handedOn) release();
    }
  };

  /** One attempt: a response to hand on, a failure worth a retry, or a throw. */
  async function attempt(
    request: Request,
    url: URL,
    body: ArrayBuffer | undefined,
    overall: AbortSignal,
    release: () => void,
  ): Promise<Outcome> {
    const phase = new AbortController();
    const signal = AbortSignal.any([overall, phase.signal]);
    const connectTimer = setTimeout(
      () => phase.abort(new RequestTimeoutError("connect", provider, limits.connectTimeoutMs)),
      limits.connectTimeoutMs,
    );
    const firstByteTimer = setTimeout(
      () => phase.abort(new RequestTimeoutError("first-byte", provider, limits.firstByteTimeoutMs)),
      limits.firstByteTimeoutMs,
    );
    const clearTimers = () => {
      clearTimeout(connectTimer);
      clearTimeout(firstByteTimer);
    };
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: request.method,
        headers: request.headers,
        body,
        signal,
      });
    } catch (error) {
      clearTimers();
      return { failure: failureOf(error, overall, phase.signal, url) };
    }
    clearTimeout(connectTimer);

    if (isRetryableStatus(response.status)) {
      let text: string;
      try {
        text = await readStart(response, ERROR_BODY_LIMIT, signal);
      } catch (error) {
        clearTimers();
        return { failure: failureOf(error, overall, phase.signal, url, "body") };
      }
      clearTimers();
      const rebuilt = new Response(text, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      if (response.status === 429 && isExhaustedQuota(text)) {
        release();
        return { response: rebuilt };
      }
      return {
        failure: {
          status: response.status,
          headers: response.headers,
          body: text,
          reason: String(response.status),
          error: statusError(response.status, text),
        },
      };
    }

    if (!response.body) {
      clearTimers();
      release();
      return { response };
    }
    const reader = response.body.getReader();
    let first: ReadableStreamReadResult<Uint8Array>;
    try {
      first = await readOrAbort(reader, signal);
    } catch (error) {
      clearTimers();
      return { failure: failureOf(error, overall, phase.signal, url, "body") };
    }
    clearTimers();
    const stream = streamBody(reader, first, signal, phase, release);
    return {
      response: new Response(stream, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      }),
    };
  }

  /** The rest of the body, each wait for more bounded by the idle timeout. */
  function streamBody(
    reader: ReadableStreamDefaultReader<Uint8Array>,
    first: ReadableStreamReadResult<Uint8Array>,
    signal: AbortSignal,
    phase: AbortController,
    release: () => void,
  ): ReadableStream<Uint8Array> {
    let pending: ReadableStreamReadResult<Uint8Array> | undefined = first;
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      clearTimeout(idleTimer);
      release();
    };
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        let next = pending;
        pending = undefined;
        if (!next) {
          idleTimer = setTimeout(
            () => phase.abort(new RequestTimeoutError("idle", provider, limits.idleTimeoutMs)),
            limits.idleTimeoutMs,
          );
          try {
            next = await readOrAbort(reader, signal);
          } catch (error) {
            stop();
            controller.error(signal.aborted ? signal.reason : lostWhileStreaming(error));
            return;
          } finally {
            clearTimeout(idleTimer);
          }
        }
        if (next.done) {
          stop();
          controller.close();
        } else {
          controller.enqueue(next.value);
        }
      },
      async cancel(reason) {
        stop();
        await reader.cancel(reason).catch(() => {});
      },
    }, { highWaterMark: 0 });
  }

  function lostWhileStreaming(error: unknown): ProviderError {
    const detail = error instanceof Error ? error.message : String(error);
    return new ProviderError(
      `${provider}: the connection was lost while the reply was streaming (${detail})`,
      { cause: error },
    );
  }

  /**
   * Classifies an attempt's error: a failure worth a retry, or throws it. Any
   * error reading a body before its first byte is a dropped connection.
   */
  function failureOf(
    error: unknown,
    overall: AbortSignal,
    phase: AbortSignal,
    url: URL,
    during: "request" | "body" = "request",
  ): Failure {
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
    if (during === "body") {
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
        : `Cannot reach ${provider} at "${maskUrl(url)}": ${
          error instanceof Error ? error.message : String(error)
        }`;
      return {
        reason: connectionFailureReason(error),
        error: withErrorType(new RateLimitError(detail, { cause: error }), "unreachable"),
      };
    }
    throw error;
  }

  function statusError(status: number, body: string): OmnError {
    const message = providerMessage(body);
    const detail = message ? `${status}: ${message}` : String(status);
    if (status === 429) {
      return withErrorType(
        new RateLimitError(`${provider} rate limited the request (${detail})`),
        "rate_limited",
      );
    }
    const type = status === 503 || status === 529
      ? "overloaded"
      : status === 408
      ? "timeout"
      : "server_error";
    return withErrorType(new RateLimitError(`${provider} returned ${detail}`), type);
  }

  function resetNote(failure: Failure): string {
    if (!failure.headers) return "";
    const hint = serverDelay(failure.headers, failure.body, now());
    if (!hint) return "";
    const at = new Date(now() + hint.delayMs).toISOString().replace(/\.\d+Z$/, "Z");
    const what = failure.status === 429 ? "the limit resets" : `${provider} asks to retry`;
    return `; ${what} in ${formatWait(hint.delayMs)} (at ${at})`;
  }

  function exhausted(failure: Failure, retries: number): OmnError {
    const after = retries === 0
      ? "; retries are off (--max-retries 0)"
      : ` after ${retries} ${retries === 1 ? "retry" : "retries"}`;
    return rebuild(failure.error, `${failure.error.message}${after}${resetNote(failure)}`);
  }

  function waitTooLong(failure: Failure, delayMs: number): OmnError {
    return rebuild(
      failure.error,
      `${failure.error.message}; it asks to wait ${formatWait(delayMs)}, longer than the ${
        formatWait(limits.maxRetryWaitMs)
      } omn waits at most (--max-retry-wait)${resetNote(failure)}`,
    );
  }

  function pastDeadline(failure: Failure, delayMs: number): OmnError {
    return rebuild(
      failure.error,
      `${failure.error.message}; waiting ${
        formatWait(delayMs)
      } more would pass the total time limit of ${formatWait(limits.timeoutMs)} (--timeout)${
        resetNote(failure)
      }`,
    );
  }

  return retryingFetch as typeof fetch;
}

/** The same kind of error with another message (exit 5 either way). */
function rebuild(error: OmnError, message: string): OmnError {
  return error instanceof TimedOutError
    ? new TimedOutError(message, { cause: error })
    : new RateLimitError(message, { cause: error });
}

/**
 * Reads the next chunk, or fails with the signal's reason as soon as it fires
 * (and cancels the body): an aborted fetch does not always fail a body read
 * that is already waiting.
 */
async function readOrAbort(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  signal: AbortSignal,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  signal.throwIfAborted();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      reject(signal.reason); // first, so that the race ends with it, not with the cancel's end
      reader.cancel(signal.reason).catch(() => {});
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([reader.read(), aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort!);
  }
}

/**
 * Reads at most `limit` bytes of a body as text and drops the rest; a body
 * cut at the limit is redacted as a truncated text (its undecided tail masked).
 */
async function readStart(response: Response, limit: number, signal: AbortSignal): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < limit) {
    const next = await readOrAbort(reader, signal);
    if (next.done) break;
    chunks.push(next.value);
    size += next.value.length;
  }
  if (size >= limit) await reader.cancel().catch(() => {});
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  const text = new TextDecoder().decode(bytes.subarray(0, limit));
  // Cut short: a secret the cut split would match no rule, so the tail that could be one is masked.
  return size >= limit ? redactTruncated(text) : text;
}
