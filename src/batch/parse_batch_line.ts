/**
 * One line of `omn batch` input: a JSON object naming an item and its
 * prompt. Pure: a malformed line becomes a message, never an exception, so
 * that it fails alone and the batch goes on.
 *
 * @module
 */
import { z } from "zod";
import { closestName } from "../config/schema.ts";
import { describeJsonError } from "../config/describe_json_error.ts";
import { quoteName } from "../security/quote_input.ts";
import type { BatchId } from "./result_line.ts";

const ID_ERROR = "expected a non-empty string (at most 200 characters) or a whole number";

/** Schema of one input line. Strict, so a misspelt field (`"sytem"`) is reported, not ignored. */
export const BatchItemSchema = z.strictObject({
  id: z.union([
    z.string().min(1, { error: ID_ERROR }).max(200, { error: ID_ERROR }),
    z.number().int({ error: ID_ERROR }),
  ], { error: ID_ERROR }),
  prompt: z.string({ error: "expected a string" }).min(1, { error: "expected a non-empty string" }),
  system: z.string({ error: "expected a string" }).optional(),
  provider: z.string({ error: "expected a provider id" }).min(1, {
    error: "expected a provider id",
  }).optional(),
  model: z.string({ error: "expected a model id" }).min(1, { error: "expected a model id" })
    .optional(),
  temperature: z.number({ error: "expected a number from 0 to 2" }).min(0, {
    error: "expected a number from 0 to 2",
  }).max(2, { error: "expected a number from 0 to 2" }).optional(),
  template: z.string({ error: "expected a template name" }).min(1, {
    error: "expected a template name",
  }).optional(),
  max_tokens: z.number({ error: "expected a whole number above 0" }).int({
    error: "expected a whole number above 0",
  }).positive({ error: "expected a whole number above 0" }).optional(),
});

/** One valid input item. */
export type BatchItem = z.infer<typeof BatchItemSchema>;

const FIELDS = Object.keys(BatchItemSchema.shape);

/** What a line holds. */
export type ParsedLine =
  | { kind: "blank" }
  | { kind: "item"; item: BatchItem }
  | { kind: "malformed"; id: BatchId; message: string };

/**
 * Parses input line `lineNumber` (1-based). A malformed line keeps its `id`
 * when it has a usable one, else takes the line number as its id.
 *
 * @example
 * ```ts
 * import { parseBatchLine } from "./parse_batch_line.ts";
 * parseBatchLine('{"id": "a", "prompt": "hi"}', 1); // { kind: "item", item: { id: "a", prompt: "hi" } }
 * parseBatchLine("not json", 2).kind; // "malformed", with id 2
 * ```
 */
export function parseBatchLine(text: string, lineNumber: number): ParsedLine {
  const trimmed = text.trim();
  if (trimmed === "") return { kind: "blank" };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    // The parser's own message may quote the start of the line: only where, never what.
    return {
      kind: "malformed",
      id: lineNumber,
      message: `Line ${lineNumber}: not JSON: ${describeJsonError(trimmed, error)}`,
    };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return {
      kind: "malformed",
      id: lineNumber,
      message: `Line ${lineNumber}: expected a JSON object with "id" and "prompt"`,
    };
  }
  const result = BatchItemSchema.safeParse(value);
  if (result.success) return { kind: "item", item: result.data };
  const idResult = BatchItemSchema.shape.id.safeParse((value as Record<string, unknown>).id);
  return {
    kind: "malformed",
    id: idResult.success ? idResult.data : lineNumber,
    message: `Line ${lineNumber}: ${
      describeItemIssues(result.error.issues, value as Record<string, unknown>)
    }`,
  };
}

function describeItemIssues(
  issues: readonly z.core.$ZodIssue[],
  record: Record<string, unknown>,
): string {
  const parts: string[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const shown = quoteName(key, "field");
        const suggestion = closestName(key, FIELDS);
        parts.push(
          `unknown field ${shown}${
            suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`
          }`,
        );
      }
    } else {
      const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "(line)";
      const top = issue.path[0];
      const missing = typeof top === "string" && !Object.hasOwn(record, top);
      const message = missing ? "required" : issue.message;
      parts.push(`"${field}": ${message}`);
    }
  }
  return parts.join("; ");
}
