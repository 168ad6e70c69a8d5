/**
 * Where `omn chat` writes its replies: stdout, through the redaction module.
 *
 * Chat runs its own redacting pipeline over stdout (the `rawStdout` of
 * `Io`), because a session needs what the shared stream redactor cannot
 * give: each reply released whole as soon as it ends, not held back until
 * the next one. Each reply goes through a {@linkcode RedactedReply} (a
 * secret split across chunks is still masked), finished at the end of the
 * reply, which also keeps the bounded copy the conversation stores. On a
 * terminal, control sequences in the reply are shown, never obeyed.
 *
 * @module
 */
import { RedactedReply } from "../ask/redacted_reply.ts";
import { ControlNeutralizer } from "../security/neutralize_controls.ts";

/** Options of {@linkcode ReplyWriter}. */
export interface ReplyWriterOptions {
  /** stdout is a terminal: control characters are shown in visible form. */
  terminal?: boolean;
  /** Most characters of each reply kept (`MAX_KEPT_REPLY_LENGTH` when absent). */
  keepLimit?: number;
}

/** Writes replies, redacted, each ending with a line break. */
export class ReplyWriter {
  #stdout: WritableStream<Uint8Array>;
  #writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
  #options: ReplyWriterOptions;
  #reply: RedactedReply;
  #neutralizer: ControlNeutralizer | undefined;
  #encoder = new TextEncoder();
  #last = "";

  /** Writes to `stdout` (a raw byte stream). */
  constructor(stdout: WritableStream<Uint8Array>, options: ReplyWriterOptions = {}) {
    this.#stdout = stdout;
    this.#options = options;
    this.#reply = new RedactedReply({ keepLimit: options.keepLimit });
    this.#neutralizer = options.terminal ? new ControlNeutralizer() : undefined;
  }

  /** Writes the next piece of the current reply. */
  async write(text: string): Promise<void> {
    await this.#emit(this.#reply.push(text));
  }

  /**
   * Ends the current reply: the rest of it, then a line break unless it
   * ended with one. With `truncated` (the reply broke off), a tail that
   * could be the start of a secret is masked. Returns the reply as kept:
   * redacted, at most the keep limit, with a note when it was cut.
   */
  async end(options: { truncated?: boolean } = {}): Promise<string> {
    await this.#emit(this.#reply.finish(options));
    if (this.#neutralizer) await this.#write(this.#neutralizer.finish());
    if (!this.#last.endsWith("\n")) await this.#emit("\n");
    const kept = this.#reply.textWithNote();
    this.#reply = new RedactedReply({ keepLimit: this.#options.keepLimit });
    this.#last = "";
    return kept;
  }

  /** Closes stdout. */
  async close(): Promise<void> {
    const writer = this.#writer ?? this.#stdout.getWriter();
    await writer.close().catch(() => {});
  }

  async #emit(text: string): Promise<void> {
    if (text.length === 0) return;
    this.#last = text;
    await this.#write(this.#neutralizer ? this.#neutralizer.push(text) : text);
  }

  async #write(text: string): Promise<void> {
    if (text.length === 0) return;
    this.#writer ??= this.#stdout.getWriter();
    await this.#writer.write(this.#encoder.encode(text));
  }
}
