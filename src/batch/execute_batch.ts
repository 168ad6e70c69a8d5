/**
 * Resolves what `omn batch` needs from its flags and the config and runs
 * the chosen mode (`batch_mode.ts`): a run (models, credentials, rate
 * limits, the journal), `--export`, `--list` or `--rm`.
 *
 * @module
 */
import { openUsageLedger } from "../usage/usage_ledger.ts";
import type { BatchFlags } from "./batch_flags.ts";
import type { CliContext } from "../core/context.ts";
import { openConfigStore, readConfig } from "../config/config_access.ts";
import { UsageError } from "../core/errors.ts";
import { loadCredentialSources } from "../credentials/load_credential_sources.ts";
import { canonicalProvider } from "../providers/registry.ts";
import { resolveModelChoice } from "../providers/model_choice.ts";
import { expandBatchItem } from "../templates/template.ts";
import { runBudgets } from "../budget/run_budgets.ts";
import { type BatchMode, batchMode } from "./batch_mode.ts";
import { JobJournal, readJournal } from "./job_journal.ts";
import { jobPaths } from "./job_paths.ts";
import { latestOutcomes } from "./latest_outcomes.ts";
import { jobListing, jobListJson, listJobs } from "./list_jobs.ts";
import { formatList } from "../core/format_list.ts";
import { openBatchInput } from "./open_batch_input.ts";
import { readLines } from "./read_lines.ts";
import { removeJob } from "./remove_job.ts";
import { idKey } from "./result_line.ts";
import { runBatch } from "./run_batch.ts";
import { modelResolver } from "./model_resolver.ts";
import { requestLogSink } from "../log/request_log_sink.ts";

/** Runs `batch` with config defaults applied. */
export async function executeBatch(flags: BatchFlags, context: CliContext): Promise<void> {
  const mode = batchMode(flags);
  if (mode.kind === "run") await runJob(mode.job, flags, context);
  else await manageJobs(mode, flags, context);
}

/** `--list`, `--rm NAME` and `--export`: the jobs' journals, no request. */
async function manageJobs(
  mode: Exclude<BatchMode, { kind: "run" }>,
  flags: BatchFlags,
  context: CliContext,
): Promise<void> {
  const { io } = context;
  if (mode.kind === "list") {
    const jobs = await listJobs(openConfigStore(context).paths.dir);
    if (flags.json) await io.write(jobListJson(jobs));
    else if (jobs.length === 0) io.message("info", "No jobs");
    else await io.write(formatList(jobListing(jobs), { terminal: io.stdoutIsTerminal }));
  } else if (mode.kind === "remove") {
    await removeJob(openConfigStore(context).paths.dir, mode.name);
    io.message("info", `Removed job "${mode.name}"`);
  } else {
    const { store } = await readConfig(context);
    await exportJob(store.paths.dir, mode.job, context);
  }
}

/**
 * The ids to skip: every id with a result; with --retry-failed, only those
 * whose last result succeeded. A job with results needs --resume or
 * --retry-failed.
 *
 * @throws {UsageError} when the job has results and neither flag is given.
 */
async function journaledIds(
  journalPath: string,
  job: string,
  flags: BatchFlags,
): Promise<{ done: Set<string>; previousFailures: number }> {
  const outcomes = await latestOutcomes(journalPath);
  const done = new Set<string>();
  let previousFailures = 0;
  for (const [key, failed] of outcomes.failed) {
    if (failed && flags.retryFailed) continue;
    done.add(key);
    if (failed) previousFailures++;
  }
  if (outcomes.failed.size > 0 && !flags.resume && !flags.retryFailed) {
    const count = outcomes.failed.size;
    throw new UsageError(
      `Job "${job}" already has ${count} result${count === 1 ? "" : "s"}: ` +
        `pass --resume to run only the items without one (--retry-failed: the failed ones too), or remove the job with omn batch --rm ${job}`,
    );
  }
  return { done, previousFailures };
}

/** Runs the items of a job. */
async function runJob(job: string, flags: BatchFlags, context: CliContext): Promise<void> {
  const { io } = context;
  const { store, config, profile } = await readConfig(context, { stamped: true });
  const paths = jobPaths(store.paths.dir, job);
  const choice = resolveModelChoice(flags, config);
  const batchProviderName = choice.provider ?? config.default_provider;
  const batchProvider = batchProviderName === undefined
    ? undefined
    : canonicalProvider(batchProviderName, config);
  const input = await openBatchInput(flags.input, io, job);
  const journal = await JobJournal.open(store.paths.dir, paths, job);
  using watch = context.interrupts?.watch();
  // One open of the usage ledger for all the items' records.
  using ledger = openUsageLedger(store.paths.dir);
  try {
    const { done, previousFailures } = await journaledIds(paths.journal, job, flags).catch(
      async (error) => {
        await input.cancel().catch(() => {});
        throw error;
      },
    );
    // The batch's provider's keys are fetched and decrypted now, an item's other provider's when first used.
    const sourcesFor = await loadCredentialSources(context, store.paths, config, {
      providers: batchProvider === undefined ? [] : [batchProvider],
    });
    const models = modelResolver(batchProvider, {
      flags: { ...flags, model: choice.model },
      config,
      sourcesFor,
      configDir: store.paths.dir,
      ledger,
      io,
      requestLog: await requestLogSink(context),
      fetch: context.fetch,
      clock: context.clock,
    });
    // The batch's own provider and model are checked before any item runs, so that a
    // missing key stops the batch instead of filling the journal with the same error.
    await models.forBatch();
    const { periodBudget, cap } = runBudgets({
      dir: store.paths.dir,
      profile,
      config,
      maxCost: flags.maxCost,
      allowUnpriced: flags.allowUnpriced,
      stopAtFirstRefusal: true,
      onWarning: (message) => io.message("warn", message),
    });
    await runBatch({
      job: job,
      ordered: flags.ordered,
      concurrency: flags.concurrency,
      onSecret: flags.onSecret ?? config.settings?.on_secret ?? "redact",
      system: flags.system,
      temperature: flags.temperature,
      maxTokens: flags.maxTokens,
    }, {
      io,
      lines: readLines(input),
      append: (line) => journal.append(line),
      done,
      previousFailures,
      modelFor: async (item) => {
        const runner = await models.forItem(item);
        const model = cap ? cap.wrap(runner.model, config) : runner.model;
        return { ...runner, model: periodBudget.wrap(model) };
      },
      expandItem: (item) => expandBatchItem(item, config),
      now: () => performance.now(),
      signal: watch?.signal,
    });
  } finally {
    await journal.close();
  }
}

/**
 * Prints a job's results, one per id (its last: a retried failure shows as
 * its retry), in journal order; lines cut by a crash are skipped with a
 * warning.
 */
async function exportJob(configDir: string, job: string, context: CliContext): Promise<void> {
  const paths = jobPaths(configDir, job);
  try {
    await Deno.lstat(paths.journal);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UsageError(`No job named "${job}": run "omn batch --list"`);
    }
    throw error;
  }
  const { lastLine, unreadable } = await latestOutcomes(paths.journal);
  for await (const entry of readJournal(paths.journal)) {
    if (entry.kind === "result" && lastLine.get(idKey(entry.id)) === entry.lineNumber) {
      await context.io.write(`${entry.line}\n`);
    }
  }
  if (unreadable > 0) {
    context.io.message(
      "warn",
      `Skipped ${unreadable} unreadable line${
        unreadable === 1 ? "" : "s"
      } of "${paths.journal}" (cut short by a crash)`,
    );
  }
}
