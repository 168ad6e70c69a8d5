/**
 * Retries a generation whose stream failed before its first text, the way
 * the retrying fetch retries the equivalent HTTP status: a stream that
 * opened with HTTP 200 and then sent an overload, rate-limit or server error
 * has shown nothing yet, so another attempt costs the user nothing.
 *
 * Only errors from inside a stream are retried here: an HTTP status has
 * already had its retries in the retrying fetch. Once any text has been
 * handed on, an error is reported as it is (the text
 * stays printed). Retries are announced through the same `onRetry` as the
 * fetch's, and share its limits (`--max-retries`, `--max-retry-wait`).
 *
 * @module
 */
import { errorTypeOf } from "../core/error_type.ts";
import { NETWORK_DEFAULTS, type NetworkOptions } from "../net/retrying_fetch.ts";
import { backoffDelay } from "../net/retry_delay.ts";
import { abortableSleep } from "../core/clock.ts";
import { isRetryableType, isStreamError } from "./classify_stream_error.ts";
import type { GenerateRequest, LanguageModel, ModelEvent } from "./language_model.ts";

/** Options of {@linkcode retryBeforeText}. */
export interface RetryBeforeTextOptions
  extends Pick<NetworkOptions, "maxRetries" | "maxRetryWaitMs" | "onRetry"> {
  /** Random numbers in [0, 1) for the jitter; `Math.random` by default. */
  random?: () => number;
  /** Waits (tests inject one); a timer that the request's signal cuts short by default. */
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
}

/** Wraps a model so that a retryable stream error before the first text is retried. */
export function retryBeforeText(
  model: LanguageModel,
  options: RetryBeforeTextOptions = {},
): LanguageModel {
  const maxRetries = options.maxRetries ?? NETWORK_DEFAULTS.maxRetries;
  const maxWaitMs = options.maxRetryWaitMs ?? NETWORK_DEFAULTS.maxRetryWaitMs;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  return {
    provider: model.provider,
    modelId: model.modelId,
    async *stream(request: GenerateRequest): AsyncIterable<ModelEvent> {
      for (let retries = 0;; retries++) {
        let shown = false;
        try {
          for await (const event of model.stream(request)) {
            if (event.type === "text-delta") shown = true;
            yield event;
          }
          return;
        } catch (error) {
          const type = errorTypeOf(error);
          if (
            shown || !isStreamError(error) || !isRetryableType(type) || retries >= maxRetries ||
            request.signal?.aborted
          ) {
            throw error;
          }
          const delayMs = backoffDelay(retries + 1, random(), { maxMs: maxWaitMs });
          await options.onRetry?.({
            provider: model.provider,
            attempt: retries + 1,
            maxRetries,
            delayMs,
            reason: `a stream error (${type.replace("_", " ")}) before the reply started`,
          });
          await sleep(delayMs, request.signal);
        }
      }
    },
  };
}
