/**
 * `omn chat`: an interactive session on a terminal, or one reply per line
 * of piped stdin.
 *
 * @module
 */
import { Command, Option } from "@commander-js/extra-typings";
import type { CliContext } from "../../core/context.ts";
import { allowUnpricedOption, maxCostOption } from "./_cost_flags.ts";
import type { ChatFlags } from "../../chat/execute_chat.ts";
import { parseMaxTokens, parseSeconds, parseTemperature } from "./ask.ts";

/** Runs a parsed `chat`. */
export type ChatAction = (flags: ChatFlags, context: CliContext) => Promise<void>;

async function defaultAction(flags: ChatFlags, context: CliContext): Promise<void> {
  const { executeChat } = await import("../../chat/execute_chat.ts");
  await executeChat(flags, context);
}

/** `chat` as the root's help lists it: its name, description and arguments. */
export function chatHead() {
  return new Command("chat")
    .description("talk with a model: a session on a terminal, one reply per line when piped");
}

/** Declares `chat`; `action` is injectable so tests can check argv parsing alone. */
export function chatCommand(context: CliContext, action: ChatAction = defaultAction) {
  return chatHead()
    .option("-T, --template <name>", "use a saved template (omn templates); flags win over it")
    .option("-s, --system <text>", "system prompt")
    .option("--provider <name>", "provider for this session (not saved)")
    .option("-m, --model <id>", "model for this session (not saved)")
    .option(
      "--base-url <url>",
      "the provider's endpoint for this session (https://, or http:// to loopback)",
    )
    .option("--timeout <seconds>", "most time for each request (default 600)", parseSeconds)
    .option("-t, --temperature <number>", "sampling temperature, 0 to 2", parseTemperature)
    .option("--max-tokens <count>", "most tokens in each reply", parseMaxTokens)
    .addOption(maxCostOption("the session"))
    .addOption(allowUnpricedOption())
    .addOption(
      new Option(
        "--on-secret <policy>",
        "secrets in a request (messages, system prompt, model): redact (default), block or allow",
      )
        .choices(["redact", "block", "allow"] as const),
    )
    .option("-c, --continue", "continue the last conversation")
    .option("--conversation <id>", "continue this conversation (see omn history list)")
    .option("--no-history", "save nothing of this session to the history")
    .addHelpText(
      "after",
      `
On a terminal: a line ending in "\\" goes on to the next line; Up and Down
recall earlier lines; Ctrl-C stops a reply; Ctrl-D or /exit ends the session.
Type /help for the commands (/provider, /model, /system, /usage, /save,
/load, /clear, /exit).

Piped: one message per line, one reply per message on stdout.

Examples:
  omn chat --provider mock
  omn chat -c
  printf 'hello\\n/usage\\n' | omn chat --provider mock`,
    )
    .action(async (options) => {
      await action({
        template: options.template,
        system: options.system,
        provider: options.provider,
        model: options.model,
        baseUrl: options.baseUrl,
        timeoutMs: options.timeout,
        temperature: options.temperature,
        maxTokens: options.maxTokens,
        maxCost: options.maxCost,
        allowUnpriced: options.allowUnpriced === true,
        onSecret: options.onSecret,
        continueLast: options.continue === true,
        conversation: options.conversation,
        history: options.history,
      }, context);
    });
}
