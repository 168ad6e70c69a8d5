/**
 * Where each item of a job stands: a journal may hold several results for
 * one id (a failure, then the success of `--retry-failed`), and the last one
 * counts.
 *
 * @module
 */
import { readJournal } from "./job_journal.ts";
import { idKey } from "./result_line.ts";

/** What the journal at `path` says of each id. */
export interface LatestOutcomes {
  /** Whether each id's last result is a failure, by `idKey`, in order of first result. */
  failed: Map<string, boolean>;
  /** The line number of each id's last result, by `idKey`. */
  lastLine: Map<string, number>;
  /** Lines that are not a result (cut short by a crash). */
  unreadable: number;
}

/** Reads the journal at `path` (none when it is missing) into each id's last outcome. */
export async function latestOutcomes(path: string): Promise<LatestOutcomes> {
  const failed = new Map<string, boolean>();
  const lastLine = new Map<string, number>();
  let unreadable = 0;
  for await (const entry of readJournal(path)) {
    if (entry.kind !== "result") {
      unreadable++;
      continue;
    }
    const key = idKey(entry.id);
    if (entry.notRun) {
      // Stopped by --max-cost before it ran: as if it had no result, so --resume runs it.
      failed.delete(key);
      lastLine.delete(key);
      continue;
    }
    failed.set(key, entry.failed);
    lastLine.set(key, entry.lineNumber);
  }
  return { failed, lastLine, unreadable };
}
