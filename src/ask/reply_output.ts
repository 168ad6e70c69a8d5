/**
 * Where the reply of `omn ask` goes, in each output mode: text (streamed, or
 * held for `--no-stream` and `--schema`, or only the code block of `-x`),
 * `stream-json` events, and the result object that ends the JSON modes.
 *
 * The reply is redacted before it is framed (a JSON event, the result
 * object), so that a secret split across deltas is masked whole; only a
 * bounded part of it is kept.
 *
 * @module
 */
import { ProviderError } from "../core/errors.ts";
import type { Io } from "../core/io.ts";
import { type FinishReason, replyCutShort } from "../providers/language_model.ts";
import type { ExtractWhich } from "./extract_code_block.ts";
import { markResultPrinted } from "./failure_result.ts";
import { MAX_KEPT_REPLY_LENGTH, RedactedReply } from "./redacted_reply.ts";
import type { ReplyExtraction } from "./reply_extraction.ts";
import type { RunOutcome } from "./result_object.ts";

/** The output settings of one `ask`. */
export interface ReplyOutputOptions {
  output: "text" | "json" | "stream-json";
  stream: boolean;
  /** Most characters of the reply kept in memory (`MAX_KEPT_REPLY_LENGTH` when absent). */
  keepLimit?: number;
  /** `--schema`: the reply is held until it is checked against it. */
  jsonSchema?: Record<string, unknown>;
  /** `-x` / `--extract-last`. */
  extract?: ExtractWhich;
}

/** The reply of one `ask` on its way to stdout. */
export class ReplyOutput {
  readonly reply: RedactedReply;
  readonly keepLimit: number;
  readonly #options: ReplyOutputOptions;
  readonly #io: Io;
  readonly #extraction?: ReplyExtraction;
  readonly #schemaFirst: boolean;
  /** The code block `-x` took, once the reply is complete. */
  #block?: string;
  /** Text held back (`--no-stream`, `--schema`); `undefined` once text streams. */
  #waiting?: string[];
  #waitingLength = 0;

  /**
   * `extraction`: `-x`'s, made from `options.extract` by {@linkcode loadReplyExtraction}
   * (its module loads only for `-x`).
   */
  constructor(options: ReplyOutputOptions, io: Io, extraction?: ReplyExtraction) {
    if ((extraction === undefined) !== (options.extract === undefined)) {
      throw new TypeError("ReplyOutput needs the extraction of options.extract, and only then");
    }
    this.#options = options;
    this.#io = io;
    this.keepLimit = options.keepLimit ?? MAX_KEPT_REPLY_LENGTH;
    this.reply = new RedactedReply({ keepLimit: this.keepLimit });
    this.#extraction = extraction;
    // --no-stream: the text waits for the end, up to the keep limit; past it, it streams.
    // --schema: in text mode the reply waits until it is validated, and is never printed past
    // the keep limit (it cannot be checked then).
    this.#schemaFirst = options.jsonSchema !== undefined;
    this.#waiting = options.stream && !this.#schemaFirst ? undefined : [];
  }

  /** The extracted block for the result object: `""` when none was found, absent without `-x`. */
  get extracted(): string | undefined {
    return this.#extraction ? this.#block ?? "" : undefined;
  }

  /** Writes one JSON line. */
  async emit(line: unknown): Promise<void> {
    await this.#io.write(JSON.stringify(line) + "\n");
  }

  /** Takes one delta of the model's text. */
  async push(text: string): Promise<void> {
    await this.#release(this.reply.push(text));
  }

  /**
   * Ends the reply: releases its tail (masked when `finishReason` says the
   * reply was cut short), checks it against `--schema` and takes `-x`'s block.
   */
  async complete(finishReason?: FinishReason): Promise<void> {
    await this.#release(this.reply.finish({ truncated: replyCutShort(finishReason) }));
    const schema = this.#options.jsonSchema;
    if (schema) {
      // The validator loads only for --schema.
      const { checkReplySchema } = await import("./check_reply_schema.ts");
      if (this.reply.truncated) {
        throw new ProviderError(
          `Cannot check the reply against --schema: it is longer than the ${this.keepLimit} characters omn keeps`,
        );
      }
      checkReplySchema(this.reply.text, schema);
    }
    if (this.#extraction) this.#block = this.#extraction.block(this.reply.text);
  }

  /** Prints the end of a reply that completed: the held text or block, or the result object. */
  async succeed(finishReason: FinishReason | undefined, outcome: RunOutcome): Promise<void> {
    const io = this.#io;
    if (this.#options.output !== "text") {
      // The result object's module loads only for the JSON modes.
      const { resultObject } = await import("./result_object.ts");
      await this.emit(resultObject(outcome));
      markResultPrinted(io);
      return;
    }
    if (this.#block !== undefined) {
      if (!this.#options.stream || !this.#extraction?.streams) await io.write(this.#block);
      if (this.#block !== "" && !this.#block.endsWith("\n")) await io.write("\n");
    } else {
      await this.#flushWaiting();
      if (!this.reply.endsWithNewline) await io.write("\n");
    }
    if (finishReason === "length") io.message("warn", "The reply was cut at --max-tokens");
  }

  /**
   * Prints the end of a reply cut short: a tail that could be the start of a
   * secret is masked, not released; the JSON modes end with the failed
   * result object (`outcome` is asked for once the tail is masked). A
   * closed stdout is ignored here.
   */
  async fail(outcome: () => RunOutcome): Promise<void> {
    try {
      await this.#release(this.reply.finish({ truncated: true }));
      if (this.#options.output !== "text") {
        const { resultObject } = await import("./result_object.ts");
        await this.emit(resultObject(outcome()));
        markResultPrinted(this.#io);
      } else if (this.reply.length > 0 && !this.#schemaFirst && !this.#extraction) {
        await this.#flushWaiting();
        if (!this.reply.endsWithNewline) await this.#io.write("\n");
      }
    } catch (writeError) {
      if (!(writeError instanceof Deno.errors.BrokenPipe)) throw writeError;
    }
  }

  async #release(piece: string): Promise<void> {
    if (piece.length === 0) return;
    const { output, stream } = this.#options;
    if (output === "stream-json") return await this.emit({ type: "text_delta", text: piece });
    if (output !== "text") return;
    if (this.#extraction) {
      if (stream && this.#extraction.streams) await this.#io.write(this.#extraction.stream(piece));
      return;
    }
    if (this.#waiting === undefined) return await this.#io.write(piece);
    this.#waiting.push(piece);
    this.#waitingLength += piece.length;
    if (this.#waitingLength > this.keepLimit) {
      if (!this.#schemaFirst) await this.#flushWaiting();
      else this.#waiting = [];
    }
  }

  async #flushWaiting(): Promise<void> {
    const text = this.#waiting?.join("") ?? "";
    this.#waiting = undefined;
    if (text.length > 0) await this.#io.write(text);
  }
}

/** `-x`'s extraction of `which`, its module loaded now. */
export async function loadReplyExtraction(which: ExtractWhich): Promise<ReplyExtraction> {
  const { replyExtraction } = await import("./reply_extraction.ts");
  return replyExtraction(which);
}
