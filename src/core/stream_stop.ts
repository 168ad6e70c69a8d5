/**
 * The wait for a model's stream to stop, once a command gave up on it (an
 * interruption, an error, a closed stdout). Stopping runs what the layers
 * around the provider do in their `finally`: the spend ledger settles the
 * request's reservation, the usage ledger records the request. A process
 * that exits first loses both, so the command waits, but not for long: the
 * request's connection is closed by then and the stream stops within
 * milliseconds, unless its provider ignores the signal.
 *
 * @module
 */

/** The longest wait for a stream to stop. */
export const STREAM_STOP_WAIT_MS = 1000;

/** Waits until `stopping` settles (a failure counts), or {@linkcode STREAM_STOP_WAIT_MS} at most. */
export async function untilStopped(
  stopping: Promise<unknown> | undefined,
  waitMs = STREAM_STOP_WAIT_MS,
): Promise<void> {
  if (stopping === undefined) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      stopping.then(() => {}, () => {}),
      new Promise<void>((resolve) => timer = setTimeout(resolve, waitMs)),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
