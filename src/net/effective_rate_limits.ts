/**
 * Which client-side rate limits apply to a run: flags, then the provider's
 * config entry (`providers.<id>.requests_per_minute`,
 * `providers.<id>.tokens_per_minute`), then the defaults of the kind of run.
 *
 * Defaults: none for interactive runs (`ask`); for `batch`
 * {@linkcode BATCH_RATE_LIMITS}, about the lowest paid tier of the major
 * providers, except for the offline `mock` provider and endpoints on the
 * local machine (Ollama, local gateways), which no provider quota governs.
 * A configured limit applies to every kind of run, and 0 means no limit.
 *
 * @module
 */
import type { ProviderConfig } from "../config/schema.ts";
import { isLoopbackHost } from "./is_loopback.ts";
import type { RateLimits } from "./token_bucket.ts";

/** The limits `omn batch` uses when neither a flag nor the config sets one. */
export const BATCH_RATE_LIMITS: Readonly<Required<RateLimits>> = {
  requestsPerMinute: 50,
  tokensPerMinute: 40_000,
};

/** Options of {@linkcode effectiveRateLimits}. */
export interface EffectiveRateLimitsOptions {
  /** `ask` (no default limits) or `batch` ({@linkcode BATCH_RATE_LIMITS}). */
  mode: "interactive" | "batch";
  /** The provider id. */
  provider: string;
  /** The provider's entry in the config. */
  entry?: ProviderConfig;
  /** The endpoint requests go to; a loopback one gets no default limits. */
  endpoint?: string;
  /** Limits from flags, for this run; 0 lifts a limit. */
  overrides?: RateLimits;
}

/**
 * The limits for one provider in one run; a dimension without a limit is
 * left out.
 *
 * @example
 * ```ts
 * import { effectiveRateLimits } from "./effective_rate_limits.ts";
 * effectiveRateLimits({ mode: "batch", provider: "openai", entry: { requests_per_minute: 500 } });
 * // { requestsPerMinute: 500, tokensPerMinute: 40000 }
 * effectiveRateLimits({ mode: "interactive", provider: "openai" }); // {}
 * ```
 */
export function effectiveRateLimits(options: EffectiveRateLimitsOptions): RateLimits {
  const local = options.provider === "mock" || isLocal(options.endpoint);
  const defaults: RateLimits = options.mode === "batch" && !local ? BATCH_RATE_LIMITS : {};
  const pick = (flag?: number, configured?: number, fallback?: number) => {
    const value = flag ?? configured ?? fallback;
    return value !== undefined && value > 0 ? value : undefined;
  };
  const limits: RateLimits = {};
  const requests = pick(
    options.overrides?.requestsPerMinute,
    options.entry?.requests_per_minute,
    defaults.requestsPerMinute,
  );
  const tokens = pick(
    options.overrides?.tokensPerMinute,
    options.entry?.tokens_per_minute,
    defaults.tokensPerMinute,
  );
  if (requests !== undefined) limits.requestsPerMinute = requests;
  if (tokens !== undefined) limits.tokensPerMinute = tokens;
  return limits;
}

function isLocal(endpoint: string | undefined): boolean {
  if (endpoint === undefined || !URL.canParse(endpoint)) return false;
  return isLoopbackHost(new URL(endpoint).hostname);
}
