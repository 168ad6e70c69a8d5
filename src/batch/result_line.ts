/**
 * The results of `omn batch`, one JSON object a line, as printed on stdout
 * and appended to the job's journal: always redacted.
 *
 * @module
 */
import type { FinishReason } from "../providers/language_model.ts";
import { redact } from "../security/redact.ts";

/** An item's id: the `id` of its input line, or its line number when it has none. */
export type BatchId = string | number;

/** Token counts of one item. */
export interface BatchUsage {
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
}

/** A successful item. */
export interface BatchSuccess {
  id: BatchId;
  text: string;
  usage: BatchUsage | null;
  finish_reason: FinishReason | null;
  /** Present (true) when `text` holds only the first part of a longer reply. */
  truncated?: true;
}

/** A failed item, with the exit code `omn ask` would have ended with. */
export interface BatchFailure {
  id: BatchId;
  /** `error_type`: the failure's kind (see `src/core/error_type.ts`), on items that ran. */
  error: { message: string; exit_code: number; error_type?: string };
}

/** One item's result. */
export type BatchResult = BatchSuccess | BatchFailure;

/** Whether a result is a failure. */
export function isFailure(result: BatchResult): result is BatchFailure {
  return "error" in result;
}

/** The key that identifies an id whatever its JSON type (`"7"` and `7` differ). */
export function idKey(id: BatchId): string {
  return JSON.stringify(id);
}

function redactDeep(value: unknown): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map(redactDeep);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item)]));
  }
  return value;
}

/**
 * The result as one line of JSON ending in `\n`, with every secret masked:
 * each string value is redacted, then the whole line (which catches a
 * secret only visible in its JSON-escaped form). Should the second pass
 * ever break the JSON, the result is withheld rather than printed.
 *
 * @example
 * ```ts
 * import { resultLine } from "./result_line.ts";
 * resultLine({ id: "a", error: { message: "Bad key sk-ant-api03-…", exit_code: 4 } });
 * ```
 */
export function resultLine(result: BatchResult): string {
  const line = JSON.stringify(redactDeep(result));
  const masked = redact(line);
  if (masked !== line) {
    try {
      JSON.parse(masked);
    } catch {
      return `${
        JSON.stringify({
          id: redactDeep(result.id),
          error: { message: "Result withheld: it could not be redacted safely", exit_code: 1 },
        })
      }\n`;
    }
  }
  return `${masked}\n`;
}
