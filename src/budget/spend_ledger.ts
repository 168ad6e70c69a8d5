/**
 * The spend ledger, `spend.jsonl` in the config directory (0600): the truth
 * the daily and monthly caps of `budgets` are checked against, shared by
 * every `omn` process of the user. A check reads it and appends its
 * reservation under an exclusive lock on the file, so two processes cannot
 * both spend the last of a cap: together they overspend by at most one
 * request's estimate error, never by a whole request.
 *
 * @module
 */
import { join } from "node:path";
import { appendLineSync, openPrivateAppend } from "../config/open_private_append.ts";
import { isLockUnsupported } from "../config/with_file_lock.ts";
import type { SpendLine } from "./period_spend.ts";
import { parseSpendLines } from "./period_spend.ts";

/** The ledger's file name in the config directory. */
export const SPEND_LEDGER_FILE = "spend.jsonl";

/** The ledger's path in a config directory. */
export function spendLedgerPath(dir: string): string {
  return join(dir, SPEND_LEDGER_FILE);
}

/**
 * Runs `work` with the ledger's lines under its exclusive lock; the lines
 * `work` returns are appended before the lock is released.
 */
export async function withSpendLedger(
  dir: string,
  work: (lines: SpendLine[]) => SpendLine[] | Promise<SpendLine[]>,
): Promise<void> {
  const path = spendLedgerPath(dir);
  using file = await openPrivateAppend(path);
  await lockOrProceed(file);
  try {
    const lines = parseSpendLines(await Deno.readTextFile(path));
    for (const line of await work(lines)) appendLineSync(file, JSON.stringify(line));
  } finally {
    await file.unlock().catch(() => {});
  }
}

/** Takes the exclusive lock; file systems without locks (some network mounts) go without. */
async function lockOrProceed(file: Deno.FsFile): Promise<void> {
  try {
    await file.lock(true);
  } catch (error) {
    if (!isLockUnsupported(error)) throw error;
  }
}
