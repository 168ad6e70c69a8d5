/**
 * The next value of an async iterator, unless a signal aborts first: the
 * wait ends at the abort even when the iterator does not heed the signal.
 *
 * Each wait has a promise and an abort listener of its own, removed when it
 * ends: racing every wait against one promise that lives as long as the
 * signal adds a reaction to it per wait, which keeps every value read until
 * the signal settles (a chat turn held each event of its reply so).
 *
 * @module
 */

/**
 * The iterator's next result, or `undefined` once `signal` aborts (at once
 * when it has aborted already, without asking the iterator). A result that
 * comes, or fails, after the abort is dropped.
 *
 * @example
 * ```ts
 * import { nextUnlessAborted } from "./next_unless_aborted.ts";
 * const lines = ["a", "b"][Symbol.iterator]();
 * const input = (async function* () { yield* lines; })();
 * await nextUnlessAborted(input, new AbortController().signal); // { value: "a", done: false }
 * ```
 */
export function nextUnlessAborted<T>(
  iterator: AsyncIterator<T>,
  signal: AbortSignal | undefined,
): Promise<IteratorResult<T> | undefined> {
  if (!signal) return iterator.next();
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener("abort", onAbort, { once: true });
    iterator.next().then(resolve, reject).finally(() =>
      signal.removeEventListener("abort", onAbort)
    );
  });
}
