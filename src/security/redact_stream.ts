/**
 * Streaming redaction with the same result as `redact` on the whole text.
 *
 * @module
 */
import { MAX_PATTERN_REACH } from "./patterns.ts";
import { IncrementalRedactor } from "./incremental_redactor.ts";

export { IncrementalRedactor };

/**
 * The most characters a {@linkcode RedactStream} holds back while no known
 * secret is longer: 16,704, the reach of the longest pattern, a PEM private
 * key block (body capped at 16 KiB, plus its markers). Next come JWTs
 * (capped at 14 KiB) and AWS session tokens (12 KiB URL-encoded); every
 * other format reaches at most 8 KiB (a header value), most under 300
 * characters. A registered known secret longer than this raises the bound
 * to its own length (see `maxPendingLength`).
 */
export const MAX_PENDING_LENGTH: number = MAX_PATTERN_REACH;

/**
 * A `TransformStream<string, string>` that masks every secret, so that the
 * concatenation of its output equals `redact(wholeInput)` however the input
 * is split into chunks.
 *
 * It holds back only text that could still become part of a match: a
 * trailing token that a secret format could continue, an unfinished
 * `-----BEGIN ... PRIVATE KEY-----` block (up to 16 KiB), a JWT (up to
 * 14 KiB), a header whose value has not ended, or the beginning of a known
 * secret. Everything else is released at once, and the held text never
 * exceeds {@linkcode MAX_PENDING_LENGTH} (or the longest known secret form),
 * so memory stays constant on unbounded input. Pass large chunks (64 KiB as
 * stdin gives them is ideal); nothing is split into lines.
 *
 * @example
 * ```ts
 * import { RedactStream } from "./redact_stream.ts";
 * await Deno.stdin.readable
 *   .pipeThrough(new TextDecoderStream())
 *   .pipeThrough(new RedactStream())
 *   .pipeThrough(new TextEncoderStream())
 *   .pipeTo(Deno.stdout.writable);
 * ```
 */
export class RedactStream extends TransformStream<string, string> {
  readonly #redactor: IncrementalRedactor;

  constructor() {
    const redactor = new IncrementalRedactor();
    super({
      transform(chunk, controller) {
        const output = redactor.push(chunk);
        if (output.length > 0) controller.enqueue(output);
      },
      flush(controller) {
        const output = redactor.finish();
        if (output.length > 0) controller.enqueue(output);
      },
    });
    this.#redactor = redactor;
  }

  /** How many characters of input are held back, not yet written out. */
  get pendingLength(): number {
    return this.#redactor.pendingLength;
  }

  /** The bound on `pendingLength` for the current known secrets. */
  get maxPendingLength(): number {
    return this.#redactor.maxPendingLength;
  }
}
