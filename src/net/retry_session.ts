/**
 * One request's retry budget, shared by every layer that retries it: the
 * retrying fetch (an HTTP status, a failed connection) and the retry of a
 * reply stream that failed before its first text (`retryBeforeText`). Both
 * count their retries in the same session and measure the total time limit
 * from the same start, so that one request makes at most `maxRetries + 1`
 * attempts whatever mix of failures it meets, and its total timeout is not
 * restarted by a retry.
 *
 * The session travels with the request as its signal: `retryBeforeText`
 * hands `session.signal` to the model as the request's signal, every AI SDK
 * provider passes it unchanged to its fetch as `init.signal` (the SDK's
 * `abortSignal`), and the retrying fetch finds the session by that signal
 * ({@linkcode retrySessionOf}). A fetch given any other signal, or none,
 * starts a session of its own. Concurrent requests (a batch) each have their
 * own signal, hence their own session. No `node:async_hooks`: loading Deno's
 * Node compatibility layer for an `AsyncLocalStorage` cost every start of
 * `omn ask` about 15 ms.
 *
 * @module
 */
import { startTimer } from "../core/start_timer.ts";
import { RequestTimeoutError } from "./request_timeout_error.ts";

/** The limits a session shares between its layers. */
export interface SessionLimits {
  /** Most retries after the first attempt, all layers together. */
  maxRetries: number;
  /** Longest single wait, whoever asks for it. */
  maxRetryWaitMs: number;
  /** Most time for the whole request, retries and waits included. */
  timeoutMs: number;
}

/** One request's retries, start and total timeout. */
export interface RetrySession {
  /** The provider id, for messages. */
  readonly provider: string;
  /** The limits every layer decides with. */
  readonly limits: Readonly<SessionLimits>;
  /** When the request started, in ms since the epoch (the clock's). */
  readonly startedAt: number;
  /** Retries made so far, by any layer. */
  retries: number;
  /** Aborted by the caller's signal or the total timeout. */
  readonly signal: AbortSignal;
  /** Stops the total timeout; safe to call twice. */
  end(): void;
}

/** What {@linkcode startRetrySession} needs. */
export interface RetrySessionOptions {
  /** The provider id, for the timeout's message. */
  provider: string;
  /** The limits. */
  limits: SessionLimits;
  /** Now, in ms since the epoch (the clock's). */
  now: number;
  /** The caller's signal, when there is one. */
  signal?: AbortSignal;
}

/** Each session by its signal; forgotten with the signal. */
const sessions = new WeakMap<AbortSignal, RetrySession>();

/** Starts a session and its total timeout. */
export function startRetrySession(options: RetrySessionOptions): RetrySession {
  const { provider, limits } = options;
  const total = new AbortController();
  const end = startTimer(
    limits.timeoutMs,
    () => total.abort(new RequestTimeoutError("total", provider, limits.timeoutMs)),
  );
  const session: RetrySession = {
    provider,
    limits: { ...limits },
    startedAt: options.now,
    retries: 0,
    // Never the caller's own signal: the session's signal names this session only.
    signal: options.signal ? AbortSignal.any([options.signal, total.signal]) : total.signal,
    end,
  };
  sessions.set(session.signal, session);
  return session;
}

/**
 * The session whose `signal` this is, if any: the session of the request a
 * fetch is making, when its caller passed the session's signal as
 * `init.signal`.
 */
export function retrySessionOf(signal: AbortSignal | null | undefined): RetrySession | undefined {
  return signal ? sessions.get(signal) : undefined;
}
