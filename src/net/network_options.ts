/**
 * The one builder of a run's network options (`ask`, `chat`, `batch`): each
 * retry and timeout limit from its flag when the command has one, else from
 * the config's `settings`, else the default of the retrying fetch.
 *
 * @module
 */
import type { Config } from "../config/schema.ts";
import type { NetworkOptions, RetryEvent } from "./retrying_fetch.ts";

/** The network flags a command may have (`ask` has them all; `chat` and `batch` only `--timeout`). */
export interface NetworkFlags {
  timeoutMs?: number;
  maxRetries?: number;
  maxRetryWaitMs?: number;
  connectTimeoutMs?: number;
  firstByteTimeoutMs?: number;
  idleTimeoutMs?: number;
}

/**
 * The network options of a run.
 *
 * @example
 * ```ts
 * import { networkOptions } from "./network_options.ts";
 * networkOptions({ version: 1, settings: { max_retries: 2 } }, { timeoutMs: 30_000 });
 * // { timeoutMs: 30000, maxRetries: 2, … undefined for the rest }
 * ```
 */
export function networkOptions(
  config: Config,
  flags: NetworkFlags,
  onRetry?: (event: RetryEvent) => void | Promise<void>,
): NetworkOptions {
  const settings = config.settings;
  return {
    timeoutMs: flags.timeoutMs ?? settings?.timeout_ms,
    maxRetries: flags.maxRetries ?? settings?.max_retries,
    maxRetryWaitMs: flags.maxRetryWaitMs ?? settings?.max_retry_wait_ms,
    connectTimeoutMs: flags.connectTimeoutMs ?? settings?.connect_timeout_ms,
    firstByteTimeoutMs: flags.firstByteTimeoutMs ?? settings?.first_byte_timeout_ms,
    idleTimeoutMs: flags.idleTimeoutMs ?? settings?.idle_timeout_ms,
    onRetry,
  };
}
