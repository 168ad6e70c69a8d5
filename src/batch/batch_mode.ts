/**
 * The mode of an `omn batch` invocation from its flags: a run, `--export`,
 * `--list` or `--rm`, refusing flags that do not go together.
 *
 * @module
 */
import type { BatchFlags } from "./batch_flags.ts";
import { UsageError } from "../core/errors.ts";

/** What a `batch` invocation asks for. */
export type BatchMode =
  | { kind: "list" }
  | { kind: "remove"; name: string }
  | { kind: "export"; job: string }
  | { kind: "run"; job: string };

/**
 * The mode of a `batch` invocation, refusing flags that do not go together.
 *
 * @throws {UsageError} on a missing `--job` or a conflicting combination.
 */
export function batchMode(flags: BatchFlags): BatchMode {
  const runFlags = flags.input !== undefined || flags.resume || flags.retryFailed ||
    flags.ordered;
  if (flags.json && !flags.list) {
    throw new UsageError("--json goes with --list: omn batch --list --json");
  }
  if (flags.list) {
    if (flags.job !== undefined || flags.rm !== undefined || flags.export || runFlags) {
      throw new UsageError("--list takes no job, file or other mode: run omn batch --list alone");
    }
    return { kind: "list" };
  }
  if (flags.rm !== undefined) {
    if (flags.job !== undefined || flags.export || runFlags) {
      throw new UsageError("--rm NAME takes no other job, file or mode: run omn batch --rm NAME");
    }
    return { kind: "remove", name: flags.rm };
  }
  if (flags.job === undefined) {
    throw new UsageError(
      "No job name: pass --job NAME (its results are journaled under it), e.g. omn batch --job reviews < prompts.jsonl",
    );
  }
  if (flags.export) {
    if (runFlags) {
      throw new UsageError(
        "--export prints a journal and takes no file, --resume, --retry-failed or --ordered",
      );
    }
    return { kind: "export", job: flags.job };
  }
  return { kind: "run", job: flags.job };
}
