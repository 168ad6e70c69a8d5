/**
 * The retries of one `ask`, told straight by the fetch that makes them (its
 * `onRetry`): each one shown as it comes, a line on stderr or a `retry`
 * event in `stream-json`, and counted for the result object.
 *
 * @module
 */
import type { Io } from "../core/io.ts";
import { describeRetry } from "../net/describe_retry.ts";
import type { RetryEvent } from "../net/retrying_fetch.ts";
import type { AskOptions, RetryNotices } from "./run_ask.ts";

/** Shows and counts the retries of one `ask`. */
export class AskRetryNotices implements RetryNotices {
  /** Retries so far. */
  count = 0;
  readonly #io: Io;
  readonly #output: AskOptions["output"];

  constructor(io: Io, output: AskOptions["output"]) {
    this.#io = io;
    this.#output = output;
  }

  /** The fetch's `onRetry`: told of each retry before its wait, which waits for it. */
  readonly notify = async (event: RetryEvent): Promise<void> => {
    this.count += 1;
    if (this.#output === "stream-json") {
      await this.#io.write(
        JSON.stringify({
          type: "retry",
          attempt: event.attempt,
          delay_ms: event.delayMs,
          status: event.status ?? null,
          reason: event.reason,
        }) + "\n",
      );
    } else {
      this.#io.message("info", describeRetry(event));
    }
  };
}
