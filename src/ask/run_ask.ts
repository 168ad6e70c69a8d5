/**
 * The work of `omn ask`: assemble and guard the prompt, stream the model's
 * reply to stdout in the chosen output mode, and report usage.
 *
 * @module
 */
import { InterruptedError, ProviderError } from "../core/errors.ts";
import { errorTypeOf } from "../core/error_type.ts";
import type { Interrupts } from "../core/interrupts.ts";
import type { Io } from "../core/io.ts";
import { modelPrice, usageCostUsd } from "../budget/model_price.ts";
import type { Config } from "../config/schema.ts";
import type { FinishReason, LanguageModel, Usage } from "../providers/language_model.ts";
import { guardedModel, type OnSecret } from "../providers/guard_request.ts";
import { MAX_KEPT_REPLY_LENGTH, RedactedReply } from "./redacted_reply.ts";
import { assemblePrompt, readStdinText, wantsStdin } from "./read_prompt.ts";
import { resultObject, type RunOutcome } from "./result_object.ts";
import { markResultPrinted } from "./failure_result.ts";
import type { ExtractWhich } from "./extract_code_block.ts";
import { replyExtraction } from "./reply_extraction.ts";
import { fillPrompt, templateInput } from "../templates/template.ts";

/** Output modes of `ask`. */
export type AskOutput = "text" | "json" | "stream-json";

/** The inputs of one `ask`, after flags and config are resolved. */
export interface AskOptions {
  words: string[];
  system?: string;
  temperature?: number;
  maxTokens?: number;
  output: AskOutput;
  stream: boolean;
  onSecret: OnSecret;
  /** The JSON schema the reply must conform to (`--schema`). */
  jsonSchema?: Record<string, unknown>;
  /** Most characters of the reply kept in memory (`MAX_KEPT_REPLY_LENGTH` when absent). */
  keepLimit?: number;
  /** Whether stdin holds prompt text; false when it held the schema (`--schema -`). */
  readStdin?: boolean;
  /** `--extract` (`first`) or `--extract-last` (`last`): print only that fenced code block. */
  extract?: ExtractWhich;
  /** A template's prompt: its `{input}` is filled with the piped text and the words. */
  promptTemplate?: string;
}

/**
 * The retries of the model's requests, counted in the result; the fetch
 * that makes them tells them straight (`ask_retry_notices.ts`).
 */
export interface RetryNotices {
  /** Retries so far. */
  readonly count: number;
}

/** The dependencies of one `ask`. */
export interface AskDependencies {
  io: Io;
  model: LanguageModel;
  now: () => number;
  sessionId: string;
  /** Ctrl-C and SIGTERM, watched while the reply streams. */
  interrupts?: Interrupts;
  /** The model's retries, shown on stderr or as `retry` events, and counted in the result. */
  retries?: RetryNotices;
  /** Told of the outgoing prompt before it is guarded (for the audit log). */
  onPrompt?: (text: string) => Promise<void>;
  /** The config whose `models` prices win over the catalogue's for the result's cost. */
  config?: Config;
  /** Told once how the run ended, with the error it ended with (for the usage ledger). */
  onFinish?: (outcome: RunOutcome, error?: unknown) => Promise<void>;
}

/** Runs one `ask`; throws the model's error after printing a JSON result in JSON modes. */
export async function runAsk(options: AskOptions, dependencies: AskDependencies): Promise<void> {
  const { io } = dependencies;
  const model = guardedModel(dependencies.model, options.onSecret, (warning) => {
    io.message("warn", warning);
  });
  const started = dependencies.now();
  const stdinText = options.readStdin === false
    ? ""
    : await readStdinText(io.stdin, io.stdinIsTerminal && !wantsStdin(options.words));
  const assembled = options.promptTemplate === undefined
    ? assemblePrompt(stdinText, options.words)
    : fillPrompt(options.promptTemplate, templateInput(stdinText, options.words));
  // Everything user-supplied that the request carries, for the audit of outgoing secrets.
  await dependencies.onPrompt?.(
    [assembled, options.system, options.jsonSchema && JSON.stringify(options.jsonSchema)]
      .filter((text) => text !== undefined).join("\n"),
  );

  const emit = (line: unknown) => io.write(JSON.stringify(line) + "\n");
  if (options.output === "stream-json") {
    await emit({
      type: "system",
      subtype: "init",
      session_id: dependencies.sessionId,
      provider: model.provider,
      model: model.modelId,
    });
  }
  // The reply is redacted before it is framed (a JSON event, the result object), so that a
  // secret split across deltas is masked whole; only a bounded part of it is kept.
  const keepLimit = options.keepLimit ?? MAX_KEPT_REPLY_LENGTH;
  const reply = new RedactedReply({ keepLimit });
  // -x: only the block is printed, streamed as it becomes certain (the first) or at the end.
  const extraction = options.extract ? replyExtraction(options.extract) : undefined;
  let block: string | undefined;
  // --no-stream: the text waits for the end, up to the keep limit; past it, it streams.
  // --schema: in text mode the reply waits until it is validated, and is never printed past
  // the keep limit (it cannot be checked then).
  const schemaFirst = options.jsonSchema !== undefined;
  let waiting: string[] | undefined = options.stream && !schemaFirst ? undefined : [];
  let waitingLength = 0;
  const release = async (piece: string) => {
    if (piece.length === 0) return;
    if (options.output === "stream-json") {
      await emit({ type: "text_delta", text: piece });
    } else if (options.output === "text") {
      if (extraction) {
        if (options.stream && extraction.streams) await io.write(extraction.stream(piece));
        return;
      }
      if (waiting === undefined) return await io.write(piece);
      waiting.push(piece);
      waitingLength += piece.length;
      if (waitingLength > keepLimit) {
        if (!schemaFirst) await flushWaiting();
        else waiting = [];
      }
    }
  };
  const flushWaiting = async () => {
    const text = waiting?.join("") ?? "";
    waiting = undefined;
    if (text.length > 0) await io.write(text);
  };
  let usage: Usage | undefined;
  let finishReason: FinishReason | undefined;
  const outcome = (error?: string, errorType?: string): RunOutcome => ({
    text: reply.text,
    ...(reply.truncated ? { truncated: true } : {}),
    sessionId: dependencies.sessionId,
    provider: model.provider,
    model: model.modelId,
    usage,
    costUsd: usage
      ? usageCostUsd(
        modelPrice(model.provider, model.modelId, dependencies.config ?? { version: 1 }),
        usage,
      )
      : null,
    finishReason,
    durationMs: Math.round(dependencies.now() - started),
    retries: dependencies.retries?.count ?? 0,
    error,
    extracted: extraction ? block ?? "" : undefined,
    errorType,
  });
  using watch = dependencies.interrupts?.watch();
  const signal = watch?.signal;
  const events = model.stream({
    system: options.system,
    messages: [{ role: "user", content: assembled }],
    temperature: options.temperature,
    maxTokens: options.maxTokens,
    jsonSchema: options.jsonSchema,
    signal,
  })[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await untilAborted(events.next(), signal);
      if (next.done) break;
      const event = next.value;
      if (event.type === "text-delta") {
        await release(reply.push(event.text));
      } else {
        usage = event.usage;
        finishReason = event.finishReason;
      }
    }
    await release(reply.finish());
    if (options.jsonSchema) {
      // The validator loads only for --schema.
      const { checkReplySchema } = await import("./check_reply_schema.ts");
      if (reply.truncated) {
        throw new ProviderError(
          `Cannot check the reply against --schema: it is longer than the ${keepLimit} characters omn keeps`,
        );
      }
      checkReplySchema(reply.text, options.jsonSchema);
    }
    if (extraction) block = extraction.block(reply.text);
  } catch (error) {
    // Stops the model's stream (and its connection) if it is still open; never waits for it.
    events.return?.().catch(() => {});
    const failure = signal?.aborted ? interruptionOf(signal) : error;
    if (failure instanceof Deno.errors.BrokenPipe) throw failure;
    try {
      // Cut short: a tail that could be the start of a secret is masked, not released.
      await release(reply.finish({ truncated: true }));
      if (options.output !== "text") {
        await emit(resultObject(outcome(messageOf(failure), errorTypeOf(failure))));
        markResultPrinted(io);
      } else if (reply.length > 0 && !schemaFirst && !extraction) {
        await flushWaiting();
        if (!reply.endsWithNewline) await io.write("\n");
      }
    } catch (writeError) {
      if (!(writeError instanceof Deno.errors.BrokenPipe)) throw writeError;
    }
    await dependencies.onFinish?.(outcome(messageOf(failure), errorTypeOf(failure)), failure);
    throw failure;
  }
  if (options.output === "text" && block !== undefined) {
    if (!options.stream || !extraction?.streams) await io.write(block);
    if (block !== "" && !block.endsWith("\n")) await io.write("\n");
    if (finishReason === "length") io.message("warn", "The reply was cut at --max-tokens");
  } else if (options.output === "text") {
    await flushWaiting();
    if (!reply.endsWithNewline) await io.write("\n");
    if (finishReason === "length") io.message("warn", "The reply was cut at --max-tokens");
  } else {
    await emit(resultObject(outcome()));
    markResultPrinted(io);
  }
  await dependencies.onFinish?.(outcome());
}

/** The message of a failure, as the result object reports it. */
function messageOf(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}

/** The error an interruption is reported with. */
function interruptionOf(signal: AbortSignal): unknown {
  return signal.reason instanceof InterruptedError
    ? signal.reason
    : new InterruptedError("interrupted");
}

/** `promise`, or a rejection with the signal's reason as soon as it fires. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
