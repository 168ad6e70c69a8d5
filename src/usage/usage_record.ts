/**
 * One line of the usage ledger: what a request cost, never what it said.
 *
 * @module
 */
import type { Config } from "../config/schema.ts";
import { modelPrice, usageCostUsd } from "../budget/model_price.ts";

/** What the caller knows about one finished (or failed) request. */
export interface UsageInput {
  /** When the request ended; the caller's clock by default. */
  time?: Date;
  /** The provider id (`openai`). */
  provider: string;
  /** The model id (`gpt-4o-mini`). */
  model: string;
  /** The fingerprint of the key it was sent with (`fp:…`), `"none"` without a key. */
  key?: string | null;
  /** The endpoint's host name (`api.openai.com`), never a full URL. */
  host?: string | null;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  /** Wall time of the request in milliseconds. */
  durationMs: number;
  /**
   * The error the request ended with, if any: only its class name is kept
   * (`RateLimitError`), never its message.
   */
  error?: unknown;
}

/** Where a record's price came from. */
export type UsageCostSource = "config" | "catalogue" | "unknown";

/** One record of the ledger, as stored (one JSON object a line). */
export interface UsageRecord {
  /** ISO 8601 time, UTC. */
  time: string;
  provider: string;
  model: string;
  /** Key fingerprint, `"none"` for a provider used without a key, `null` when not known. */
  key: string | null;
  /** Endpoint host, `null` when not known. */
  host: string | null;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  /** Cost at the config's price for the model, else the catalogue's; `null` when neither has one. */
  cost_usd: number | null;
  /** Where the price came from: `"config"` (`models.<id>.…_usd_per_mtok`), `"catalogue"`, or `"unknown"`. */
  cost: UsageCostSource;
  duration_ms: number;
  /** `"ok"`, or the class name of the error the request ended with. */
  outcome: string;
}

/**
 * The class name of an error, for the `outcome` field: a plain identifier,
 * never the message (which could quote a prompt or a reply).
 */
export function errorClass(error: unknown): string {
  const name = error instanceof Error
    ? (error.name !== "Error" ? error.name : error.constructor.name)
    : typeof error;
  return /^[A-Za-z_][A-Za-z0-9_.]{0,63}$/.test(name) ? name : "Error";
}

function count(value: number | undefined): number {
  return Number.isFinite(value) && value! > 0 ? Math.round(value!) : 0;
}

/** Options of {@linkcode createUsageRecord}. */
export interface UsageRecordOptions {
  /**
   * The config whose `models.<id>.input_usd_per_mtok` and `output_usd_per_mtok`
   * win over the catalogue (the prices budgets and results use too).
   */
  config?: Config;
}

/** Where `modelPrice` found the price of a model it priced. */
function priceSource(provider: string, model: string, config: Config): UsageCostSource {
  const configured = config.models?.[`${provider}/${model}`] ?? config.models?.[model];
  return configured !== undefined ? "config" : "catalogue";
}

/**
 * The ledger record of a request, with its cost at the model's price
 * (`modelPrice`: the config's, else the catalogue's). Pure.
 *
 * @example
 * ```ts
 * import { createUsageRecord } from "./usage_record.ts";
 * createUsageRecord({
 *   provider: "openai", model: "gpt-4o-mini", key: "fp:0123456789ab",
 *   inputTokens: 1234, outputTokens: 567, durationMs: 800,
 * }, new Date("2026-01-01T00:00:00Z")).cost_usd; // 0.0005253
 * ```
 */
export function createUsageRecord(
  input: UsageInput,
  now: Date,
  options: UsageRecordOptions = {},
): UsageRecord {
  const usage = {
    inputTokens: count(input.inputTokens),
    outputTokens: count(input.outputTokens),
    cachedInputTokens: count(input.cachedInputTokens),
  };
  const config = options.config ?? { version: 1 };
  const cost = usageCostUsd(modelPrice(input.provider, input.model, config), usage);
  return {
    time: (input.time ?? now).toISOString(),
    provider: input.provider,
    model: input.model,
    key: input.key ?? null,
    host: input.host ?? null,
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cached_input_tokens: usage.cachedInputTokens,
    cost_usd: cost,
    cost: cost === null ? "unknown" : priceSource(input.provider, input.model, config),
    duration_ms: count(input.durationMs),
    outcome: input.error === undefined ? "ok" : errorClass(input.error),
  };
}

/**
 * Reads one ledger line back; `undefined` when it is not a usage record
 * (a torn or edited line), which readers skip and count.
 */
export function parseUsageRecord(line: string): UsageRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const isCount = (field: string) =>
    typeof record[field] === "number" && Number.isFinite(record[field]) &&
    (record[field] as number) >= 0;
  if (
    typeof record.time !== "string" || Number.isNaN(Date.parse(record.time)) ||
    typeof record.provider !== "string" || typeof record.model !== "string" ||
    !isCount("input_tokens") || !isCount("output_tokens") ||
    !(record.cost_usd === null || isCount("cost_usd")) || typeof record.outcome !== "string"
  ) {
    return undefined;
  }
  return {
    time: record.time,
    provider: record.provider,
    model: record.model,
    key: typeof record.key === "string" ? record.key : null,
    host: typeof record.host === "string" ? record.host : null,
    input_tokens: record.input_tokens as number,
    output_tokens: record.output_tokens as number,
    cached_input_tokens: isCount("cached_input_tokens") ? record.cached_input_tokens as number : 0,
    cost_usd: record.cost_usd as number | null,
    cost: record.cost_usd === null ? "unknown" : record.cost === "config" ? "config" : "catalogue",
    duration_ms: isCount("duration_ms") ? record.duration_ms as number : 0,
    outcome: record.outcome,
  };
}
