/**
 * The headless result object of `ask --output json` and the last line of
 * `--output stream-json`, in the shape scripts written for the original
 * Omnimancer and `claude -p` expect.
 *
 * @module
 */
import type { FinishReason, Usage } from "../providers/language_model.ts";
import type { AttachmentSummary } from "./attachment_types.ts";

/** The final object of a headless run. */
export interface ResultObject {
  type: "result";
  subtype: "success" | "error";
  is_error: boolean;
  result: string;
  session_id: string;
  provider: string;
  model: string;
  usage: {
    input_tokens: number;
    output_tokens: number;
    cached_input_tokens: number;
    total_cost_usd: number | null;
  };
  stop_reason: FinishReason | null;
  duration_ms: number;
  /** How many times a failed request was retried. */
  retries: number;
  /** Present (true) when `result` holds only the first part of a longer reply. */
  truncated?: true;
  error?: string;
  /** The whole reply, when `result` holds only the code block `--extract` took from it. */
  reply?: string;
  /** The failure's kind (see `src/core/error_type.ts`); with `error` only. */
  error_type?: string;
  /** The file sent with the prompt (`--attach-type`): its type, size and SHA-256, never its bytes. */
  attachment?: AttachmentSummary;
}

/** What a finished (or failed) run knows. */
export interface RunOutcome {
  text: string;
  sessionId: string;
  provider: string;
  model: string;
  usage?: Usage;
  costUsd: number | null;
  finishReason?: FinishReason;
  durationMs: number;
  /** Retries of failed requests; 0 when absent. */
  retries?: number;
  /** The reply was longer than `text`, which holds only its first part. */
  truncated?: boolean;
  error?: string;
  /** The code block `--extract` took from the reply (`""` when it found none). */
  extracted?: string;
  /** The failure's kind, with `error`. */
  errorType?: string;
  /** The attachment sent, if any. */
  attachment?: AttachmentSummary;
}

/** Builds the result object of a run. */
export function resultObject(outcome: RunOutcome): ResultObject {
  const object: ResultObject = {
    type: "result",
    subtype: outcome.error === undefined ? "success" : "error",
    is_error: outcome.error !== undefined,
    result: outcome.text,
    session_id: outcome.sessionId,
    provider: outcome.provider,
    model: outcome.model,
    usage: {
      input_tokens: outcome.usage?.inputTokens ?? 0,
      output_tokens: outcome.usage?.outputTokens ?? 0,
      cached_input_tokens: outcome.usage?.cachedInputTokens ?? 0,
      total_cost_usd: outcome.costUsd,
    },
    stop_reason: outcome.error === undefined ? outcome.finishReason ?? null : "error",
    duration_ms: outcome.durationMs,
    retries: outcome.retries ?? 0,
  };
  if (outcome.truncated) object.truncated = true;
  if (outcome.error !== undefined) {
    object.error = outcome.error;
    object.error_type = outcome.errorType ?? "runtime_error";
  }
  if (outcome.attachment !== undefined) object.attachment = outcome.attachment;
  if (outcome.extracted !== undefined) {
    object.result = outcome.extracted;
    object.reply = outcome.text;
  }
  return object;
}
