/**
 * The byte-level core of `omn redact`: UTF-8 bytes in, redacted text out.
 *
 * @module
 */
import { IncrementalRedactor } from "./incremental_redactor.ts";
import { isHighSurrogate } from "./is_high_surrogate.ts";
import { isAsciiBytes } from "./is_ascii_bytes.ts";

const BYTE_ORDER_MARK = "\uFEFF";
/** What the decoder puts for invalid UTF-8. */
const REPLACEMENT_CHARACTER = "\uFFFD";

/** The options of a decode that may end inside a character. */
const STREAM = { stream: true } as const;

/** A UTF-16 code unit that is not ASCII (for short texts: the kept text). */
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * What {@linkcode ByteRedactor.pushWithin} releases: a text, or the bytes
 * `[from, to)` of the buffer it was given, to be written as they are.
 */
export type Released = string | { readonly from: number; readonly to: number };

/**
 * Whether the bytes of `buffer` just before `start` are `kept`, all ASCII
 * (each character one byte of the same value).
 */
function keptBefore(kept: string, buffer: Uint8Array, start: number): boolean {
  if (kept.length > start) return false;
  const offset = start - kept.length;
  for (let index = 0; index < kept.length; index++) {
    const code = kept.charCodeAt(index);
    if (code >= 0x80 || buffer[offset + index] !== code) return false;
  }
  return true;
}

/**
 * Decodes UTF-8 chunks and redacts them as an {@linkcode IncrementalRedactor}
 * does: the concatenation of what `push` and `finish` return equals
 * `redact` of the decoded input, however the bytes are split (a character
 * cut between two chunks included). A leading byte order mark is dropped
 * and invalid UTF-8 becomes U+FFFD, as with `TextDecoderStream`.
 *
 * A chunk whose bytes are all ASCII skips the test for invisible and
 * look-alike characters (it can hold none); any other chunk is tested. A
 * chunk after ASCII kept text is decoded together with the kept text's
 * bytes, so that the text scanned is built by one decode instead of a
 * decode and a copy of the whole chunk onto the kept text; whether it was
 * ASCII is read from that decode, not from a pass over its bytes. No returned
 * text ends in the first half of a surrogate pair, so each can be encoded
 * on its own.
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
  /** Keeps a byte order mark, which `#decoded` drops at the start alone. */
  readonly #decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  readonly #redactor = new IncrementalRedactor();
  /** A high surrogate that ended an output, kept to go out with its low half. */
  #pendingHigh = "";
  /** Whether any character was decoded yet (a byte order mark is dropped only before). */
  #started = false;
  /** Whether the decoder holds no byte of a cut character (the last byte given was ASCII). */
  #decoderEmpty = true;
  /** Whether Deno's decoder may hold a streaming state: a chunk decoded since was not ASCII. */
  #stateful = false;
  /**
   * The kept text's bytes, then room for a chunk: valid while `#joinedValid`
   * (the kept text is ASCII and was last written here).
   */
  #joined = new Uint8Array(0);
  #joinedValid = true;

  /** Takes the next chunk of bytes and returns the text that can be released. */
  push(bytes: Uint8Array): string {
    if (this.#decoderEmpty && this.#keptBytesReady()) {
      return this.#release(this.#pushAfterKept(bytes), false);
    }
    this.#joinedValid = false;
    const text = this.#decoded(this.#decode(bytes));
    this.#decoderEmpty = bytes.length === 0 ? this.#decoderEmpty : bytes[bytes.length - 1] < 0x80;
    // With undecoded bytes left from the chunk before, the lengths differ.
    const ascii = text.length === bytes.length && isAsciiBytes(bytes);
    if (!ascii && bytes.length > 0) this.#stateful = true;
    return this.#release(this.#redactor.push(text, ascii), false);
  }

  /**
   * `push(buffer.subarray(start, end))` for a caller holding the chunk in a
   * larger buffer, often after the chunk pushed before it: when the bytes
   * before `start` are the kept text's (checked, not assumed), the chunk is
   * decoded with them where it lies, not copied after them first; and when
   * the released text is those bytes unchanged (ASCII, nothing masked), it
   * is given back as their range in `buffer`, to be written without
   * encoding it again. Either way the output is `push`'s.
   */
  pushWithin(buffer: Uint8Array, start: number, end: number): Released {
    const kept = this.#redactor.kept;
    if (!this.#decoderEmpty || this.#pendingHigh !== "" || !keptBefore(kept, buffer, start)) {
      return this.push(buffer.subarray(start, end));
    }
    const keptLength = kept.length;
    const pending = this.#redactor.pendingLength;
    const total = keptLength + end - start;
    const decoded = this.#decode(buffer.subarray(start - keptLength, end));
    const ascii = decoded.length === total && !decoded.includes(REPLACEMENT_CHARACTER);
    if (!ascii) this.#stateful = true;
    const text = keptLength === 0 ? this.#decoded(decoded) : decoded;
    if (text.length > 0) this.#started = true;
    const output = this.#redactor.pushJoined(text, ascii);
    // `#joined` no longer starts with the kept text's bytes: the next `push` writes them there.
    this.#joinedValid = false;
    if (!ascii && end > start) this.#decoderEmpty = buffer[end - 1] < 0x80;
    if (!ascii || this.#redactor.maskedLast) return this.#release(output, false);
    // The released text is the pending text then the chunk's first characters, one byte each.
    const from = start - pending;
    return { from, to: from + output.length };
  }

  /** Ends the input and returns the rest; the redactor can then start over. */
  finish(): string {
    const rest = this.#redactor.push(this.#decoded(this.#decoder.decode())) +
      this.#redactor.finish();
    this.#started = false;
    this.#decoderEmpty = true;
    this.#stateful = false;
    this.#joinedValid = true;
    return this.#release(rest, true);
  }

  /** Whether `#joined` starts with the kept text's bytes, writing them there if it can. */
  #keptBytesReady(): boolean {
    if (this.#joinedValid) return true;
    const kept = this.#redactor.kept;
    if (NON_ASCII.test(kept)) return false;
    this.#reserve(kept.length);
    for (let index = 0; index < kept.length; index++) this.#joined[index] = kept.charCodeAt(index);
    this.#joinedValid = true;
    return true;
  }

  /**
   * A chunk after ASCII kept text, with no byte of a cut character waiting:
   * one decode of both, then, when the chunk was ASCII, the new kept text's
   * bytes moved to the front. The chunk was ASCII exactly when each byte
   * became one character and none became U+FFFD: every other byte either
   * joins others into fewer characters (a multi-byte character, or its
   * start, waiting for the next chunk) or becomes U+FFFD (invalid UTF-8). So
   * the bytes are not tested apart; in V8 the test for U+FFFD in a text of
   * one-byte characters returns at once.
   */
  #pushAfterKept(bytes: Uint8Array): string {
    const keptLength = this.#redactor.kept.length;
    const total = keptLength + bytes.length;
    this.#reserve(total);
    this.#joined.set(bytes, keptLength);
    const decoded = this.#decode(this.#joined.subarray(0, total));
    const ascii = decoded.length === total && !decoded.includes(REPLACEMENT_CHARACTER);
    if (!ascii) this.#stateful = true;
    // The kept text is empty before the first character: a byte order mark can only lead here.
    const text = keptLength === 0 ? this.#decoded(decoded) : decoded;
    if (text.length > 0) this.#started = true;
    const output = this.#redactor.pushJoined(text, ascii);
    if (ascii) {
      const newKept = this.#redactor.kept.length;
      this.#joined.copyWithin(0, total - newKept, total);
    } else {
      this.#joinedValid = false;
      if (bytes.length > 0) this.#decoderEmpty = bytes[bytes.length - 1] < 0x80;
    }
    return output;
  }

  /**
   * The characters of `bytes`, decoded as the next part of the stream.
   * Deno's decoder decodes a chunk of ASCII into a one-byte string at once,
   * until a chunk with any other byte gives it a streaming state: every later
   * chunk is then decoded through that state, into a two-byte string
   * (measured: one `e` with an acute accent on the first line of the 124 MB log of
   * `scripts/bench_redact.sh` made `omn redact` take 0.39 s instead of 0.34).
   * So after such a chunk, the next one that has no character cut before it
   * (no byte of one waits in the decoder) or at its end (its last byte is
   * ASCII: slices end at line breaks) is decoded whole, which gives the same
   * text and drops the state.
   */
  #decode(bytes: Uint8Array): string {
    if (
      this.#stateful && this.#decoderEmpty && bytes.length > 0 && bytes[bytes.length - 1] < 0x80
    ) {
      this.#stateful = false;
      return this.#decoder.decode(bytes);
    }
    return this.#decoder.decode(bytes, STREAM);
  }

  /** Grows `#joined` to hold at least `length` bytes, keeping what it holds. */
  #reserve(length: number): void {
    if (this.#joined.length >= length) return;
    const grown = new Uint8Array(Math.max(length, 2 * this.#joined.length));
    grown.set(this.#joined);
    this.#joined = grown;
  }

  /** `text` without the byte order mark that may start the input. */
  #decoded(text: string): string {
    if (this.#started || text.length === 0) return text;
    this.#started = true;
    return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  }

  #release(text: string, final: boolean): string {
    let whole = this.#pendingHigh.length === 0 ? text : this.#pendingHigh + text;
    this.#pendingHigh = "";
    const last = whole.charCodeAt(whole.length - 1);
    if (!final && isHighSurrogate(last)) {
      this.#pendingHigh = whole.slice(-1);
      whole = whole.slice(0, -1);
    }
    return whole;
  }
}
