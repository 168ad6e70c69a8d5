/**
 * `omn ask [PROMPT…]`: one question, the reply streamed to stdout.
 *
 * @module
 */
import { Command, Option, type OptionValues } from "@commander-js/extra-typings";
import type { CliContext } from "../../core/context.ts";
import { allowUnpricedOption, maxCostOption } from "./_cost_flags.ts";
import { parseTimeoutSeconds, parseWaitSeconds } from "../duration_flag.ts";
import type { AskFlags } from "../../ask/ask_flags.ts";
import { ATTACH_TYPE_CHOICES, MAX_ATTACHMENT_LABEL } from "../../ask/attachment_types.ts";
import { commanderParser } from "../commander_parser.ts";
import {
  maxTokensValue,
  ON_SECRET_CHOICES,
  OUTPUTS,
  retriesValue,
  temperatureValue,
} from "../flag_values.ts";
import { askFlags } from "../ask_flags_from_options.ts";

/** Runs a parsed `ask`. */
export type AskAction = (flags: AskFlags, context: CliContext) => Promise<void>;

/** Parses `--temperature` (0 to 2). */
export const parseTemperature: (value: string) => number = commanderParser(temperatureValue);

/** Parses `--max-tokens` (a whole number above 0). */
export const parseMaxTokens: (value: string) => number = commanderParser(maxTokensValue);

/** Parses `--timeout` seconds into milliseconds (at most 2147483: the longest a timer can wait). */
export const parseSeconds: (value: string) => number = parseTimeoutSeconds;

/** Parses `--max-retries` (a whole number, 0 for none). */
export const parseRetries: (value: string) => number = commanderParser(retriesValue);

/** Parses `--max-retry-wait` seconds (0 or more) into milliseconds. */
export const parseWait: (value: string) => number = parseWaitSeconds;

async function defaultAction(flags: AskFlags, context: CliContext): Promise<void> {
  const { executeAsk } = await import("../../ask/execute_ask.ts");
  await executeAsk(flags, context);
}

/** Declares `ask`; `action` is injectable so tests can check argv parsing alone. */
export function askCommand(context: CliContext, action: AskAction = defaultAction) {
  return declareAsk().action(async (words, options) => {
    await action(askFlags(words, options), context);
  });
}

/** `ask` as the root's help lists it: its name, description and arguments. */
export function askHead() {
  return new Command("ask")
    .description("ask one question; the reply streams to stdout")
    .argument("[prompt...]", "the instruction; piped stdin comes first, then this");
}

/** `ask`'s argument and options, in the order `--help` lists them, and its examples. */
function declareAsk() {
  const command = askHead()
    .option("-T, --template <name>", "use a saved template (omn templates); flags win over it")
    .option("-s, --system <text>", "system prompt");
  const request = addNetworkOptions(addModelOptions(command));
  return addHistoryOptions(addRunOptions(addReplyOptions(request))).addHelpText(
    "after",
    `
Examples:
  git diff | omn ask "review this"
  omn -p "describe this" --attach-type auto --output-format json --max-cost 0.05 < photo.png
  omn ask -x --model mock-code "a shell command that counts lines" | sh`,
  );
}

/** The values commander parses from `ask`'s options. */
export type AskOptionValues = ReturnType<ReturnType<typeof declareAsk>["opts"]>;

/** `--provider`, `--model`, `--base-url`: whom the question goes to, for this run. */
function addModelOptions<
  Args extends unknown[],
  Opts extends OptionValues,
  Global extends OptionValues,
>(
  command: Command<Args, Opts, Global>,
) {
  return command
    .option("--provider <name>", "provider for this run (not saved)")
    .option("-m, --model <id>", "model for this run (not saved)")
    .option(
      "--base-url <url>",
      "the provider's endpoint for this run (https://, or http:// to loopback)",
    );
}

/** The timeouts and retries of the request. */
function addNetworkOptions<
  Args extends unknown[],
  Opts extends OptionValues,
  Global extends OptionValues,
>(
  command: Command<Args, Opts, Global>,
) {
  return command
    .option(
      "--timeout <seconds>",
      "most time for the request, retries and waits included (default 600)",
      parseSeconds,
    )
    .option(
      "--connect-timeout <seconds>",
      "most time until the response starts (default 60)",
      parseSeconds,
    )
    .option(
      "--first-byte-timeout <seconds>",
      "most time until the reply's first byte (default 300)",
      parseSeconds,
    )
    .option(
      "--idle-timeout <seconds>",
      "longest silence while the reply streams (default 120)",
      parseSeconds,
    )
    .option("--max-retries <count>", "retries of a failed request (default 4)", parseRetries)
    .option(
      "--max-retry-wait <seconds>",
      "longest wait before one retry (default 60)",
      parseWait,
    );
}

/** What the reply is: its sampling, its length, its format and what of it is printed. */
function addReplyOptions<
  Args extends unknown[],
  Opts extends OptionValues,
  Global extends OptionValues,
>(
  command: Command<Args, Opts, Global>,
) {
  return command
    .option("-t, --temperature <number>", "sampling temperature, 0 to 2", parseTemperature)
    .option("--max-tokens <count>", "most tokens in the reply", parseMaxTokens)
    .addOption(
      new Option(
        "-o, --output <format>",
        "text, json (one result object) or stream-json (JSON lines)",
      )
        .choices(OUTPUTS),
    )
    .addOption(new Option("--output-format <format>", "alias of --output").choices(OUTPUTS))
    .option(
      "--schema <json-or-file>",
      "ask for JSON conforming to this JSON schema (- reads it from stdin); the reply is printed once it conforms",
    )
    .addOption(
      new Option(
        "-x, --extract",
        "print only the reply's first fenced code block, without its fences",
      ).conflicts(["extractLast", "schema"]),
    )
    .addOption(
      new Option("--extract-last", "print only the reply's last fenced code block")
        .conflicts(["extract", "schema"]),
    );
}

/** The run's attachment, spending, streaming and secret policy. */
function addRunOptions<
  Args extends unknown[],
  Opts extends OptionValues,
  Global extends OptionValues,
>(
  command: Command<Args, Opts, Global>,
) {
  return command
    .addOption(
      new Option(
        "--attach-type <type>",
        `send stdin as a file of this type (auto: detect it from the bytes), at most ${MAX_ATTACHMENT_LABEL}, with the prompt from the arguments`,
      ).choices(ATTACH_TYPE_CHOICES),
    )
    .option("--usage", "print a one-line token and cost summary on stderr")
    .addOption(maxCostOption("the run"))
    .addOption(allowUnpricedOption())
    .option(
      "--no-stream",
      "print the reply when it is complete instead of as it arrives (up to 1 MiB; a longer reply streams)",
    )
    .addOption(
      new Option(
        "--on-secret <policy>",
        "secrets in the request (prompt, stdin, --system, --schema, --model): redact (default), block or allow",
      )
        .choices(ON_SECRET_CHOICES),
    );
}

/** Continuing a conversation, and keeping this run out of the history. */
function addHistoryOptions<
  Args extends unknown[],
  Opts extends OptionValues,
  Global extends OptionValues,
>(
  command: Command<Args, Opts, Global>,
) {
  return command
    .option("-c, --continue", "continue the last conversation")
    .option("--conversation <id>", "continue this conversation (see omn history list)")
    .option("--no-history", "save nothing of this run to the history");
}
