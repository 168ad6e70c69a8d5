/**
 * The scheduling decision of `omn batch` for one input line, as a pure
 * function: skip it (blank, or its id already has a result in the journal),
 * record a result without running it (a malformed line, a repeated id), or
 * run its item; with the position its result takes in the output order.
 *
 * @module
 */
import { ExitCode } from "../core/errors.ts";
import type { BatchItem, ParsedLine } from "./parse_batch_line.ts";
import { type BatchResult, idKey } from "./result_line.ts";

/** What the lines read so far decided; changed by {@linkcode planLine}. */
export interface LinePlan {
  /** Ids (as `idKey`) that already have a result in the journal: skipped. */
  readonly done: ReadonlySet<string>;
  /** The line each id was first seen on, in this run. */
  readonly firstLine: Map<string, number>;
  /** Items given a position so far (the next item's position). */
  positions: number;
  /** Items skipped because the journal has their id. */
  skipped: number;
}

/** What to do with one line. */
export type LineDecision =
  | { action: "skip" }
  | { action: "record"; position: number; result: BatchResult; journaled: boolean }
  | { action: "run"; position: number; item: BatchItem };

/** A plan for a run whose journal already holds the results of `done`. */
export function newLinePlan(done: ReadonlySet<string>): LinePlan {
  return { done, firstLine: new Map(), positions: 0, skipped: 0 };
}

/**
 * Decides what to do with a parsed line and records it in `plan`. A
 * repeated id is a failure that is not journaled (the journal keeps one
 * result per id, the first line's); a malformed line is a journaled failure.
 *
 * @example
 * ```ts
 * import { newLinePlan, planLine } from "./plan_line.ts";
 * const plan = newLinePlan(new Set());
 * planLine({ kind: "item", item: { id: 1, prompt: "hi" } }, 1, plan);
 * // { action: "run", position: 0, item: { id: 1, prompt: "hi" } }
 * ```
 */
export function planLine(parsed: ParsedLine, lineNumber: number, plan: LinePlan): LineDecision {
  if (parsed.kind === "blank") return { action: "skip" };
  const id = parsed.kind === "item" ? parsed.item.id : parsed.id;
  const key = idKey(id);
  if (plan.done.has(key)) {
    plan.skipped++;
    return { action: "skip" };
  }
  const position = plan.positions++;
  const earlier = plan.firstLine.get(key);
  if (earlier !== undefined) {
    const message = `Line ${lineNumber}: duplicate id ${key} (first on line ${earlier}): not run`;
    const result = { id, error: { message, exit_code: ExitCode.Usage } };
    return { action: "record", position, result, journaled: false };
  }
  plan.firstLine.set(key, lineNumber);
  if (parsed.kind === "malformed") {
    const result = { id, error: { message: parsed.message, exit_code: ExitCode.Usage } };
    return { action: "record", position, result, journaled: true };
  }
  return { action: "run", position, item: parsed.item };
}
