/**
 * Multi-line messages in `omn chat`: a line ending in `\` goes on to the
 * next line (the `\` is dropped, the line break kept); a line ending in
 * `\\` ends with one literal `\`. The same on a terminal and on a pipe. Pure.
 *
 * @module
 */

/**
 * Joins continued lines into messages.
 *
 * @example
 * ```ts
 * import { LineJoiner } from "./line_joiner.ts";
 * const joiner = new LineJoiner();
 * joiner.push("first line\\"); // undefined
 * joiner.push("second line"); // "first line\nsecond line"
 * ```
 */
export class LineJoiner {
  #parts: string[] = [];

  /** Whether a message has started and waits for more lines. */
  get pending(): boolean {
    return this.#parts.length > 0;
  }

  /** Takes one line; returns the whole message when this line ends it. */
  push(line: string): string | undefined {
    if (line.endsWith("\\\\")) return this.#complete(line.slice(0, -1));
    if (line.endsWith("\\")) {
      this.#parts.push(line.slice(0, -1));
      return undefined;
    }
    return this.#complete(line);
  }

  /** The message begun so far (at the end of the input), if any; then empty. */
  flush(): string | undefined {
    return this.pending ? this.#complete(undefined) : undefined;
  }

  /** Drops the message begun so far. */
  reset(): void {
    this.#parts = [];
  }

  #complete(line: string | undefined): string {
    const parts = line === undefined ? this.#parts : [...this.#parts, line];
    this.#parts = [];
    return parts.join("\n");
  }
}
