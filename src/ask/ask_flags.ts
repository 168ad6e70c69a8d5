/**
 * The input of `executeAsk`: the parsed flags of `omn ask`, before config
 * defaults and templates are applied. `src/cli/commands/ask.ts` fills it.
 *
 * @module
 */
import type { AskOptions } from "./run_ask.ts";
import type { OnSecret } from "../providers/guard_request.ts";
import type { HistoryFlags } from "../history/resume_conversation.ts";
import type { AttachTypeFlag } from "./attachment_types.ts";

/** The parsed flags of `ask`, before config defaults are applied. */
export interface AskFlags
  extends Omit<AskOptions, "onSecret" | "jsonSchema" | "attachment">, HistoryFlags {
  provider?: string;
  model?: string;
  baseUrl?: string;
  timeoutMs?: number;
  /** `--max-retries`. */
  maxRetries?: number;
  /** `--max-retry-wait`, in milliseconds. */
  maxRetryWaitMs?: number;
  /** `--connect-timeout`, in milliseconds. */
  connectTimeoutMs?: number;
  /** `--first-byte-timeout`, in milliseconds. */
  firstByteTimeoutMs?: number;
  /** `--idle-timeout`, in milliseconds. */
  idleTimeoutMs?: number;
  /** `--usage`: a one-line usage summary on stderr. */
  usage?: boolean;
  onSecret?: OnSecret;
  /** `--schema`: inline JSON or a file name. */
  schema?: string;
  /** `-T/--template`: a template's name. */
  template?: string;
  /** `--max-cost`: the run's spending cap in USD. */
  maxCost?: number;
  /** `--allow-unpriced`: a model without a price may run under `--max-cost`. */
  allowUnpriced?: boolean;
  /** `--attach-type`: stdin is a file of this type (or `auto`), sent with the prompt. */
  attachType?: AttachTypeFlag;
}
