/**
 * Reads the lines of a batch's input ahead of the work, so that the total
 * is known (for the progress line's done/total and ETA) as soon as the
 * input's end has been read, in bounded memory.
 *
 * @module
 */

/** Limits of {@linkcode readAhead}. */
export interface ReadAheadOptions {
  /** Most lines held ahead of the consumer (default {@linkcode MAX_AHEAD_LINES}). */
  maxLines?: number;
  /** Most characters held ahead of the consumer (default {@linkcode MAX_AHEAD_CHARS}). */
  maxChars?: number;
}

/** Lines held ahead by default. */
export const MAX_AHEAD_LINES = 100_000;
/** Characters held ahead by default (16 MiB of UTF-16). */
export const MAX_AHEAD_CHARS = 8 * 1024 * 1024;

/** The lines, and what is known of their count. */
export interface ReadAhead {
  /** The same lines, in order. */
  lines: AsyncIterable<string>;
  /** How many lines that are not blank the input has, once its end has been read. */
  nonBlankTotal(): number | undefined;
}

/**
 * Wraps `source` so that its lines are pulled as fast as they come, up to
 * the limits ahead of the consumer; once the source ends, `nonBlankTotal`
 * gives the number of lines that are not blank (whitespace only). A source
 * error reaches the consumer at its place in the lines.
 *
 * @example
 * ```ts
 * import { readAhead } from "./read_ahead.ts";
 * async function* three() { yield "a"; yield ""; yield "b"; }
 * const ahead = readAhead(three());
 * for await (const line of ahead.lines) console.log(line, ahead.nonBlankTotal()); // a 2, "" 2, b 2
 * ```
 */
export function readAhead(
  source: AsyncIterable<string>,
  options: ReadAheadOptions = {},
): ReadAhead {
  const maxLines = options.maxLines ?? MAX_AHEAD_LINES;
  const maxChars = options.maxChars ?? MAX_AHEAD_CHARS;
  const queue: string[] = [];
  let queuedChars = 0;
  let nonBlank = 0;
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  const iterator = source[Symbol.asyncIterator]();
  let stopped = false;

  const produce = async () => {
    try {
      while (!stopped) {
        while (!stopped && (queue.length >= maxLines || queuedChars >= maxChars)) {
          await new Promise<void>((resolve) => wakeProducer = resolve);
        }
        if (stopped) break;
        const next = await iterator.next();
        if (next.done) break;
        queue.push(next.value);
        queuedChars += next.value.length;
        if (next.value.trim() !== "") nonBlank++;
        wakeConsumer?.();
      }
    } catch (error) {
      failure = { error };
    } finally {
      ended = true;
      wakeConsumer?.();
    }
  };
  let started: Promise<void> | undefined;

  async function* lines(): AsyncGenerator<string> {
    started ??= produce();
    try {
      for (;;) {
        if (queue.length > 0) {
          const line = queue.shift()!;
          queuedChars -= line.length;
          wakeProducer?.();
          yield line;
          continue;
        }
        if (ended) {
          if (failure) throw failure.error;
          return;
        }
        await new Promise<void>((resolve) => wakeConsumer = resolve);
      }
    } finally {
      stopped = true;
      wakeProducer?.();
      // Not awaited: a read in progress (stdin) would hold the consumer up.
      if (!ended) iterator.return?.()?.catch(() => {});
    }
  }

  return {
    lines: { [Symbol.asyncIterator]: lines },
    nonBlankTotal: () => ended && failure === undefined ? nonBlank : undefined,
  };
}
