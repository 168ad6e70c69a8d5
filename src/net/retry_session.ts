/**
 * One request's retry budget, shared by every layer that retries it: the
 * retrying fetch (an HTTP status, a failed connection) and the retry of a
 * reply stream that failed before its first text (`retryBeforeText`). Both
 * count their retries in the same session and measure the total time limit
 * from the same start, so that one request makes at most `maxRetries + 1`
 * attempts whatever mix of failures it meets, and its total timeout is not
 * restarted by a retry.
 *
 * The session travels with the request's async calls (an
 * `AsyncLocalStorage`): the fetch that an AI SDK model makes inside
 * `retryBeforeText` finds the session its caller started; a fetch made
 * outside any session starts its own.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
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

/** Starts a session and its total timeout. */
export function startRetrySession(options: RetrySessionOptions): RetrySession {
  const { provider, limits } = options;
  const total = new AbortController();
  const end = startTimer(
    limits.timeoutMs,
    () => total.abort(new RequestTimeoutError("total", provider, limits.timeoutMs)),
  );
  return {
    provider,
    limits: { ...limits },
    startedAt: options.now,
    retries: 0,
    signal: options.signal ? AbortSignal.any([options.signal, total.signal]) : total.signal,
    end,
  };
}

const current = new AsyncLocalStorage<RetrySession>();

/** The session of the request being made, if a caller started one. */
export function currentRetrySession(): RetrySession | undefined {
  return current.getStore();
}

/**
 * The events of `events`, each step of it taken inside `session`: whatever
 * the producer fetches while it runs finds the session.
 */
export function withinRetrySession<T>(
  session: RetrySession,
  events: AsyncIterable<T>,
): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = events[Symbol.asyncIterator]();
      return {
        next: () => current.run(session, () => iterator.next()),
        return: (value?: unknown) =>
          current.run(
            session,
            () =>
              iterator.return?.(value) ??
                Promise.resolve({ done: true, value } as IteratorReturnResult<T>),
          ),
      };
    },
  };
}
