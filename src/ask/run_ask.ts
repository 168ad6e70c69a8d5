/**
 * The work of `omn ask`: assemble and guard the prompt (with its attachment,
 * if any), stream the model's reply to stdout in the chosen output mode
 * (src/ask/reply_output.ts), and report how the run ended.
 *
 * @module
 */
import { reportedError } from "../core/reported_error.ts";
import { interruptionOf } from "../core/interruption_of.ts";
import { untilStopped } from "../core/stream_stop.ts";
import { errorTypeOf } from "../core/error_type.ts";
import type { Interrupts, InterruptWatch } from "../core/interrupts.ts";
import type { Io } from "../core/io.ts";
import { modelPrice, usageCostUsd } from "../budget/model_price.ts";
import type { Config } from "../config/schema.ts";
import type {
  FinishReason,
  LanguageModel,
  MessageAttachment,
  ModelEvent,
  Usage,
} from "../providers/language_model.ts";
import { guardedModel, type OnSecret } from "../providers/guard_request.ts";
import { assemblePrompt, readStdinText, wantsStdin } from "./read_prompt.ts";
import type { RunOutcome } from "./result_object.ts";
import type { ExtractWhich } from "./extract_code_block.ts";
import { loadReplyExtraction, ReplyOutput } from "./reply_output.ts";
import { type Attachment, summarizeAttachment } from "./attachment_types.ts";
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
  /** `--attach-type`: the file read from stdin, sent after the prompt (the words) in one message. */
  attachment?: Attachment;
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
  /**
   * Told the reply as kept once it is complete, before the result is printed (the history saves
   * it): a failure there fails the run, so that no success result precedes an error exit.
   */
  onReply?: (reply: string) => Promise<void>;
  /** Told once how the run ended, with the error it ended with (for the usage ledger). */
  onFinish?: (outcome: RunOutcome, error?: unknown) => Promise<void>;
}

/**
 * Runs one `ask`; throws the model's error after printing a JSON result in
 * JSON modes. Returns the reply as kept: redacted as it streamed, cut at the
 * keep limit with a note when longer (what the history stores).
 */
export async function runAsk(options: AskOptions, dependencies: AskDependencies): Promise<string> {
  const { io } = dependencies;
  const model = guardedModel(dependencies.model, options.onSecret, (warning) => {
    io.message("warn", warning);
  });
  const started = dependencies.now();
  const prompt = await askPrompt(options, io);
  // Everything user-supplied that the request carries, for the audit of outgoing secrets.
  await dependencies.onPrompt?.(auditedText(prompt, options));
  // Watched before anything is printed: when the run was interrupted before this point (reading
  // stdin, loading the config), it has printed its result and is ending; nothing more is printed
  // or sent.
  const extraction = options.extract ? await loadReplyExtraction(options.extract) : undefined;
  using watch = dependencies.interrupts?.watch();
  const signal = watch?.signal;
  if (signal?.aborted) throw interruptionOf(signal);
  const output = new ReplyOutput(options, io, extraction);
  if (options.output === "stream-json") {
    await output.emit({
      type: "system",
      subtype: "init",
      session_id: dependencies.sessionId,
      provider: model.provider,
      model: model.modelId,
    });
  }
  const progress: StreamProgress = {};
  const outcome = (failure?: unknown): RunOutcome =>
    runOutcome({ model, output, progress, options, dependencies, started, failure });
  const events = model.stream({
    system: options.system,
    messages: [{
      role: "user",
      content: prompt,
      ...(options.attachment ? { attachment: messageAttachment(options.attachment) } : {}),
    }],
    temperature: options.temperature,
    maxTokens: options.maxTokens,
    jsonSchema: options.jsonSchema,
    signal,
  })[Symbol.asyncIterator]();
  try {
    await streamReply(events, watch, output, progress);
    // The reply is whole, but the run is not over: a signal while it is checked (--schema, -x)
    // or saved to the history ends it as interrupted too, and once it came nothing is saved.
    await interruptible(watch, () => output.complete(progress.finishReason));
    await interruptible(watch, async () => {
      await dependencies.onReply?.(output.reply.textWithNote());
    });
  } catch (error) {
    // Stops the model's stream (and its connection) if it is still open.
    const stopped = events.return?.();
    stopped?.catch(() => {});
    const failure = signal?.aborted ? interruptionOf(signal) : error;
    // A closed stdout ends the run quietly, with nothing more printed; the request was made all
    // the same, and its usage is recorded (`omn ask ... | head`).
    if (!(failure instanceof Deno.errors.BrokenPipe)) await output.fail(() => outcome(failure));
    await dependencies.onFinish?.(outcome(failure), failure);
    // What the stream does as it stops (the spend ledger settles the request's reservation) is
    // done before the run ends and the process exits, unless the stream takes longer to stop.
    await untilStopped(stopped);
    throw failure;
  }
  try {
    await output.succeed(progress.finishReason, outcome());
  } catch (error) {
    // The reply came whole and only its end could not be printed (a closed stdout): its usage is
    // recorded, as the run's outcome.
    if (error instanceof Deno.errors.BrokenPipe) {
      await dependencies.onFinish?.(outcome(error), error);
    }
    throw error;
  }
  await dependencies.onFinish?.(outcome());
  return output.reply.textWithNote();
}

/** What the stream told so far: usage and finish reason. */
interface StreamProgress {
  usage?: Usage;
  finishReason?: FinishReason;
}

/** The prompt's text: stdin and the words, a template filled with them, or only the words. */
async function askPrompt(options: AskOptions, io: Io): Promise<string> {
  // With an attachment, stdin held the file: the words are the whole prompt.
  const stdinText = options.readStdin === false || options.attachment !== undefined
    ? ""
    : await readStdinText(io, io.stdinIsTerminal && !wantsStdin(options.words));
  return options.promptTemplate === undefined
    ? assemblePrompt(stdinText, options.words)
    : fillPrompt(options.promptTemplate, templateInput(stdinText, options.words));
}

/** The user-supplied text a request carries, as the audit of outgoing secrets sees it. */
function auditedText(prompt: string, options: AskOptions): string {
  return [prompt, options.system, options.jsonSchema && JSON.stringify(options.jsonSchema)]
    .filter((text) => text !== undefined).join("\n");
}

/** The attachment as the model takes it. */
function messageAttachment(attachment: Attachment): MessageAttachment {
  return { mediaType: attachment.type, data: attachment.data };
}

/** Feeds the model's events to the output until the stream ends, or the watch is interrupted. */
async function streamReply(
  events: AsyncIterator<ModelEvent>,
  watch: InterruptWatch | undefined,
  output: ReplyOutput,
  progress: StreamProgress,
): Promise<void> {
  for (;;) {
    const next = await (watch ? watch.race(events.next()) : events.next());
    if (next.done) return;
    const event = next.value;
    if (event.type === "text-delta") {
      await output.push(event.text);
    } else {
      progress.usage = event.usage;
      progress.finishReason = event.finishReason;
    }
  }
}

/** `step`, not begun once the watch was interrupted, and given up as soon as it is. */
function interruptible(
  watch: InterruptWatch | undefined,
  step: () => Promise<void>,
): Promise<void> {
  if (watch === undefined) return step();
  if (watch.signal.aborted) return Promise.reject(watch.signal.reason);
  return watch.race(step());
}

/** What the run knows when it ends, ended by `failure` when given. */
function runOutcome(run: {
  model: LanguageModel;
  output: ReplyOutput;
  progress: StreamProgress;
  options: AskOptions;
  dependencies: AskDependencies;
  started: number;
  failure?: unknown;
}): RunOutcome {
  const { model, output, progress, dependencies, failure } = run;
  const { usage } = progress;
  const price = usage
    ? modelPrice(model.provider, model.modelId, dependencies.config ?? { version: 1 })
    : undefined;
  return {
    text: output.reply.text,
    ...(output.reply.truncated ? { truncated: true } : {}),
    sessionId: dependencies.sessionId,
    provider: model.provider,
    model: model.modelId,
    usage,
    costUsd: usage ? usageCostUsd(price, usage) : null,
    finishReason: progress.finishReason,
    durationMs: Math.round(dependencies.now() - run.started),
    retries: dependencies.retries?.count ?? 0,
    error: failure === undefined ? undefined : messageOf(failure),
    extracted: output.extracted,
    errorType: failure === undefined ? undefined : errorTypeOf(failure),
    attachment: run.options.attachment && summarizeAttachment(run.options.attachment),
  };
}

/** The message of a failure, as the result object reports it: the one stderr gives (a refusal explained). */
function messageOf(failure: unknown): string {
  return reportedError(failure).message;
}
