/**
 * The feature's options of a parsed `ask`, from the values of its flags,
 * whichever reading parsed them: commander (`src/cli/commands/ask.ts`) or
 * the reading without it (`src/cli/parse_ask_command_line.ts`).
 *
 * @module
 */
import type { AskOutput } from "../ask/run_ask.ts";
import type { AskFlags } from "../ask/ask_flags.ts";
import type { AskOptionValues } from "./commands/ask.ts";

/** The feature's options of a parsed `ask`. */
export function askFlags(words: string[], options: AskOptionValues): AskFlags {
  const output: AskOutput = options.outputFormat ?? options.output ?? "text";
  return {
    words,
    template: options.template,
    system: options.system,
    provider: options.provider,
    model: options.model,
    baseUrl: options.baseUrl,
    timeoutMs: options.timeout,
    maxRetries: options.maxRetries,
    maxRetryWaitMs: options.maxRetryWait,
    connectTimeoutMs: options.connectTimeout,
    firstByteTimeoutMs: options.firstByteTimeout,
    idleTimeoutMs: options.idleTimeout,
    temperature: options.temperature,
    maxTokens: options.maxTokens,
    output,
    stream: options.stream,
    onSecret: options.onSecret,
    schema: options.schema,
    extract: options.extract ? "first" : options.extractLast ? "last" : undefined,
    usage: options.usage === true,
    maxCost: options.maxCost,
    allowUnpriced: options.allowUnpriced === true,
    attachType: options.attachType,
    continueLast: options.continue === true,
    conversation: options.conversation,
    history: options.history,
  };
}
