/**
 * The work of `omn batch`: read items line by line, run them with bounded
 * concurrency, and write each result to the journal and to stdout (as items
 * finish, or in input order), with progress on stderr when it is a terminal
 * (and stdout is not).
 *
 * Everything outside the loop (the config, models, rate limits, the journal
 * file) comes in through {@linkcode BatchDependencies}, so tests drive it
 * with fake models and an in-memory journal.
 *
 * @module
 */
import { ExitCode, exitCodeOf, InterruptedError, SilentError } from "../core/errors.ts";
import type { Io } from "../core/io.ts";
import { explainPermissionError } from "../core/permission_error.ts";
import { errorTypeOf } from "../core/error_type.ts";
import { guardedModel, type OnSecret } from "../providers/guard_request.ts";
import { RedactedReply } from "../ask/redacted_reply.ts";
import type { FinishReason, LanguageModel, Usage } from "../providers/language_model.ts";
import { readAhead } from "./read_ahead.ts";
import { formatProgress } from "./format_progress.ts";
import { type BatchItem, parseBatchLine } from "./parse_batch_line.ts";
import { type BatchId, type BatchResult, idKey, isFailure, resultLine } from "./result_line.ts";

/** The inputs of one batch run, after flags are parsed. */
export interface BatchOptions {
  /** The job's name, for messages. */
  job: string;
  /** Print results in input order rather than as they finish. */
  ordered: boolean;
  /** Items in flight at once. */
  concurrency: number;
  /** What to do with secrets in prompts. */
  onSecret: OnSecret;
  /** Defaults for the items that set none. */
  system?: string;
  temperature?: number;
  maxTokens?: number;
  /** Most characters of a reply kept in its result (`MAX_KEPT_REPLY_LENGTH` when absent). */
  keepLimit?: number;
}

/** The model for one item, with the rate limits of its provider and key. */
export interface ItemModel {
  model: LanguageModel;
  /** Waits until a request of `tokens` (estimated) may be sent; absent when unlimited. */
  acquire?: (tokens: number, signal?: AbortSignal) => Promise<void>;
  /** Tells the limits the real token count: `tokens` is real minus estimated. */
  settle?: (tokens: number) => Promise<void>;
}

/** The dependencies of one batch run. */
export interface BatchDependencies {
  io: Io;
  /** The input, line by line. */
  lines: AsyncIterable<string>;
  /** Appends one result line (ending in `\n`) to the job's journal. */
  append: (line: string) => Promise<void>;
  /** Ids (as {@linkcode idKey}) that already have a result in the journal: skipped. */
  done: ReadonlySet<string>;
  /** How many of those results are failures (they count towards the exit code). */
  previousFailures: number;
  /** An item with its `"template"` applied (throws the item's error); the item as it is without. */
  expandItem?: (item: BatchItem) => BatchItem;
  /** The model for an item (rejects with the item's error). */
  modelFor: (item: BatchItem) => Promise<ItemModel>;
  /** A monotonic clock in ms. */
  now: () => number;
  /**
   * Ctrl-C: stops reading input, aborts the items in flight (they get no
   * result, so `--resume` runs them again) and ends with an
   * {@linkcode InterruptedError} once the finished results are written.
   */
  signal?: AbortSignal;
}

/** What a run did. */
export interface BatchSummary {
  /** Results written in this run. */
  results: number;
  /** Of those, failures. */
  failed: number;
  /** Input items skipped because the journal already had their id. */
  skipped: number;
  /** Failures in the journal from earlier runs. */
  previousFailures: number;
  /** Duration of the run. */
  elapsedMs: number;
}

/** How often the progress line is redrawn. */
const PROGRESS_INTERVAL_MS = 200;

/** Roughly four characters a token, the providers' own rule of thumb. */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Runs a batch. Prints a summary on stderr; when any item failed (in this
 * run, or in earlier runs of a resumed job) it ends with a
 * {@linkcode SilentError} of exit code 1 after the summary.
 */
export async function runBatch(
  options: BatchOptions,
  dependencies: BatchDependencies,
): Promise<BatchSummary> {
  const { io } = dependencies;
  const started = dependencies.now();
  const concurrency = Math.max(1, options.concurrency);
  let results = 0;
  let failed = 0;
  let skipped = 0;
  let total: number | undefined;
  let fatal: { error: unknown } | undefined;

  // The input is read ahead, so the total is known once its end has been read.
  const ahead = readAhead(dependencies.lines);
  const knownTotal = () => {
    const lines = ahead.nonBlankTotal();
    return lines === undefined ? undefined : lines - skipped;
  };
  const progress = () =>
    formatProgress({
      job: options.job,
      done: results,
      total: total ?? knownTotal(),
      failed,
      elapsedMs: dependencies.now() - started,
    });
  // Progress goes to a terminal's stderr while the results go elsewhere; when stdout is the
  // terminal too, the results scrolling by are the progress (a status line would garble them).
  const timer = io.stderrIsTerminal && !io.stdoutIsTerminal
    ? setInterval(() => io.status(progress()), PROGRESS_INTERVAL_MS)
    : undefined;
  if (timer !== undefined) Deno.unrefTimer(timer);

  const held = new Map<number, string>();
  let nextToPrint = 0;
  let notRun = 0;
  const record = async (index: number, result: BatchResult, journaled: boolean) => {
    const line = resultLine(result);
    if (journaled) await dependencies.append(line);
    results++;
    if (isFailure(result)) failed++;
    if (isFailure(result) && result.error.error_type === "budget_exceeded") notRun++;
    if (!options.ordered) {
      await io.write(line);
      return;
    }
    held.set(index, line);
    const ready: string[] = [];
    while (held.has(nextToPrint)) {
      ready.push(held.get(nextToPrint)!);
      held.delete(nextToPrint++);
    }
    if (ready.length > 0) await io.write(ready.join(""));
  };

  const interrupted = () => dependencies.signal?.aborted === true;
  const runItem = async (given: BatchItem): Promise<BatchResult | undefined> => {
    let item = given;
    try {
      item = dependencies.expandItem?.(given) ?? given;
      const system = item.system ?? options.system;
      const runner = await dependencies.modelFor(item);
      const model = guardedModel(runner.model, options.onSecret, (warning) => {
        io.message("warn", `Item ${JSON.stringify(item.id)}: ${warning}`);
      });
      const maxTokens = item.max_tokens ?? options.maxTokens;
      const estimate = estimateTokens((system ?? "") + item.prompt) + (maxTokens ?? 0);
      await runner.acquire?.(estimate, dependencies.signal);
      // Redacted as it streams, and kept only up to the bound (the result says when it was cut).
      const reply = new RedactedReply({ keepLimit: options.keepLimit });
      let usage: Usage | undefined;
      let finishReason: FinishReason | undefined;
      for await (
        const event of model.stream({
          system,
          messages: [{ role: "user", content: item.prompt }],
          temperature: item.temperature ?? options.temperature,
          maxTokens,
          signal: dependencies.signal,
        })
      ) {
        if (event.type === "text-delta") reply.push(event.text);
        else {
          usage = event.usage;
          finishReason = event.finishReason;
        }
      }
      if (usage && runner.settle) {
        await runner.settle(usage.inputTokens + usage.outputTokens - estimate).catch(() => {});
      }
      reply.finish();
      return {
        id: item.id,
        text: reply.text,
        ...(reply.truncated ? { truncated: true as const } : {}),
        usage: usage
          ? {
            input_tokens: usage.inputTokens,
            output_tokens: usage.outputTokens,
            cached_input_tokens: usage.cachedInputTokens,
          }
          : null,
        finish_reason: finishReason ?? null,
      };
    } catch (error) {
      // An item cut short by Ctrl-C has no result: --resume runs it again.
      return interrupted() ? undefined : failure(item.id, error);
    }
  };

  const active = new Set<Promise<void>>();
  const firstLine = new Map<string, number>();
  let index = 0;
  let lineNumber = 0;
  const input = ahead.lines[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await nextUnlessInterrupted(input, dependencies.signal);
      if (next === undefined || next.done) break;
      const text = next.value;
      lineNumber++;
      const parsed = parseBatchLine(text, lineNumber);
      if (parsed.kind === "blank") continue;
      const id = parsed.kind === "item" ? parsed.item.id : parsed.id;
      const key = idKey(id);
      if (dependencies.done.has(key)) {
        skipped++;
        continue;
      }
      const position = index++;
      const earlier = firstLine.get(key);
      if (earlier !== undefined) {
        // Not journaled: the journal keeps one result per id, the first line's.
        await record(position, {
          id,
          error: {
            message: `Line ${lineNumber}: duplicate id ${key} (first on line ${earlier}): not run`,
            exit_code: ExitCode.Usage,
          },
        }, false);
        continue;
      }
      firstLine.set(key, lineNumber);
      if (parsed.kind === "malformed") {
        await record(position, {
          id,
          error: { message: parsed.message, exit_code: ExitCode.Usage },
        }, true);
        continue;
      }
      while (active.size >= concurrency) await Promise.race(active);
      if (fatal || interrupted()) break;
      const task: Promise<void> = runItem(parsed.item)
        .then((result) => result === undefined ? undefined : record(position, result, true))
        .catch((error) => void (fatal ??= { error }))
        .finally(() => active.delete(task));
      active.add(task);
    }
    total = index;
    await Promise.all(active);
  } finally {
    if (timer !== undefined) clearInterval(timer);
    io.status(undefined);
  }
  if (fatal) throw fatal.error;
  if (held.size > 0) {
    // Interrupted items left gaps in the order: print what finished after them.
    await io.write(
      [...held.entries()].sort(([left], [right]) => left - right)
        .map(([, line]) => line).join(""),
    );
  }

  const summary: BatchSummary = {
    results,
    failed,
    skipped,
    previousFailures: dependencies.previousFailures,
    elapsedMs: dependencies.now() - started,
  };
  io.message("info", describeSummary(options.job, summary));
  if (interrupted()) {
    throw new InterruptedError(
      `Interrupted: the ${results} result${
        results === 1 ? "" : "s"
      } of this run are in the journal; ` +
        `run the same command with --resume to finish job "${options.job}"`,
    );
  }
  const failures = summary.failed + summary.previousFailures;
  if (notRun > 0) {
    io.message(
      "error",
      `${notRun} item${
        notRun === 1 ? "" : "s"
      } of job "${options.job}" not run: a spending cap was reached (--max-cost or budgets); ` +
        `run the same command with --resume once the cap allows it (a higher --max-cost) to finish the job`,
    );
    throw new SilentError(ExitCode.RateLimited);
  }
  if (failures > 0) {
    io.message(
      "error",
      `${failures} item${failures === 1 ? "" : "s"} of job "${options.job}" failed; ` +
        `their errors are in the results (omn batch --job ${options.job} --export)`,
    );
    throw new SilentError(ExitCode.Runtime);
  }
  return summary;
}

/** The one-line summary of a run. */
export function describeSummary(job: string, summary: BatchSummary): string {
  const parts = [
    `${summary.results} result${summary.results === 1 ? "" : "s"}`,
    `${summary.failed} failed`,
  ];
  if (summary.skipped > 0) parts.push(`${summary.skipped} skipped (already in the journal)`);
  if (summary.previousFailures > 0) {
    parts.push(`${summary.previousFailures} failed in earlier runs`);
  }
  return `batch ${job}: ${parts.join(", ")} in ${(summary.elapsedMs / 1000).toFixed(1)}s`;
}

/** The next input line, or `undefined` once `signal` aborts (even while the input is waiting). */
function nextUnlessInterrupted(
  input: AsyncIterator<string>,
  signal: AbortSignal | undefined,
): Promise<IteratorResult<string> | undefined> {
  if (!signal) return input.next();
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener("abort", onAbort, { once: true });
    input.next().then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function failure(id: BatchId, error: unknown): BatchResult {
  const refusal = explainPermissionError(error);
  const reported = refusal ?? error;
  const message = reported instanceof Error ? reported.message : String(reported);
  return {
    id,
    error: { message, exit_code: exitCodeOf(reported), error_type: errorTypeOf(reported) },
  };
}
