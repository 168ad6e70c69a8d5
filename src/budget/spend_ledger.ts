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
import { acquireFileLock, type FileLockOptions } from "../config/with_file_lock.ts";
import { readPrivateFile } from "../config/open_private_file.ts";
import type { SpendLine } from "./period_spend.ts";
import { parseSpendLines } from "./period_spend.ts";

/** The ledger's file name in the config directory. */
export const SPEND_LEDGER_FILE = "spend.jsonl";

/** The ledger's path in a config directory. */
export function spendLedgerPath(dir: string): string {
  return join(dir, SPEND_LEDGER_FILE);
}

/** How long to wait for the ledger's lock, on which clock; every lock's defaults (10 s) otherwise. */
export type SpendLedgerLockOptions = Pick<
  FileLockOptions,
  "waitMs" | "now" | "sleep" | "onWait"
>;

/**
 * What to do when another holder keeps the ledger locked: the lock is the
 * OS's on the ledger itself (freed when its holder exits), so there is no
 * lock file to remove, and the ledger must stay.
 */
const LEDGER_LOCK_FIX =
  "wait for the other omn to finish, or end it if it hangs; if no other omn runs, the holder is " +
  "another program that opened the ledger: end it (never delete the ledger: it holds what the caps count)";

/**
 * Runs `work` with the ledger's lines under its exclusive lock; the lines
 * `work` returns are appended before the lock is released. The lock is
 * waited for at most `lock.waitMs` (10 s), then a `RefusalError` (exit 3)
 * names the ledger and the fix.
 */
export async function withSpendLedger(
  dir: string,
  work: (lines: SpendLine[]) => SpendLine[] | Promise<SpendLine[]>,
  lock: SpendLedgerLockOptions = {},
): Promise<void> {
  const path = spendLedgerPath(dir);
  using file = await openPrivateAppend(path);
  // File systems without locks (some network mounts) go without.
  await acquireFileLock(file, path, { ...lock, label: "spend ledger", fix: LEDGER_LOCK_FIX });
  try {
    const lines = parseSpendLines(await readLedger(path));
    for (const line of await work(lines)) appendLineSync(file, JSON.stringify(line));
  } finally {
    await file.unlock().catch(() => {});
  }
}

/**
 * The ledger's text (empty when there is none), read like every file of the
 * config directory: never through a link, a FIFO or another user's file.
 */
export async function readLedger(path: string): Promise<string> {
  const read = await readPrivateFile(path, { label: "spend ledger" });
  return read === undefined ? "" : new TextDecoder().decode(read.bytes);
}
