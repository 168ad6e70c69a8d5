/**
 * Resolves what `ask` needs from its flags and the config (provider, model,
 * endpoint, credentials, secret policy, attachment) and runs it. Flags override the
 * config for one run and are never written back.
 *
 * @module
 */
import type { AskFlags } from "./ask_flags.ts";
import type { CliContext } from "../core/context.ts";
import { readConfig } from "../config/config_access.ts";
import { UsageError } from "../core/errors.ts";
import { loadCredentialSources, type SourcesFor } from "../credentials/load_credential_sources.ts";
import type { Config } from "../config/schema.ts";
import { checkAttachFlags, readAskAttachment } from "./ask_attachment.ts";
import { openAskHistory } from "./ask_history.ts";
import { AskRetryNotices } from "./ask_retry_notices.ts";
import { createModel, preloadProvider } from "../providers/registry.ts";
import { chooseProvider } from "../providers/choose_provider.ts";
import { networkOptions } from "../net/network_options.ts";
import { effectiveRateLimits } from "../net/effective_rate_limits.ts";
import { readStdinText, wantsStdin } from "./read_prompt.ts";
import { chooseWithTemplate, findTemplate, withTemplate } from "../templates/template.ts";
import { type AskOptions, runAsk } from "./run_ask.ts";
import type { Template } from "../config/template_schema.ts";
import { askAccounting, endpointHost, keyFingerprint } from "./ask_accounting.ts";
import { requestLogSink } from "../log/request_log_sink.ts";

/** Runs `ask` with config defaults applied. */
export async function executeAsk(flags: AskFlags, context: CliContext): Promise<void> {
  if (flags.provider) preloadProvider(flags.provider);
  checkAttachFlags(flags, context.io.stdinIsTerminal);
  // The schema is read and checked first: a bad one costs no request and no credential lookup.
  const jsonSchema = await readSchemaFlag(flags, context);
  const { store, config, profile } = await readConfig(context, { stamped: true });
  const template = flags.template === undefined ? undefined : findTemplate(config, flags.template);
  const choice = chooseWithTemplate(flags, template, config);
  const history = await openAskHistory(flags, context, config);
  const provider = chooseProvider(
    [choice.provider, history.resumed?.provider, config.default_provider],
    config,
  );
  const modelId = choice.model ?? history.modelFor(provider);
  // The file is read, and checked against the provider, before any credential lookup.
  const attachment = flags.attachType === undefined
    ? undefined
    : await readAskAttachment(flags.attachType, context.io, { provider, modelId, config });
  const sourcesFor = await loadCredentialSources(context, store.paths, config, {
    providers: [provider],
  });
  const retries = new AskRetryNotices(context.io, flags.output);
  const model = await createModel({
    requestLog: await requestLogSink(context),
    provider,
    modelId,
    baseUrl: flags.baseUrl,
    onSecret: flags.onSecret,
    onWarning: (message) => context.io.message("warn", message),
    config,
    sourcesFor,
    fetch: context.fetch,
    clock: context.clock,
    network: networkOptions(config, flags, retries.notify),
  });
  const accounting = accountingFor(flags, context, {
    dir: store.paths.dir,
    provider,
    config,
    sourcesFor,
  });
  const onSecret = flags.onSecret ?? config.settings?.on_secret ?? "redact";
  // The spending limits' modules load only for a config with budgets or --max-cost: without
  // either, no limit wraps the model.
  const budgets = config.budgets === undefined && flags.maxCost === undefined
    ? undefined
    : (await import("../budget/run_budgets.ts")).runBudgets({
      dir: store.paths.dir,
      profile,
      config,
      maxCost: flags.maxCost,
      allowUnpriced: flags.allowUnpriced,
      onWarning: (message) => context.io.message("warn", message),
    });
  const cap = budgets?.cap;
  const limited = budgets === undefined
    ? model
    : budgets.periodBudget.wrap(cap ? cap.wrap(model, config) : model);
  await runAsk(askOptions(flags, template, { onSecret, jsonSchema, attachment }), {
    io: context.io,
    model: history.wrap(limited),
    now: () => performance.now(),
    sessionId: history.sessionId,
    config,
    interrupts: context.interrupts,
    retries,
    onPrompt: (text) => accounting.prompt(text, onSecret),
    onReply: (reply) => history.save(reply),
    onFinish: (outcome, error) => accounting.finish(outcome, error),
  });
  if (cap?.passed) {
    const { usd } = await import("../budget/spending_cap.ts");
    context.io.message(
      "warn",
      `The reply took the run's spend to ${usd(cap.spentUsd)}, past --max-cost ${usd(cap.capUsd)}`,
    );
  }
}

/**
 * What `runAsk` asks: the flags, with the template's system prompt,
 * sampling settings, prompt and schema where the flags give none.
 */
function askOptions(
  flags: AskFlags,
  template: Template | undefined,
  resolved: Pick<AskOptions, "onSecret" | "jsonSchema" | "attachment">,
): AskOptions {
  const withFlags = template ? withTemplate(flags, template) : flags;
  return {
    words: flags.words,
    system: withFlags.system,
    temperature: withFlags.temperature,
    maxTokens: withFlags.maxTokens,
    output: flags.output,
    stream: flags.stream,
    onSecret: resolved.onSecret,
    jsonSchema: resolved.jsonSchema ?? template?.schema,
    readStdin: flags.schema !== "-",
    promptTemplate: template?.prompt,
    extract: flags.extract,
    attachment: resolved.attachment,
  };
}

/** The usage ledger, rate limits and audit of the run, for its provider and key. */
function accountingFor(
  flags: AskFlags,
  context: CliContext,
  run: { dir: string; provider: string; config: Config; sourcesFor: SourcesFor },
): ReturnType<typeof askAccounting> {
  const { provider, config } = run;
  return askAccounting(context, {
    dir: run.dir,
    provider,
    key: keyFingerprint(provider, run.sourcesFor),
    host: endpointHost(provider, config, flags.baseUrl),
    showUsage: flags.usage === true,
    config,
    limits: effectiveRateLimits({
      mode: "interactive",
      provider,
      entry: config.providers?.[provider],
      endpoint: flags.baseUrl ?? config.providers?.[provider]?.base_url,
    }),
  });
}

/**
 * The JSON schema of `--schema` (inline, a file, or stdin with `-`), or
 * `undefined` without the flag.
 *
 * @throws {UsageError} when `--schema -` leaves no way to give the prompt.
 */
async function readSchemaFlag(
  flags: AskFlags,
  context: CliContext,
): Promise<Record<string, unknown> | undefined> {
  if (flags.schema === undefined) return undefined;
  if (
    flags.schema === "-" &&
    (flags.words.length === 0 || wantsStdin(flags.words) || context.io.stdinIsTerminal)
  ) {
    throw new UsageError(
      flags.words.length === 0 || wantsStdin(flags.words)
        ? '--schema - reads the schema from stdin: give the prompt as arguments (omn ask --schema - "PROMPT" < schema.json)'
        : '--schema - reads the schema from stdin: pipe it in (omn ask --schema - "PROMPT" < schema.json)',
    );
  }
  // Loaded only for --schema: most asks have none.
  const { loadSchema } = await import("../templates/load_schema.ts");
  return await loadSchema(flags.schema, {
    readStdin: () => readStdinText(context.io, context.io.stdinIsTerminal),
  });
}
