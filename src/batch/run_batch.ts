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
import { ExitCode, InterruptedError, SilentError } from "../core/errors.ts";
import type { Io } from "../core/io.ts";
import { nextUnlessAborted } from "../core/next_unless_aborted.ts";
import type { OnSecret } from "../providers/guard_request.ts";
import { readAhead } from "./read_ahead.ts";
import { formatProgress } from "./format_progress.ts";
import { type BatchItem, parseBatchLine } from "./parse_batch_line.ts";
import { type BatchResult, isFailure, resultLine } from "./result_line.ts";
import { newLinePlan, planLine } from "./plan_line.ts";
import { type ItemModel, type ItemRun, runBatchItem } from "./run_batch_item.ts";

export type { ItemModel } from "./run_batch_item.ts";

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

/**
 * Runs a batch. Prints a summary on stderr; when any item failed (in this
 * run, or in earlier runs of a resumed job) it ends with a
 * {@linkcode SilentError} of exit code 1 after the summary.
 */
export async function runBatch(
  options: BatchOptions,
  dependencies: BatchDependencies,
): Promise<BatchSummary> {
  const { io, signal } = dependencies;
  const started = dependencies.now();
  const concurrency = Math.max(1, options.concurrency);
  const results = new ResultRecorder(io, dependencies.append, options.ordered);
  const plan = newLinePlan(dependencies.done);
  const itemRun: ItemRun = { ...options, ...dependencies };
  // The input is read ahead, so the total is known once its end has been read.
  const ahead = readAhead(dependencies.lines);
  let total: number | undefined;
  const stopProgress = showProgress(io, () =>
    formatProgress({
      job: options.job,
      done: results.count,
      total: total ?? remaining(ahead.nonBlankTotal(), plan.skipped),
      failed: results.failed,
      elapsedMs: dependencies.now() - started,
    }));
  let fatal: { error: unknown } | undefined;
  const active = new Set<Promise<void>>();
  const input = ahead.lines[Symbol.asyncIterator]();
  try {
    for (let lineNumber = 1;; lineNumber++) {
      const next = await nextUnlessAborted(input, signal);
      if (next === undefined || next.done) break;
      const decision = planLine(parseBatchLine(next.value, lineNumber), lineNumber, plan);
      if (decision.action === "skip") continue;
      if (decision.action === "record") {
        await results.record(decision.position, decision.result, decision.journaled);
        continue;
      }
      while (active.size >= concurrency) await Promise.race(active);
      if (fatal || signal?.aborted) break;
      const task: Promise<void> = runBatchItem(decision.item, itemRun)
        .then((result) => result && results.record(decision.position, result, true))
        .catch((error) => void (fatal ??= { error }))
        .finally(() => active.delete(task));
      active.add(task);
    }
    total = plan.positions;
    await Promise.all(active);
  } finally {
    stopProgress();
  }
  if (fatal) throw fatal.error;
  // Interrupted items left gaps in the order: print what finished after them.
  await results.flushHeld();
  const summary: BatchSummary = {
    results: results.count,
    failed: results.failed,
    skipped: plan.skipped,
    previousFailures: dependencies.previousFailures,
    elapsedMs: dependencies.now() - started,
  };
  io.message("info", describeSummary(options.job, summary));
  endRun(options.job, summary, results.notRun, io, signal);
  return summary;
}

function remaining(lines: number | undefined, skipped: number): number | undefined {
  return lines === undefined ? undefined : lines - skipped;
}

/**
 * Redraws the progress line on a terminal's stderr while the results go
 * elsewhere; when stdout is the terminal too, the results scrolling by are
 * the progress (a status line would garble them). Returns its stop.
 */
function showProgress(io: Io, progress: () => string): () => void {
  if (!io.stderrIsTerminal || io.stdoutIsTerminal) return () => io.status(undefined);
  const timer = setInterval(() => io.status(progress()), PROGRESS_INTERVAL_MS);
  Deno.unrefTimer(timer);
  return () => {
    clearInterval(timer);
    io.status(undefined);
  };
}

/**
 * Ends a run that is over: with an {@linkcode InterruptedError} after
 * Ctrl-C, exit 5 when a spending cap left items not run, exit 1 when any
 * item failed (now or in earlier runs); returns when all went well.
 */
function endRun(
  job: string,
  summary: BatchSummary,
  notRun: number,
  io: Io,
  signal: AbortSignal | undefined,
): void {
  const { results } = summary;
  if (signal?.aborted) {
    throw new InterruptedError(
      `Interrupted: the ${results} result${
        results === 1 ? "" : "s"
      } of this run are in the journal; ` +
        `run the same command with --resume to finish job "${job}"`,
    );
  }
  if (notRun > 0) {
    io.message(
      "error",
      `${notRun} item${
        notRun === 1 ? "" : "s"
      } of job "${job}" not run: a spending cap was reached (--max-cost or budgets); ` +
        `run the same command with --resume once the cap allows it (a higher --max-cost) to finish the job`,
    );
    throw new SilentError(ExitCode.RateLimited);
  }
  const failures = summary.failed + summary.previousFailures;
  if (failures > 0) {
    io.message(
      "error",
      `${failures} item${failures === 1 ? "" : "s"} of job "${job}" failed; ` +
        `their errors are in the results (omn batch --job ${job} --export)`,
    );
    throw new SilentError(ExitCode.Runtime);
  }
}

/**
 * Writes each result to the journal (unless told not to) and to stdout, as
 * it comes or held back until the ones before it in the input are written
 * (`--ordered`), and counts them.
 */
class ResultRecorder {
  /** Results written. */
  count = 0;
  /** Of those, failures. */
  failed = 0;
  /** Of those, items a spending cap kept from running. */
  notRun = 0;
  readonly #held = new Map<number, string>();
  #nextToPrint = 0;

  constructor(
    readonly io: Io,
    readonly append: (line: string) => Promise<void>,
    readonly ordered: boolean,
  ) {}

  async record(position: number, result: BatchResult, journaled: boolean): Promise<void> {
    const line = resultLine(result);
    if (journaled) await this.append(line);
    this.count++;
    if (isFailure(result)) this.failed++;
    if (isFailure(result) && result.error.error_type === "budget_exceeded") this.notRun++;
    if (!this.ordered) return await this.io.write(line);
    this.#held.set(position, line);
    const ready: string[] = [];
    while (this.#held.has(this.#nextToPrint)) {
      ready.push(this.#held.get(this.#nextToPrint)!);
      this.#held.delete(this.#nextToPrint++);
    }
    if (ready.length > 0) await this.io.write(ready.join(""));
  }

  /** Writes the results still held (after gaps an interruption left), in input order. */
  async flushHeld(): Promise<void> {
    if (this.#held.size === 0) return;
    await this.io.write(
      [...this.#held.entries()].sort(([left], [right]) => left - right)
        .map(([, line]) => line).join(""),
    );
  }
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
