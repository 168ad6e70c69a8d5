/**
 * Resolves what `omn batch` needs from its flags and the config and runs
 * the chosen mode: a run (models, credentials, rate limits, the journal),
 * `--export`, `--list` or `--rm`.
 *
 * @module
 */
import type { Clock } from "../core/clock.ts";
import type { BatchFlags } from "./batch_flags.ts";
import type { CliContext } from "../core/context.ts";
import type { Io } from "../core/io.ts";
import { openConfigStore, readConfig } from "../config/config_access.ts";
import { UsageError } from "../core/errors.ts";
import type { Config } from "../config/schema.ts";
import { credentialFingerprint } from "../credentials/credential_fingerprint.ts";
import {
  loadCredentialSources,
  type LoadedSources,
} from "../credentials/load_credential_sources.ts";
import { resolveCredentials } from "../credentials/resolve_credentials.ts";
import { effectiveRateLimits } from "../net/effective_rate_limits.ts";
import { endpointHost } from "../ask/ask_accounting.ts";
import { recordingModelUsage } from "../usage/record_model_usage.ts";
import { rateLimiterFor } from "../net/rate_limiter.ts";
import { describeRetry } from "../net/retrying_fetch.ts";
import { networkOptions } from "../net/network_options.ts";
import { chooseProvider } from "../providers/choose_provider.ts";
import { isLimited } from "../net/token_bucket.ts";
import {
  canonicalProvider,
  createModel,
  type ProviderId,
  PROVIDERS,
} from "../providers/registry.ts";
import { type ModelChoice, resolveModelChoice } from "../providers/model_choice.ts";
import { expandBatchItem } from "../templates/template.ts";
import { runBudgets } from "../budget/run_budgets.ts";
import { JobJournal, readJournal } from "./job_journal.ts";
import { jobPaths } from "./job_paths.ts";
import { latestOutcomes } from "./latest_outcomes.ts";
import { jobListing, jobListJson, listJobs } from "./list_jobs.ts";
import { formatList } from "../core/format_list.ts";
import { openBatchInput } from "./open_batch_input.ts";
import type { BatchItem } from "./parse_batch_line.ts";
import { readLines } from "./read_lines.ts";
import { removeJob } from "./remove_job.ts";
import { idKey } from "./result_line.ts";
import { type ItemModel, runBatch } from "./run_batch.ts";
import { requestLogSink } from "../log/request_log_sink.ts";
import type { RequestRecord } from "../net/request_log.ts";

/** What a `batch` invocation asks for. */
export type BatchMode =
  | { kind: "list" }
  | { kind: "remove"; name: string }
  | { kind: "export"; job: string }
  | { kind: "run"; job: string };

/**
 * The mode of a `batch` invocation, refusing flags that do not go together.
 *
 * @throws {UsageError} on a missing `--job` or a conflicting combination.
 */
export function batchMode(flags: BatchFlags): BatchMode {
  const runFlags = flags.input !== undefined || flags.resume || flags.retryFailed ||
    flags.ordered;
  if (flags.json && !flags.list) {
    throw new UsageError("--json goes with --list: omn batch --list --json");
  }
  if (flags.list) {
    if (flags.job !== undefined || flags.rm !== undefined || flags.export || runFlags) {
      throw new UsageError("--list takes no job, file or other mode: run omn batch --list alone");
    }
    return { kind: "list" };
  }
  if (flags.rm !== undefined) {
    if (flags.job !== undefined || flags.export || runFlags) {
      throw new UsageError("--rm NAME takes no other job, file or mode: run omn batch --rm NAME");
    }
    return { kind: "remove", name: flags.rm };
  }
  if (flags.job === undefined) {
    throw new UsageError(
      "No job name: pass --job NAME (its results are journaled under it), e.g. omn batch --job reviews < prompts.jsonl",
    );
  }
  if (flags.export) {
    if (runFlags) {
      throw new UsageError(
        "--export prints a journal and takes no file, --resume, --retry-failed or --ordered",
      );
    }
    return { kind: "export", job: flags.job };
  }
  return { kind: "run", job: flags.job };
}

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
  const { store, config, profile } = await readConfig(context);
  const paths = jobPaths(store.paths.dir, job);
  const choice = resolveModelChoice(flags, config);
  const batchProviderName = choice.provider ?? config.default_provider;
  const batchProvider = batchProviderName === undefined
    ? undefined
    : canonicalProvider(batchProviderName, config);
  const input = await openBatchInput(flags.input, io, job);
  const journal = await JobJournal.open(store.paths.dir, paths, job);
  using watch = context.interrupts?.watch();
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
    const models = modelResolver(
      { ...flags, model: choice.model },
      config,
      sourcesFor,
      store.paths.dir,
      batchProvider,
      io,
      { requestLog: requestLogSink(context), fetch: context.fetch, clock: context.clock },
    );
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

/** Creates each item's model, once per combination. */
interface ModelResolver {
  /** The model of an item (rejects with the error that fails the item). */
  forItem(item: BatchItem): Promise<ItemModel>;
  /** The model of the items that set no provider or model (undefined without a batch provider). */
  forBatch(): Promise<ItemModel> | undefined;
}

/**
 * The model of each item: its provider (else `--provider`, else the
 * config's default), its model (else, for items of the batch's provider,
 * `--model`), the batch's `--base-url` for items of the batch's provider,
 * and the rate limits of that provider and key. Each combination is created
 * once; an item whose model cannot be created fails with that error.
 */
function modelResolver(
  flags: BatchFlags,
  config: Config,
  sourcesFor: LoadedSources,
  configDir: string,
  batchProvider: string | undefined,
  io: Io,
  extra: {
    requestLog?: (record: RequestRecord) => void;
    fetch?: typeof globalThis.fetch;
    clock?: Clock;
  } = {},
): ModelResolver {
  const models = new Map<string, Promise<ItemModel>>();
  const modelFor = (provider: string, modelId: string | undefined) => {
    const baseUrl = provider === batchProvider ? flags.baseUrl : undefined;
    const key = JSON.stringify([provider, modelId ?? null, baseUrl ?? null]);
    let model = models.get(key);
    if (!model) {
      model = createItemModel({
        provider,
        modelId,
        baseUrl,
        flags,
        config,
        sourcesFor,
        configDir,
        io,
        requestLog: extra.requestLog,
        fetch: extra.fetch,
        clock: extra.clock,
      });
      models.set(key, model);
    }
    return model;
  };
  return {
    forItem(item) {
      let provider: string;
      let itemChoice: ModelChoice;
      try {
        itemChoice = resolveModelChoice(item, config);
        provider = chooseProvider(
          [itemChoice.provider, batchProvider],
          config,
          'set "provider" in the item, pass --provider NAME, or set default_provider in the config',
        );
      } catch (error) {
        return Promise.reject(error);
      }
      return modelFor(
        provider,
        itemChoice.model ?? (provider === batchProvider ? flags.model : undefined),
      );
    },
    forBatch() {
      return batchProvider === undefined ? undefined : modelFor(batchProvider, flags.model);
    },
  };
}

async function createItemModel(options: {
  provider: string;
  modelId?: string;
  baseUrl?: string;
  flags: BatchFlags;
  config: Config;
  sourcesFor: LoadedSources;
  configDir: string;
  io: Io;
  requestLog?: (record: RequestRecord) => void;
  fetch?: typeof fetch;
  clock?: Clock;
}): Promise<ItemModel> {
  const { provider, config, flags } = options;
  await options.sourcesFor.prepare(provider);
  const created = await createModel({
    requestLog: options.requestLog,
    provider,
    modelId: options.modelId,
    baseUrl: options.baseUrl,
    onSecret: flags.onSecret,
    onWarning: (message) => options.io.message("warn", message),
    config,
    sourcesFor: options.sourcesFor,
    fetch: options.fetch,
    clock: options.clock,
    // The retries and timeouts `ask` gets from the config; each retry is told with --verbose.
    network: networkOptions(
      config,
      { timeoutMs: flags.timeoutMs },
      (event) => options.io.message("debug", describeRetry(event)),
    ),
  });
  const entry = config.providers?.[provider];
  const endpoint = options.baseUrl ?? entry?.base_url ??
    PROVIDERS[provider as ProviderId]?.endpoint(entry);
  const fingerprint = provider === "mock"
    ? "none"
    : credentialFingerprint(resolveCredentials(provider, options.sourcesFor(provider)));
  // Every item leaves one usage-ledger record, as an `ask` does.
  const model = recordingModelUsage(created, {
    dir: options.configDir,
    key: fingerprint,
    host: endpointHost(provider, config, options.baseUrl),
    onWarning: (message) => options.io.message("warn", message),
    config,
  });
  const limits = effectiveRateLimits({
    mode: "batch",
    provider,
    entry,
    endpoint,
    overrides: {
      requestsPerMinute: flags.requestsPerMinute,
      tokensPerMinute: flags.tokensPerMinute,
    },
  });
  if (!isLimited(limits.requestsPerMinute) && !isLimited(limits.tokensPerMinute)) return { model };
  const limiter = rateLimiterFor(options.configDir, options.clock);
  const target = { provider, fingerprint, limits };
  return {
    model,
    acquire: (tokens, signal) => limiter.acquire({ ...target, tokens, signal }),
    settle: (tokens) => limiter.settle({ ...target, tokens }),
  };
}
