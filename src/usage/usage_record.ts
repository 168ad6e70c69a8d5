/**
 * One line of the usage ledger: what a request cost, never what it said.
 *
 * @module
 */
import { costUsd } from "../providers/catalog.ts";

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
  /** Cost from the model catalogue; `null` for a model it does not price. */
  cost_usd: number | null;
  /** `"catalogue"` when priced from the catalogue, `"unknown"` when not. */
  cost: "catalogue" | "unknown";
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

/**
 * The ledger record of a request, with its cost from the catalogue (`costUsd`).
 * Pure.
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
export function createUsageRecord(input: UsageInput, now: Date): UsageRecord {
  const usage = {
    inputTokens: count(input.inputTokens),
    outputTokens: count(input.outputTokens),
    cachedInputTokens: count(input.cachedInputTokens),
  };
  const cost = costUsd(input.provider, input.model, usage);
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
    cost: cost === null ? "unknown" : "catalogue",
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
    cost: record.cost_usd === null ? "unknown" : "catalogue",
    duration_ms: isCount("duration_ms") ? record.duration_ms as number : 0,
    outcome: record.outcome,
  };
}
