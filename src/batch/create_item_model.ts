/**
 * Creates the model that runs the items of one provider, model and endpoint
 * of `omn batch`: the retries and timeouts `ask` gets, one usage-ledger
 * record per item, and the rate limits of that provider and key (shared
 * with every other `omn` process).
 *
 * @module
 */
import type { Clock } from "../core/clock.ts";
import type { Io } from "../core/io.ts";
import type { Config } from "../config/schema.ts";
import type { LoadedSources } from "../credentials/load_credential_sources.ts";
import { effectiveRateLimits } from "../net/effective_rate_limits.ts";
import { endpointHost, keyFingerprint } from "../ask/ask_accounting.ts";
import { recordingModelUsage } from "../usage/record_model_usage.ts";
import type { UsageLedger } from "../usage/usage_ledger.ts";
import { rateLimiterFor } from "../net/rate_limiter.ts";
import { describeRetry } from "../net/retrying_fetch.ts";
import { networkOptions } from "../net/network_options.ts";
import { isLimited } from "../net/token_bucket.ts";
import { createModel } from "../providers/registry.ts";
import { providerEndpoint } from "../providers/provider_endpoint.ts";
import type { RequestRecord } from "../net/request_log.ts";
import type { BatchFlags } from "./batch_flags.ts";
import type { ItemModel } from "./run_batch.ts";

/** What every item model of one batch is created with. */
export interface ItemModelContext {
  /** The batch's flags (`--on-secret`, `--timeout`, the rate-limit overrides). */
  flags: BatchFlags;
  config: Config;
  /** The credential sources; a provider is prepared when its first model is created. */
  sourcesFor: LoadedSources;
  /** The config directory, where the usage ledger and the rate limiter live. */
  configDir: string;
  /** The usage ledger, held open for the whole batch. */
  ledger?: UsageLedger;
  io: Io;
  requestLog?: (record: RequestRecord) => void;
  fetch?: typeof fetch;
  clock?: Clock;
}

/** Which model to create. */
export interface ItemModelTarget {
  provider: string;
  /** The model id; the provider's default when absent. */
  modelId?: string;
  /** `--base-url`, for the items of the batch's own provider. */
  baseUrl?: string;
}

/**
 * The model of `target`, recording its usage, with `acquire` and `settle`
 * when the provider and key have rate limits.
 *
 * @throws what `createModel` throws (unknown provider, missing key, …).
 */
export async function createItemModel(
  target: ItemModelTarget,
  context: ItemModelContext,
): Promise<ItemModel> {
  const { provider, baseUrl } = target;
  const { config, flags, io } = context;
  await context.sourcesFor.prepare(provider);
  const created = await createModel({
    requestLog: context.requestLog,
    provider,
    modelId: target.modelId,
    baseUrl,
    onSecret: flags.onSecret,
    onWarning: (message) => io.message("warn", message),
    config,
    sourcesFor: context.sourcesFor,
    fetch: context.fetch,
    clock: context.clock,
    // The retries and timeouts `ask` gets from the config; each retry is told with --verbose.
    network: networkOptions(
      config,
      { timeoutMs: flags.timeoutMs },
      (event) => io.message("debug", describeRetry(event)),
    ),
  });
  const fingerprint = keyFingerprint(provider, context.sourcesFor);
  // Every item leaves one usage-ledger record, as an `ask` does.
  const model = recordingModelUsage(created, {
    dir: context.configDir,
    ledger: context.ledger,
    key: fingerprint,
    host: endpointHost(provider, config, baseUrl),
    onWarning: (message) => io.message("warn", message),
    config,
  });
  const limits = effectiveRateLimits({
    mode: "batch",
    provider,
    entry: config.providers?.[provider],
    endpoint: providerEndpoint(provider, config, baseUrl),
    overrides: {
      requestsPerMinute: flags.requestsPerMinute,
      tokensPerMinute: flags.tokensPerMinute,
    },
  });
  if (!isLimited(limits.requestsPerMinute) && !isLimited(limits.tokensPerMinute)) return { model };
  const limiter = rateLimiterFor(context.configDir, context.clock);
  const limited = { provider, fingerprint, limits };
  return {
    model,
    acquire: (tokens, signal) => limiter.acquire({ ...limited, tokens, signal }),
    settle: (tokens) => limiter.settle({ ...limited, tokens }),
  };
}
