/**
 * Where `omn chat` writes its replies: stdout, through the redaction module.
 *
 * Chat runs its own redacting pipeline over stdout (the `rawStdout` of
 * `Io`), because a session needs what the shared stream redactor cannot
 * give: each reply released whole as soon as it ends, not held back until
 * the next one. Each reply goes through an {@linkcode IncrementalRedactor}
 * (a secret split across chunks is still masked), finished at the end of
 * the reply.
 *
 * @module
 */
import { IncrementalRedactor } from "../security/redact_stream.ts";

/** Writes replies, redacted, each ending with a line break. */
export class ReplyWriter {
  #stdout: WritableStream<Uint8Array>;
  #writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
  #redactor = new IncrementalRedactor();
  #encoder = new TextEncoder();
  #last = "";

  /** Writes to `stdout` (a raw byte stream). */
  constructor(stdout: WritableStream<Uint8Array>) {
    this.#stdout = stdout;
  }

  /** Writes the next piece of the current reply. */
  async write(text: string): Promise<void> {
    await this.#emit(this.#redactor.push(text));
  }

  /** Ends the current reply: the rest of it, then a line break unless it ended with one. */
  async end(): Promise<void> {
    await this.#emit(this.#redactor.finish());
    if (!this.#last.endsWith("\n")) await this.#emit("\n");
    this.#last = "";
  }

  /** Closes stdout. */
  async close(): Promise<void> {
    const writer = this.#writer ?? this.#stdout.getWriter();
    await writer.close().catch(() => {});
  }

  async #emit(text: string): Promise<void> {
    if (text.length === 0) return;
    this.#writer ??= this.#stdout.getWriter();
    this.#last = text;
    await this.#writer.write(this.#encoder.encode(text));
  }
}
