/**
 * Streaming redaction with the same result as `redact` on the whole text.
 *
 * @module
 */
import { currentMatcher } from "./_known_secrets.ts";
import { LOOKBEHIND_CONTEXT } from "./_matcher.ts";
import { MASK, MAX_PATTERN_REACH } from "./patterns.ts";
import { maskInText } from "./mask_in_text.ts";
import { scanNormalized } from "./_scan_normalized.ts";
import { needsNormalizing } from "./normalize_for_matching.ts";

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

/**
 * The synchronous core of {@linkcode RedactStream}, for callers that hold
 * their chunks already: the concatenation of what `push` and `finish`
 * return equals `redact` of the concatenated chunks.
 *
 * @example
 * ```ts
 * import { IncrementalRedactor } from "./redact_stream.ts";
 * const redactor = new IncrementalRedactor();
 * const output = redactor.push("Authorization: Bearer ab") + redactor.push("c\n") + redactor.finish();
 * // "Authorization: Bearer ***\n"
 * ```
 */
export class IncrementalRedactor {
  /** Context already written out (for lookbehinds), then the pending text. */
  #text = "";
  #contextLength = 0;
  /** Whether `#text` has no character that normalising would change. */
  #textIsPlain = true;

  /** How many characters of input are held back, not yet returned. */
  get pendingLength(): number {
    return this.#text.length - this.#contextLength;
  }

  /**
   * The bound on `pendingLength` for the current known secrets:
   * {@linkcode MAX_PENDING_LENGTH}, or the longest known secret form if longer.
   */
  get maxPendingLength(): number {
    return currentMatcher().maxHold;
  }

  /**
   * Takes the next chunk and returns the text that can be released.
   *
   * `chunkIsAscii` is for callers that know the chunk is ASCII (from its
   * bytes): the test for invisible and look-alike characters is then
   * skipped for it. Never pass it for a chunk that may hold other characters.
   */
  push(chunk: string, chunkIsAscii = false): string {
    return this.#take(this.#text + chunk, this.#text.length, false, chunkIsAscii);
  }

  /**
   * The text kept from the chunks so far: context for lookbehinds, then the
   * held-back text. See {@linkcode pushJoined}.
   */
  get kept(): string {
    return this.#text;
  }

  /**
   * `push(chunk, chunkIsAscii)` for a caller that holds {@linkcode kept}
   * followed by the chunk as one string already (decoded from its bytes in
   * one piece): the kept text is then not joined to the chunk again, a copy
   * of the whole chunk. Throws when `joined` does not start with `kept`.
   */
  pushJoined(joined: string, chunkIsAscii = false): string {
    if (!joined.startsWith(this.#text)) {
      throw new RangeError("Cannot redact the joined text: it does not start with the kept text");
    }
    return this.#take(joined, this.#text.length, false, chunkIsAscii);
  }

  /**
   * Ends the input and returns the rest; the redactor is then empty and can
   * start over.
   *
   * With `truncated`, the input was cut short (an error or an interruption
   * ended it, or a size limit cut it): the held-back tail, which could be
   * the beginning of a secret (a prefix of a known secret, an unfinished
   * key), is replaced by the mask `***` instead of being released.
   */
  finish(options: { truncated?: boolean } = {}): string {
    if (!options.truncated) return this.#take(this.#text, this.#text.length, true, true);
    const released = this.#take(this.#text, this.#text.length, false, true);
    const tail = this.#text.slice(this.#contextLength);
    this.#text = "";
    this.#contextLength = 0;
    this.#textIsPlain = true;
    return tail.length === 0 ? released : released + maskInText(MASK, tail);
  }

  /** Redacts `text`, the kept text followed from `chunkStart` by the new chunk. */
  #take(text: string, chunkStart: number, final: boolean, chunkIsAscii: boolean): string {
    const from = this.#contextLength;
    const plain = this.#isPlain(text, chunkStart, chunkIsAscii);
    let output = "";
    let emitted = from;
    const limit = scanNormalized(text, from, final, (start, end, hit) => {
      output += text.slice(emitted, start) + maskInText(hit.masked, text.slice(start, end));
      emitted = end;
    }, plain);
    output = emitted === from ? text.slice(from, limit) : output + text.slice(emitted, limit);
    const keepFrom = Math.max(0, limit - LOOKBEHIND_CONTEXT);
    this.#text = final ? "" : detached(text.slice(keepFrom));
    this.#contextLength = final ? 0 : limit - keepFrom;
    this.#textIsPlain = final || plain || !needsNormalizing(this.#text);
    return output;
  }

  /**
   * Whether `text` (the kept text, then the chunk from `chunkStart`) needs
   * no normalising, testing only the chunk: the kept text was tested when it
   * came in. A surrogate pair cut between the two is tested whole.
   */
  #isPlain(text: string, chunkStart: number, chunkIsAscii: boolean): boolean {
    if (!this.#textIsPlain) return false;
    if (chunkIsAscii || chunkStart === text.length) return true;
    const first = text.charCodeAt(chunkStart);
    if (first >= 0xdc00 && first <= 0xdfff) return !needsNormalizing(text);
    return !needsNormalizing(text.slice(chunkStart));
  }
}

/**
 * `text` in a string of its own: a slice of a chunk would keep the whole
 * chunk alive (V8 slices point into their parent), so each held-back tail
 * would carry its 64 KiB chunk into the next garbage collection.
 */
function detached(text: string): string {
  return text.length === 0 ? "" : (text + " ").slice(0, -1);
}
