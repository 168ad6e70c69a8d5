/**
 * The synchronous core of `RedactStream` (`redact_stream.ts`), in a module
 * of its own so that a program that redacts its output without web streams
 * (src/core/io.ts) does not load them: defining `RedactStream` reads
 * `TransformStream`, which makes Deno load its streams.
 *
 * @module
 */
import { currentMatcher } from "./_known_secrets.ts";
import { LOOKBEHIND_CONTEXT } from "./_matcher.ts";
import { MASK } from "./patterns.ts";
import { maskInText } from "./mask_in_text.ts";
import { scanNormalized } from "./_scan_normalized.ts";
import { needsNormalizing } from "./normalize_for_matching.ts";
import { isHighSurrogate } from "./is_high_surrogate.ts";

/**
 * The synchronous core of `RedactStream`, for callers that hold
 * their chunks already: the concatenation of what `push` and `finish`
 * return equals `redact` of the concatenated chunks.
 *
 * @example
 * ```ts
 * import { IncrementalRedactor } from "./incremental_redactor.ts";
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
  #masked = false;

  /** Whether the text the last `push`, `pushJoined` or `finish` returned had a secret masked. */
  get maskedLast(): boolean {
    return this.#masked;
  }

  /** How many characters of input are held back, not yet returned. */
  get pendingLength(): number {
    return this.#text.length - this.#contextLength;
  }

  /**
   * The bound on `pendingLength` for the current known secrets:
   * `MAX_PENDING_LENGTH` (`redact_stream.ts`), or the longest known secret form if longer.
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
    this.#masked ||= tail.length > 0;
    return tail.length === 0 ? released : released + maskInText(MASK, tail);
  }

  /** Redacts `joined`, the kept text followed from `chunkStart` by the new chunk. */
  #take(joined: string, chunkStart: number, final: boolean, chunkIsAscii: boolean): string {
    const from = this.#contextLength;
    // The first half of a surrogate pair that ends the input so far waits, unscanned, for its
    // second half: the character they make, a look-alike (`\u{1D42C}`, a bold `s`), may start
    // or continue a secret, which neither this scan (half a character) nor the next (from after
    // what this one released) would see.
    const waiting = !final && joined.length > from &&
        isHighSurrogate(joined.charCodeAt(joined.length - 1))
      ? joined.slice(-1)
      : "";
    const text = waiting === "" ? joined : joined.slice(0, -1);
    const plain = this.#isPlain(text, Math.min(chunkStart, text.length), chunkIsAscii);
    let output = "";
    let emitted = from;
    this.#masked = false;
    const limit = scanNormalized(text, from, final, (start, end, hit) => {
      this.#masked = true;
      output += text.slice(emitted, start) + maskInText(hit.masked, text.slice(start, end));
      emitted = end;
    }, plain);
    output = emitted === from ? text.slice(from, limit) : output + text.slice(emitted, limit);
    const keepFrom = Math.max(0, limit - LOOKBEHIND_CONTEXT);
    this.#text = final ? "" : detached(text.slice(keepFrom) + waiting);
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
    if (chunkStart === text.length) return true;
    // An ASCII chunk holds no invisible or look-alike character; a colour sequence (ESC) may
    // hide a key (`ESC[32msk-…`, grep's highlight inside it): one search for ESC, no pass.
    if (chunkIsAscii) return !text.includes("\x1b", chunkStart);
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
