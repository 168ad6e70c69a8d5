/**
 * The layer above the secure fetch that makes one request resilient: it
 * retries what is worth retrying (408, 409, 429, 500, 502, 503, 504, 529,
 * and failed connections, DNS, refused, TLS, resets, or timeouts before the
 * first byte of the response; after the retries they exit 5, "unreachable"),
 * waits with exponential backoff and full jitter or as long as the provider
 * asks, and bounds the request with four timeouts (connect, first byte,
 * idle while streaming, total).
 *
 * It is the only HTTP retry layer: the AI SDK provider packages retry in
 * `generateText`/`streamText`, which omn does not use, and never in the
 * models' `doStream` that it calls. A reply stream that fails before its
 * first text is retried above it (`retryBeforeText`), in the same retry
 * session (`retry_session.ts`, found by the request's `init.signal`): one
 * request makes at most `maxRetries + 1` attempts in all, and its total
 * timeout counts from its first attempt.
 *
 * Once the first byte of a response body has arrived the response is handed
 * on and never retried: a reply that has started streaming keeps what it
 * printed, and a later failure is reported as it is.
 *
 * @module
 */
import { type Clock, SYSTEM_CLOCK } from "../core/clock.ts";
import { idleTimer } from "../core/idle_timer.ts";
import { startTimer } from "../core/start_timer.ts";
import { type Failure, failureOf, lostWhileStreaming, statusFailure } from "./attempt_failure.ts";
import { isRetryableStatus } from "./classify_status.ts";
import { readOrAbort, readStart } from "./read_body.ts";
import { type ReplyFormat, replyFormat, replySizeLimit } from "./reply_size_limit.ts";
import { RequestTimeoutError } from "./request_timeout_error.ts";
import { type AttemptOutcome, decideNext, type RetryEvent } from "./retry_decision.ts";
import { retrySessionOf, startRetrySession } from "./retry_session.ts";
import { isExhaustedQuota } from "./retry_delay.ts";

export { describeRetry, type RetryEvent } from "./retry_decision.ts";
export { connectionFailureReason, isTransientConnectionFailure } from "./attempt_failure.ts";
export { RequestTimeoutError, TIMEOUT_FLAGS, type TimeoutKind } from "./request_timeout_error.ts";

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

/** The limits of {@linkcode NetworkOptions}, all set. */
type Limits = Required<Omit<NetworkOptions, "onRetry">>;

/** The defaults of {@linkcode NetworkOptions}. */
export const NETWORK_DEFAULTS: Readonly<Limits> = {
  maxRetries: 4,
  maxRetryWaitMs: 60_000,
  connectTimeoutMs: 60_000,
  firstByteTimeoutMs: 300_000,
  idleTimeoutMs: 120_000,
  timeoutMs: 600_000,
};

/** Most bytes of an error body read to find the provider's message and hints. */
const ERROR_BODY_LIMIT = 64 * 1024;

/** What every attempt of one request shares. */
interface RequestRun {
  provider: string;
  limits: Limits;
  fetch: typeof fetch;
  url: URL;
  method: string;
  headers: Headers;
  body: ArrayBuffer | undefined;
  /** The caller's signal and the total timeout (the session's). */
  overall: AbortSignal;
  /**
   * Stops the total timeout: when the request ends, or when its answer has
   * been read; nothing when the session is a caller's (the caller ends it).
   */
  release: () => void;
}

/** The connect and first-byte timeouts of one attempt. */
interface AttemptTimers {
  /** Aborted by the attempt's own timeouts (and by the idle timeout while streaming). */
  phase: AbortController;
  /** The run's signal and the phase's. */
  signal: AbortSignal;
  /** The response has started: the connect timeout is done. */
  connected(): void;
  /** Both timeouts are done. */
  clear(): void;
}

/** Wraps `options.fetch` with retries and timeouts. */
export function createRetryingFetch(options: RetryingFetchOptions): typeof fetch {
  const limits = networkLimits(options);
  const clock = options.clock ?? SYSTEM_CLOCK;
  const now = options.now ?? (() => clock.now());
  const random = options.random ?? Math.random;
  const { provider } = options;

  const retryingFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const body = request.method === "GET" || request.method === "HEAD"
      ? undefined
      : await request.arrayBuffer();
    const caller = request.signal;
    caller.throwIfAborted();
    // A caller's session (retryBeforeText, whose signal the model passed on as `init.signal`)
    // shares its retries, start and total timeout; otherwise this request is a session of its
    // own, ended with the request.
    const shared = retrySessionOf(init?.signal);
    const session = shared ?? startRetrySession({ provider, limits, now: now() });
    const run: RequestRun = {
      provider,
      limits,
      fetch: options.fetch,
      url: new URL(request.url),
      method: request.method,
      headers: request.headers,
      body,
      overall: AbortSignal.any([caller, session.signal]),
      release: shared ? () => {} : session.end,
    };
    let handedOn = false;
    try {
      for (;;) {
        const outcome = await attempt(run);
        const next = decideNext(outcome, {
          ...limits,
          ...session.limits,
          provider,
          retries: session.retries,
          startedAt: session.startedAt,
          now: now(),
          random,
        });
        if (next.action === "return") {
          handedOn = true;
          return next.response;
        }
        if (next.action === "give-up") throw next.error;
        session.retries += 1;
        await options.onRetry?.(next.event);
        await clock.sleep(next.delayMs, run.overall);
      }
    } catch (error) {
      throw caller.aborted ? caller.reason ?? error : error;
    } finally {
      if (!handedOn) run.release();
    }
  };
  return retryingFetch as typeof fetch;
}

/** The options' limits, each absent one from {@linkcode NETWORK_DEFAULTS}. */
function networkLimits(options: NetworkOptions): Limits {
  const limits = { ...NETWORK_DEFAULTS };
  for (const key of Object.keys(NETWORK_DEFAULTS) as (keyof Limits)[]) {
    if (options[key] !== undefined) limits[key] = options[key]!;
  }
  return limits;
}

/** One attempt: a response to hand on, a failure worth a retry, or a throw. */
async function attempt(run: RequestRun): Promise<AttemptOutcome> {
  const timers = startTimers(run);
  let response: Response;
  try {
    response = await run.fetch(run.url, {
      method: run.method,
      headers: run.headers,
      body: run.body,
      signal: timers.signal,
    });
  } catch (error) {
    timers.clear();
    return { failure: attemptFailure(error, run, timers, "request") };
  }
  timers.connected();
  return isRetryableStatus(response.status)
    ? await retryableAnswer(run, response, timers)
    : await firstByte(run, response, timers);
}

function startTimers(run: RequestRun): AttemptTimers {
  const { provider, limits } = run;
  const phase = new AbortController();
  const cancelConnect = startTimer(
    limits.connectTimeoutMs,
    () => phase.abort(new RequestTimeoutError("connect", provider, limits.connectTimeoutMs)),
  );
  const cancelFirstByte = startTimer(
    limits.firstByteTimeoutMs,
    () => phase.abort(new RequestTimeoutError("first-byte", provider, limits.firstByteTimeoutMs)),
  );
  return {
    phase,
    signal: AbortSignal.any([run.overall, phase.signal]),
    connected: cancelConnect,
    clear() {
      cancelConnect();
      cancelFirstByte();
    },
  };
}

function attemptFailure(
  error: unknown,
  run: RequestRun,
  timers: AttemptTimers,
  during: "request" | "body",
): Failure {
  return failureOf(error, {
    provider: run.provider,
    url: run.url,
    overall: run.overall,
    phase: timers.phase.signal,
    during,
  });
}

/**
 * An answer with a retryable status: its start is read for the provider's
 * message and hints, then it is a failure worth a retry, except a 429 that
 * says the quota is spent, which is handed on.
 */
async function retryableAnswer(
  run: RequestRun,
  response: Response,
  timers: AttemptTimers,
): Promise<AttemptOutcome> {
  let text: string;
  try {
    text = await readStart(response, ERROR_BODY_LIMIT, timers.signal);
  } catch (error) {
    timers.clear();
    return { failure: attemptFailure(error, run, timers, "body") };
  }
  timers.clear();
  if (response.status === 429 && isExhaustedQuota(text)) {
    run.release();
    const { status, statusText, headers } = response;
    return { response: new Response(text, { status, statusText, headers }) };
  }
  return { failure: statusFailure(run.provider, response, text) };
}

/** Any other answer, handed on once the first byte of its body has arrived. */
async function firstByte(
  run: RequestRun,
  response: Response,
  timers: AttemptTimers,
): Promise<AttemptOutcome> {
  if (!response.body) {
    timers.clear();
    run.release();
    return { response };
  }
  const reader = response.body.getReader();
  let first: ReadableStreamReadResult<Uint8Array>;
  try {
    first = await readOrAbort(reader, timers.signal);
  } catch (error) {
    timers.clear();
    return { failure: attemptFailure(error, run, timers, "body") };
  }
  timers.clear();
  const { status, statusText, headers } = response;
  return {
    response: new Response(
      streamBody(run, reader, first, timers, replyFormat(run.provider, run.method, status)),
      { status, statusText, headers },
    ),
  };
}

/**
 * The rest of the body, each wait for more bounded by the idle timeout, its
 * size by `reply_size_limit.ts` (past the bound the body fails and is cancelled).
 */
function streamBody(
  run: RequestRun,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  first: ReadableStreamReadResult<Uint8Array>,
  timers: AttemptTimers,
  format: ReplyFormat,
): ReadableStream<Uint8Array> {
  const { provider, limits } = run;
  const size = replySizeLimit(provider, format);
  const { signal, phase } = timers;
  let pending: ReadableStreamReadResult<Uint8Array> | undefined = first;
  // One idle timer for the whole body, armed for each read (not a timer per read: idle_timer.ts).
  const idle = idleTimer(
    limits.idleTimeoutMs,
    () => phase.abort(new RequestTimeoutError("idle", provider, limits.idleTimeoutMs)),
  );
  const stop = () => {
    idle.stop();
    run.release();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let next = pending;
      pending = undefined;
      if (!next) {
        idle.arm();
        try {
          next = await readOrAbort(reader, signal);
        } catch (error) {
          stop();
          controller.error(signal.aborted ? signal.reason : lostWhileStreaming(provider, error));
          return;
        } finally {
          idle.disarm();
        }
      }
      if (next.done) {
        stop();
        controller.close();
        return;
      }
      try {
        size.add(next.value);
      } catch (error) {
        stop();
        controller.error(error);
        await reader.cancel(error).catch(() => {});
        return;
      }
      controller.enqueue(next.value);
    },
    async cancel(reason) {
      stop();
      await reader.cancel(reason).catch(() => {});
    },
  }, { highWaterMark: 0 });
}
