/**
 * A model's reply as it streams: redacted before anything frames it (a JSON
 * event, a result object, a batch line, a stored conversation), and kept
 * only up to a bound, so that memory stays bounded whatever the provider
 * sends.
 *
 * @module
 */
import { IncrementalRedactor } from "../security/incremental_redactor.ts";
import { isHighSurrogate } from "../security/is_high_surrogate.ts";

/**
 * The most characters of a reply that omn keeps for the result object
 * (`result` of `--output json`), the conversation history, a batch result
 * and a `--schema` check: 1 MiB of text (1,048,576 UTF-16 code units).
 * The reply itself still streams out whole in `text` and `stream-json`
 * output; only the copy kept in memory is cut, and it says so.
 */
export const MAX_KEPT_REPLY_LENGTH = 1024 * 1024;

/** Options of {@linkcode RedactedReply}. */
export interface RedactedReplyOptions {
  /** Most characters kept; {@linkcode MAX_KEPT_REPLY_LENGTH} when absent. */
  keepLimit?: number;
}

/**
 * One reply, pushed delta by delta. Each `push` returns the redacted text
 * that can be released now (a secret split across deltas is held back until
 * it can be masked whole, exactly as `RedactStream` does for stdout); the
 * first `keepLimit` characters of the redacted reply are kept.
 *
 * @example
 * ```ts
 * import { RedactedReply } from "./redacted_reply.ts";
 * const reply = new RedactedReply();
 * const out = reply.push("key: sk-proj-RT") + reply.push("LKaB3xxxxxxxxxxxxxxxxxxxxx ok") + reply.finish();
 * // out === reply.text, with the key masked
 * ```
 */
export class RedactedReply {
  readonly #redactor = new IncrementalRedactor();
  readonly #keepLimit: number;
  #kept: string[] = [];
  #keptLength = 0;
  #length = 0;
  #truncated = false;
  #last = "";

  constructor(options: RedactedReplyOptions = {}) {
    this.#keepLimit = options.keepLimit ?? MAX_KEPT_REPLY_LENGTH;
  }

  /** Takes the next delta of the reply; returns the redacted text releasable now. */
  push(delta: string): string {
    return this.#keep(this.#redactor.push(delta));
  }

  /**
   * Ends the reply and returns the rest. With `truncated` (the stream broke
   * off: an error, an interruption), a tail that could be the beginning of
   * a secret is masked rather than released.
   */
  finish(options: { truncated?: boolean } = {}): string {
    return this.#keep(this.#redactor.finish(options));
  }

  /** The redacted reply so far, at most `keepLimit` characters of it. */
  get text(): string {
    if (this.#kept.length > 1) this.#kept = [this.#kept.join("")];
    return this.#kept[0] ?? "";
  }

  /** Whether the kept text is shorter than the reply (cut at `keepLimit`). */
  get truncated(): boolean {
    return this.#truncated;
  }

  /** Characters of redacted reply released so far, kept or not. */
  get length(): number {
    return this.#length;
  }

  /** Whether the reply released so far ends with a line break (false while it is empty). */
  get endsWithNewline(): boolean {
    return this.#last.endsWith("\n");
  }

  /** The kept text, followed by a note on its own line when it was cut. */
  textWithNote(): string {
    if (!this.#truncated) return this.text;
    return `${this.text}\n[omn: reply truncated: only its first ${this.#keepLimit} characters were kept]`;
  }

  #keep(released: string): string {
    if (released.length === 0) return released;
    this.#length += released.length;
    this.#last = released;
    const room = this.#keepLimit - this.#keptLength;
    if (room >= released.length) {
      this.#kept.push(released);
      this.#keptLength += released.length;
    } else {
      this.#truncated = true;
      if (room > 0) {
        // Never keep half of a surrogate pair.
        const end = isHighSurrogate(released.charCodeAt(room - 1)) ? room - 1 : room;
        this.#kept.push(released.slice(0, end));
        this.#keptLength = this.#keepLimit;
      }
    }
    return released;
  }
}
