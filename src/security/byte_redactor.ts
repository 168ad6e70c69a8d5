/**
 * The byte-level core of `omn redact`: UTF-8 bytes in, redacted text out.
 *
 * @module
 */
import { IncrementalRedactor } from "./redact_stream.ts";
import { isAsciiBytes } from "./is_ascii_bytes.ts";

/**
 * Decodes UTF-8 chunks and redacts them as an {@linkcode IncrementalRedactor}
 * does: the concatenation of what `push` and `finish` return equals
 * `redact` of the decoded input, however the bytes are split (a character
 * cut between two chunks included). A leading byte order mark is dropped
 * and invalid UTF-8 becomes U+FFFD, as with `TextDecoderStream`.
 *
 * A chunk whose bytes are all ASCII skips the test for invisible and
 * look-alike characters (it can hold none); any other chunk is tested. No
 * returned text ends in the first half of a surrogate pair, so each can be
 * encoded on its own.
 *
 * @example
 * ```ts
 * import { ByteRedactor } from "./byte_redactor.ts";
 * const redactor = new ByteRedactor();
 * const bytes = new TextEncoder().encode("Authorization: Bearer abc\n");
 * redactor.push(bytes) + redactor.finish(); // "Authorization: Bearer ***\n"
 * ```
 */
export class ByteRedactor {
  readonly #decoder = new TextDecoder();
  readonly #redactor = new IncrementalRedactor();
  /** A high surrogate that ended an output, kept to go out with its low half. */
  #pendingHigh = "";

  /** Takes the next chunk of bytes and returns the text that can be released. */
  push(bytes: Uint8Array): string {
    const text = this.#decoder.decode(bytes, { stream: true });
    // With undecoded bytes left from the chunk before, the lengths differ.
    const ascii = text.length === bytes.length && isAsciiBytes(bytes);
    return this.#release(this.#redactor.push(text, ascii), false);
  }

  /** Ends the input and returns the rest; the redactor can then start over. */
  finish(): string {
    const rest = this.#redactor.push(this.#decoder.decode()) + this.#redactor.finish();
    return this.#release(rest, true);
  }

  #release(text: string, final: boolean): string {
    let whole = this.#pendingHigh.length === 0 ? text : this.#pendingHigh + text;
    this.#pendingHigh = "";
    const last = whole.charCodeAt(whole.length - 1);
    if (!final && last >= 0xd800 && last <= 0xdbff) {
      this.#pendingHigh = whole.slice(-1);
      whole = whole.slice(0, -1);
    }
    return whole;
  }
}
