/**
 * `omn batch [FILE|-] --job NAME`: many prompts, JSON lines in and out, with
 * a journal that survives interruption.
 *
 * @module
 */
import { Command, InvalidArgumentError, Option } from "@commander-js/extra-typings";
import type { CliContext } from "../../core/context.ts";
import { allowUnpricedOption, maxCostOption } from "./_cost_flags.ts";
import { parseTimeoutSeconds as parseSeconds } from "../duration_flag.ts";
import type { BatchFlags } from "../../batch/batch_flags.ts";

/** Runs a parsed `batch`. */
export type BatchAction = (flags: BatchFlags, context: CliContext) => Promise<void>;

/** Most items in flight at once. */
export const MAX_CONCURRENCY = 256;

function wholeNumber(minimum: number, maximum = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < minimum || number > maximum) {
      throw new InvalidArgumentError(
        maximum === Number.MAX_SAFE_INTEGER
          ? `expected a whole number of at least ${minimum}`
          : `expected a whole number from ${minimum} to ${maximum}`,
      );
    }
    return number;
  };
}

function parseTemperature(value: string): number {
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number < 0 || number > 2) {
    throw new InvalidArgumentError("expected a number from 0 to 2");
  }
  return number;
}

async function defaultAction(flags: BatchFlags, context: CliContext): Promise<void> {
  const { executeBatch } = await import("../../batch/execute_batch.ts");
  await executeBatch(flags, context);
}

/** What `omn batch --help` prints after the flags. */
const BATCH_HELP = `
Input lines: {"id", "prompt", "system"?, "provider"?, "model"?, "temperature"?, "max_tokens"?, "template"?}
Result lines: {"id", "text", "usage", "finish_reason"} or {"id", "error": {"message", "exit_code", "error_type"?}}

Exit: 0 when every item succeeded, 1 when some failed, 5 when --max-cost or a
budget stopped the run, 130 when interrupted.

After an interruption, run the same command with --resume; --retry-failed
also runs the failed items again (--export then shows each id's last result).
List jobs with --list, remove one with --rm NAME.

Examples:
  omn batch --job reviews --provider mock < prompts.jsonl > results.jsonl
  omn batch --job reviews --provider mock --resume --max-cost 2 < prompts.jsonl >> results.jsonl
  omn batch --job reviews --export > all-results.jsonl`;

/** `batch` as the root's help lists it: its name, description and arguments. */
export function batchHead() {
  return new Command("batch")
    .description("run many prompts (JSON lines in, JSON lines out), journaled so a run can resume")
    .argument("[file]", 'JSON lines, one item each; "-" or none for stdin (preferred)');
}

/** The `batch` command with its argument and flags, before its action. */
function declareBatch() {
  return batchHead()
    .option("-j, --job <name>", "the job's name: its results are journaled under it")
    .option("--resume", "skip the items whose id already has a result in the job's journal", false)
    .option(
      "--retry-failed",
      "as --resume, but run the items whose last result is a failure again",
      false,
    )
    .option("--ordered", "print results in input order (default: as they finish)", false)
    .option(
      "--concurrency <count>",
      `items in flight at once, 1 to ${MAX_CONCURRENCY}`,
      wholeNumber(1, MAX_CONCURRENCY),
      4,
    )
    .option("-s, --system <text>", "system prompt of the items that set none")
    .option("--provider <name>", "provider of the items that set none (not saved)")
    .option("-m, --model <id>", "model of the items of that provider that set none")
    .option("--base-url <url>", "the endpoint of that provider for this run")
    .option(
      "-t, --temperature <number>",
      "temperature of the items that set none",
      parseTemperature,
    )
    .option(
      "--max-tokens <count>",
      "most tokens in each reply, for items that set none",
      wholeNumber(1),
    )
    .option("--timeout <seconds>", "most time for each request (default 600)", parseSeconds)
    .addOption(maxCostOption("this run"))
    .addOption(allowUnpricedOption())
    .addOption(
      new Option(
        "--on-secret <policy>",
        "secrets in an item's request (prompt, system, model): redact (default), block (the item fails) or allow",
      ).choices(["redact", "block", "allow"] as const),
    )
    .option(
      "--requests-per-minute <count>",
      "client-side limit for this run (0: none); default from the config, else 50",
      wholeNumber(0),
    )
    .option(
      "--tokens-per-minute <count>",
      "client-side limit for this run (0: none); default from the config, else 40000",
      wholeNumber(0),
    )
    .option("--export", "print every result in the job's journal", false)
    .option("--list", "list the jobs", false)
    .option("--json", "with --list: print the jobs as JSON")
    .option("--rm <name>", "remove a job and its journal");
}

/** The parsed argument and flags of `batch`. */
type BatchOptions = ReturnType<ReturnType<typeof declareBatch>["opts"]>;

/** The feature's flags from the parsed argument and flags of `batch`. */
function batchFlagsOf(input: string | undefined, options: BatchOptions): BatchFlags {
  return {
    input,
    job: options.job,
    resume: options.resume,
    retryFailed: options.retryFailed,
    ordered: options.ordered,
    concurrency: options.concurrency,
    system: options.system,
    provider: options.provider,
    model: options.model,
    baseUrl: options.baseUrl,
    temperature: options.temperature,
    maxTokens: options.maxTokens,
    timeoutMs: options.timeout,
    maxCost: options.maxCost,
    allowUnpriced: options.allowUnpriced === true,
    onSecret: options.onSecret,
    requestsPerMinute: options.requestsPerMinute,
    tokensPerMinute: options.tokensPerMinute,
    export: options.export,
    list: options.list,
    json: options.json,
    rm: options.rm,
  };
}

/** Declares `batch`; `action` is injectable so tests can check argv parsing alone. */
export function batchCommand(context: CliContext, action: BatchAction = defaultAction) {
  return declareBatch()
    .addHelpText("after", BATCH_HELP)
    .action((input, options) => action(batchFlagsOf(input, options), context));
}
