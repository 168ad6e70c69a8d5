/**
 * The work of `omn ask`: assemble and guard the prompt, stream the model's
 * reply to stdout in the chosen output mode, and report usage.
 *
 * @module
 */
import type { Io } from "../cli/io.ts";
import { costUsd } from "../providers/catalog.ts";
import type { FinishReason, LanguageModel, Usage } from "../providers/language_model.ts";
import { checkReplySchema } from "./check_reply_schema.ts";
import { guardPrompt, type OnSecret } from "./guard_prompt.ts";
import { assemblePrompt, readStdinText } from "./read_prompt.ts";
import { resultObject, type RunOutcome } from "./result_object.ts";

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
}

/** The dependencies of one `ask`. */
export interface AskDependencies {
  io: Io;
  model: LanguageModel;
  now: () => number;
  sessionId: string;
}

/** Runs one `ask`; throws the model's error after printing a JSON result in JSON modes. */
export async function runAsk(options: AskOptions, dependencies: AskDependencies): Promise<void> {
  const { io, model } = dependencies;
  const started = dependencies.now();
  const stdinText = await readStdinText(io.stdin, io.stdinIsTerminal);
  const prompt = guardPrompt(assemblePrompt(stdinText, options.words), options.onSecret);
  if (prompt.warning) io.message("warn", prompt.warning);
  const system = options.system === undefined
    ? undefined
    : guardPrompt(options.system, options.onSecret);
  if (system?.warning) io.message("warn", `--system: ${system.warning}`);

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
  let text = "";
  let usage: Usage | undefined;
  let finishReason: FinishReason | undefined;
  const outcome = (error?: string): RunOutcome => ({
    text,
    sessionId: dependencies.sessionId,
    provider: model.provider,
    model: model.modelId,
    usage,
    costUsd: usage ? costUsd(model.provider, model.modelId, usage) : null,
    finishReason,
    durationMs: Math.round(dependencies.now() - started),
    error,
  });
  try {
    for await (
      const event of model.stream({
        system: system?.text,
        messages: [{ role: "user", content: prompt.text }],
        temperature: options.temperature,
        maxTokens: options.maxTokens,
        jsonSchema: options.jsonSchema,
      })
    ) {
      if (event.type === "text-delta") {
        text += event.text;
        if (options.output === "stream-json") await emit({ type: "text_delta", text: event.text });
        else if (options.output === "text" && options.stream) await io.write(event.text);
      } else {
        usage = event.usage;
        finishReason = event.finishReason;
      }
    }
    if (options.jsonSchema) checkReplySchema(text, options.jsonSchema);
  } catch (error) {
    if (options.output !== "text") {
      await emit(resultObject(outcome(error instanceof Error ? error.message : String(error))));
    } else if (text.length > 0) {
      if (!options.stream) await io.write(text);
      await io.write("\n");
    }
    throw error;
  }
  if (options.output === "text") {
    if (!options.stream) await io.write(text);
    if (!text.endsWith("\n")) await io.write("\n");
    if (finishReason === "length") io.message("warn", "The reply was cut at --max-tokens");
  } else {
    await emit(resultObject(outcome()));
  }
}
