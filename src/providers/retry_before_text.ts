/**
 * Retries a generation whose stream failed before its first text, the way
 * the retrying fetch retries the equivalent HTTP status: a stream that
 * opened with HTTP 200 and then sent an overload, rate-limit or server error
 * has shown nothing yet, so another attempt costs the user nothing.
 *
 * Both layers share one retry session (`src/net/retry_session.ts`) per
 * request: the retries of the fetch underneath and the ones made here count
 * against the same `--max-retries`, so one request makes at most
 * `maxRetries + 1` attempts whatever mix of HTTP statuses and stream errors
 * it meets; the total timeout (`--timeout`) counts from the first attempt and
 * is never restarted. Each wait follows the same decision as an HTTP retry
 * (`decideNext`: the wait the answer's headers ask for, such as
 * `Retry-After`, else backoff with full jitter; at most `--max-retry-wait`,
 * never past the total time limit) and goes through the injected clock.
 *
 * Only errors from inside a stream are retried here: an HTTP status has
 * already had its retries in the retrying fetch. Once any text has been
 * handed on, an error is reported as it is (the text stays printed).
 * Retries are announced through the same `onRetry` as the fetch's.
 *
 * @module
 */
import { type Clock, SYSTEM_CLOCK } from "../core/clock.ts";
import { type OmnError, ProviderError, RateLimitError } from "../core/errors.ts";
import { errorTypeOf } from "../core/error_type.ts";
import { NETWORK_DEFAULTS, type NetworkOptions } from "../net/retrying_fetch.ts";
import { decideNext } from "../net/retry_decision.ts";
import { startRetrySession } from "../net/retry_session.ts";
import { isRetryableType, isStreamError } from "./classify_stream_error.ts";
import { responseHeadersOf } from "./stream_error_headers.ts";
import type { GenerateRequest, LanguageModel, ModelEvent } from "./language_model.ts";

/** Options of {@linkcode retryBeforeText}. */
export interface RetryBeforeTextOptions
  extends Pick<NetworkOptions, "maxRetries" | "maxRetryWaitMs" | "timeoutMs" | "onRetry"> {
  /** Random numbers in [0, 1) for the jitter; `Math.random` by default. */
  random?: () => number;
  /** The clock and sleep of the waits (tests inject `instantClock`); the real ones by default. */
  clock?: Clock;
}

/** Wraps a model so that a retryable stream error before the first text is retried. */
export function retryBeforeText(
  model: LanguageModel,
  options: RetryBeforeTextOptions = {},
): LanguageModel {
  const limits = {
    maxRetries: options.maxRetries ?? NETWORK_DEFAULTS.maxRetries,
    maxRetryWaitMs: options.maxRetryWaitMs ?? NETWORK_DEFAULTS.maxRetryWaitMs,
    timeoutMs: options.timeoutMs ?? NETWORK_DEFAULTS.timeoutMs,
  };
  const random = options.random ?? Math.random;
  const clock = options.clock ?? SYSTEM_CLOCK;
  const { provider } = model;
  return {
    provider,
    modelId: model.modelId,
    async *stream(request: GenerateRequest): AsyncIterable<ModelEvent> {
      const session = startRetrySession({
        provider,
        limits,
        now: clock.now(),
        signal: request.signal,
      });
      try {
        for (;;) {
          let shown = false;
          try {
            // The session's signal carries the session to the retrying fetch underneath.
            for await (const event of model.stream({ ...request, signal: session.signal })) {
              if (event.type === "text-delta") shown = true;
              yield event;
            }
            return;
          } catch (error) {
            const type = errorTypeOf(error);
            if (
              shown || !isStreamError(error) || !isRetryableType(type) || session.signal.aborted
            ) {
              throw error;
            }
            const next = decideNext({
              failure: {
                reason: `a stream error (${type.replace("_", " ")}) before the reply started`,
                error: error as OmnError,
                headers: responseHeadersOf(error),
              },
            }, {
              ...limits,
              provider,
              retries: session.retries,
              startedAt: session.startedAt,
              now: clock.now(),
              random,
            });
            if (next.action !== "retry") {
              throw next.action === "give-up" ? sameKind(error as OmnError, next.error) : error;
            }
            session.retries += 1;
            await options.onRetry?.(next.event);
            await clock.sleep(next.delayMs, session.signal);
          }
        }
      } finally {
        session.end();
      }
    },
  };
}

/**
 * The error to report when no retry is left: the decision's message (why it
 * gave up), the stream error's class and kind (its exit code and `error_type`).
 */
function sameKind(original: OmnError, decided: OmnError): OmnError {
  const options = { cause: original };
  return original instanceof RateLimitError
    ? new RateLimitError(decided.message, options)
    : new ProviderError(decided.message, options);
}
