/**
 * The retry policy as one pure decision: given what an attempt came to (an
 * answer to hand on, or a failure) and where the request stands (retries
 * made, time spent), what now: return the answer, retry after a wait, or
 * give up with an error that says why. The retrying fetch only acts on it.
 *
 * @module
 */
import { type OmnError, RateLimitError, TimedOutError } from "../core/errors.ts";
import type { Failure } from "./attempt_failure.ts";
import { backoffDelay, formatWait, serverDelay } from "./retry_delay.ts";

export { describeRetry } from "./describe_retry.ts";

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

/** What one attempt came to: an answer to hand on, or a failure worth another try. */
export type AttemptOutcome = { response: Response } | { failure: Failure };

/** Where a request stands when an attempt ends. */
export interface RetryState {
  /** The provider id, for messages. */
  provider: string;
  /** Retries made so far (0 after the first attempt). */
  retries: number;
  /** Most retries allowed. */
  maxRetries: number;
  /** Longest single wait, whoever asks for it. */
  maxRetryWaitMs: number;
  /** Most time for the whole request, retries and waits included. */
  timeoutMs: number;
  /** When the request started, in ms since the epoch. */
  startedAt: number;
  /** Now, in ms since the epoch. */
  now: number;
  /** A random number in [0, 1) for the jitter, drawn only when the backoff is used. */
  random: () => number;
}

/** What to do after an attempt. */
export type NextStep =
  | { action: "return"; response: Response }
  | { action: "retry"; delayMs: number; event: RetryEvent }
  | { action: "give-up"; error: OmnError };

/**
 * Decides what follows an attempt: its answer is returned; a failure is
 * retried after the wait the provider asks for (else the backoff with full
 * jitter), unless the retries are spent, the wait asked for is longer than
 * the most omn waits, or the wait would pass the total time limit.
 *
 * @example
 * ```ts
 * import { decideNext } from "./retry_decision.ts";
 * import { RateLimitError } from "../core/errors.ts";
 * const failure = { reason: "a dropped connection", error: new RateLimitError("lost") };
 * decideNext({ failure }, {
 *   provider: "openai", retries: 0, maxRetries: 4, maxRetryWaitMs: 60_000,
 *   timeoutMs: 600_000, startedAt: 0, now: 0, random: () => 0.5,
 * }); // { action: "retry", delayMs: 500, event: { … } }
 * ```
 */
export function decideNext(outcome: AttemptOutcome, state: RetryState): NextStep {
  if ("response" in outcome) return { action: "return", response: outcome.response };
  const { failure } = outcome;
  if (state.retries >= state.maxRetries) {
    return { action: "give-up", error: exhausted(failure, state) };
  }
  const hint = failure.headers ? serverDelay(failure.headers, failure.body, state.now) : undefined;
  if (hint && hint.delayMs > state.maxRetryWaitMs) {
    return { action: "give-up", error: waitTooLong(failure, hint.delayMs, state) };
  }
  const delayMs = hint?.delayMs ??
    backoffDelay(state.retries + 1, state.random(), { maxMs: state.maxRetryWaitMs });
  if (state.now - state.startedAt + delayMs > state.timeoutMs) {
    return { action: "give-up", error: pastDeadline(failure, delayMs, state) };
  }
  const event: RetryEvent = {
    provider: state.provider,
    attempt: state.retries + 1,
    maxRetries: state.maxRetries,
    delayMs,
    status: failure.status,
    reason: failure.reason,
  };
  return { action: "retry", delayMs, event };
}

function resetNote(failure: Failure, state: RetryState): string {
  if (!failure.headers) return "";
  const hint = serverDelay(failure.headers, failure.body, state.now);
  if (!hint) return "";
  const at = new Date(state.now + hint.delayMs).toISOString().replace(/\.\d+Z$/, "Z");
  const what = failure.status === 429 ? "the limit resets" : `${state.provider} asks to retry`;
  return `; ${what} in ${formatWait(hint.delayMs)} (at ${at})`;
}

function exhausted(failure: Failure, state: RetryState): OmnError {
  const { retries } = state;
  const after = retries === 0
    ? "; retries are off (--max-retries 0)"
    : ` after ${retries} ${retries === 1 ? "retry" : "retries"}`;
  return rebuild(failure.error, `${failure.error.message}${after}${resetNote(failure, state)}`);
}

function waitTooLong(failure: Failure, delayMs: number, state: RetryState): OmnError {
  return rebuild(
    failure.error,
    `${failure.error.message}; it asks to wait ${formatWait(delayMs)}, longer than the ${
      formatWait(state.maxRetryWaitMs)
    } omn waits at most (--max-retry-wait)${resetNote(failure, state)}`,
  );
}

function pastDeadline(failure: Failure, delayMs: number, state: RetryState): OmnError {
  return rebuild(
    failure.error,
    `${failure.error.message}; waiting ${
      formatWait(delayMs)
    } more would pass the total time limit of ${formatWait(state.timeoutMs)} (--timeout)${
      resetNote(failure, state)
    }`,
  );
}

/** The same kind of error with another message (exit 5 either way). */
function rebuild(error: OmnError, message: string): OmnError {
  return error instanceof TimedOutError
    ? new TimedOutError(message, { cause: error })
    : new RateLimitError(message, { cause: error });
}
