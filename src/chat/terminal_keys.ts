/**
 * Keys from a terminal in raw mode, read for the whole session so that
 * Ctrl-C can stop a reply while it streams and keys typed meanwhile wait
 * for the next line.
 *
 * @module
 */
import { splitKeys } from "./split_keys.ts";

/** The keyboard of an interactive session: a queue of keys fed from stdin. */
export class TerminalKeys {
  /** While set, Ctrl-C calls it instead of being queued (a reply is streaming). */
  onInterrupt: (() => void) | undefined;
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #queue: string[] = [];
  #ended = false;
  #wake: (() => void) | undefined;
  #pumping: Promise<void>;

  /** Starts reading `stdin`. */
  constructor(stdin: ReadableStream<Uint8Array>) {
    this.#reader = stdin.getReader();
    this.#pumping = this.#pump();
  }

  async #pump(): Promise<void> {
    const decoder = new TextDecoder();
    let rest = "";
    try {
      for (;;) {
        const { value, done } = await this.#reader.read();
        if (done) break;
        const split = splitKeys(rest + decoder.decode(value, { stream: true }));
        rest = split.rest;
        for (const key of split.keys) {
          if (key === "\x03" && this.onInterrupt) this.onInterrupt();
          else this.#queue.push(key);
        }
        this.#wake?.();
      }
    } catch {
      // stdin failed or was cancelled: that is the end of the input.
    }
    this.#ended = true;
    this.#wake?.();
  }

  /** The next key, waiting for one; `null` at the end of the input. */
  async next(): Promise<string | null> {
    while (this.#queue.length === 0) {
      if (this.#ended) return null;
      const { promise, resolve } = Promise.withResolvers<void>();
      this.#wake = resolve;
      await promise;
      this.#wake = undefined;
    }
    return this.#queue.shift()!;
  }

  /** Ends the input now: `next` returns `null` once the queue is empty. */
  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  /** A key already received, without waiting. */
  take(): string | undefined {
    return this.#queue.shift();
  }

  /** Stops reading. */
  async close(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
    await this.#pumping;
    this.#reader.releaseLock();
  }
}
