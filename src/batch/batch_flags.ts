/**
 * The input of `executeBatch`: the parsed flags of `omn batch`, before config
 * defaults are applied. `src/cli/commands/batch.ts` fills it.
 *
 * @module
 */
import type { OnSecret } from "../providers/guard_request.ts";

/** The parsed flags of `batch`, before config defaults are applied. */
export interface BatchFlags {
  /** The input file; `-` or absent for stdin. */
  input?: string;
  job?: string;
  resume: boolean;
  /** `--retry-failed`: as `--resume`, and run the items whose last result failed again. */
  retryFailed: boolean;
  ordered: boolean;
  concurrency: number;
  system?: string;
  provider?: string;
  model?: string;
  baseUrl?: string;
  temperature?: number;
  maxTokens?: number;
  timeoutMs?: number;
  onSecret?: OnSecret;
  /** `--requests-per-minute`: overrides the config for this run; 0 lifts the limit. */
  requestsPerMinute?: number;
  /** `--tokens-per-minute`: overrides the config for this run; 0 lifts the limit. */
  tokensPerMinute?: number;
  /** `--export`: print the job's journal. */
  export: boolean;
  /** `--list`: list the jobs. */
  list: boolean;
  /** `--json` (with `--list`): list the jobs as JSON. */
  json?: boolean;
  /** `--rm NAME`: remove a job. */
  rm?: string;
  /** `--max-cost`: this run's spending cap in USD. */
  maxCost?: number;
  /** `--allow-unpriced`: a model without a price may run under `--max-cost`. */
  allowUnpriced?: boolean;
}
