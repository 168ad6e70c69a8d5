/**
 * A job's journal, `jobs/<name>.jsonl` in the config directory: every result
 * of the job, one redacted JSON object a line, appended as it comes.
 *
 * Durability: the file is opened with `append` and each line is written
 * whole with one `write` call, so a process killed at any instant (Ctrl-C,
 * `kill -9`, a crash) leaves only complete lines, and `--resume` finds
 * exactly the items that finished. (After a power loss the last line may be
 * cut; a cut line is skipped when the journal is read, and a line break is
 * added before the next result.) The file is created 0600 in a 0700
 * directory whatever the umask, and a run holds an exclusive lock on it, so
 * two runs of one job cannot interleave.
 *
 * @module
 */
import { ensurePrivateDir } from "../config/ensure_private_dir.ts";
import { checkPrivatePath, currentUid } from "../config/file_security.ts";
import { openPrivateFile } from "../config/open_private_file.ts";
import { appendLineSync } from "../config/open_private_append.ts";
import { isLockUnsupported } from "../config/with_file_lock.ts";
import { UsageError } from "../core/errors.ts";
import type { JobPaths } from "./job_paths.ts";
import { readLines } from "./read_lines.ts";
import type { BatchId } from "./result_line.ts";

/** One line of a journal, as read back. */
export type JournalEntry =
  | {
    kind: "result";
    id: BatchId;
    failed: boolean;
    /** Not run: stopped by `--max-cost` (`error.error_type` `budget_exceeded`); `--resume` runs it. */
    notRun?: boolean;
    line: string;
    lineNumber: number;
  }
  | { kind: "unreadable"; lineNumber: number };

/** Checks the config directory, creating it and `jobs/` (0700) if needed, and the journal's path. */
export async function prepareJobsDir(configDir: string, paths: JobPaths): Promise<void> {
  await ensurePrivateDir(configDir);
  const uid = await currentUid(configDir);
  await checkPrivatePath(configDir, { kind: "directory", uid });
  await ensurePrivateDir(paths.dir);
  await checkPrivatePath(paths.dir, { kind: "directory", uid, label: "jobs directory" });
  await checkPrivatePath(paths.journal, { kind: "file", uid, label: "job journal" });
}

/** A journal open for one run of its job. */
export class JobJournal {
  /** The journal file. */
  readonly path: string;
  readonly #file: Deno.FsFile;
  readonly #created: boolean;
  #appended = 0;

  private constructor(path: string, file: Deno.FsFile, created: boolean) {
    this.path = path;
    this.#file = file;
    this.#created = created;
  }

  /**
   * Opens (creating it 0600) the journal of a job for appending, and locks
   * it for the run.
   *
   * @throws {UsageError} when another `omn` process is running the job.
   */
  static async open(configDir: string, paths: JobPaths, name: string): Promise<JobJournal> {
    await prepareJobsDir(configDir, paths);
    const opened = (await openPrivateFile(paths.journal, {
      access: "readAppend",
      create: true,
      label: "job journal",
    }))!;
    const file = opened.file;
    const created = opened.created;
    try {
      if (!tryLock(file)) {
        throw new UsageError(
          `Job "${name}" is running in another omn process: wait for it to end, or stop it`,
        );
      }
      endWithLineBreak(file);
    } catch (error) {
      closeUnlocked(file);
      throw error;
    }
    return new JobJournal(paths.journal, file, created);
  }

  /**
   * Appends one line (which must end in `\n`) with a single write. The write
   * is synchronous: a line to a local file takes microseconds, and an
   * asynchronous write costs about 15 times as much CPU (a hop to a worker
   * thread and back) for each of a batch's items.
   */
  append(line: string): Promise<void> {
    this.#appended++;
    try {
      appendLineSync(this.#file, line);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Flushes the journal to disk and closes it (which releases the lock). A
   * journal this run created and wrote nothing to is removed, so a run
   * refused before its first item leaves no empty job behind.
   *
   * The flush is synchronous: an asynchronous one runs on a worker thread
   * that may still hold the file for a moment after it has answered, so the
   * lock could outlive `close()` and refuse the next run of the job in the
   * same process (seen in the suite on a busy machine). For the same reason
   * the lock is released before the file is closed ({@linkcode closeUnlocked}).
   */
  async close(): Promise<void> {
    try {
      if (this.#created && this.#appended === 0) await Deno.remove(this.path).catch(() => {});
      else this.#file.syncDataSync();
    } finally {
      closeUnlocked(this.#file);
    }
  }
}

/** Takes the run's exclusive lock without waiting; `true` where locks are unsupported. */
function tryLock(file: Deno.FsFile): boolean {
  try {
    // In this thread, as the flush in `close()`: no worker thread holds the file afterwards.
    return file.tryLockSync(true);
  } catch (error) {
    if (isLockUnsupported(error)) return true;
    throw error;
  }
}

/** Whether another process holds a job's lock (it is running). */
export async function isJobRunning(path: string): Promise<boolean> {
  const opened = await openPrivateFile(path, { access: "read", label: "job journal" });
  if (opened === undefined) return false;
  const file = opened.file;
  try {
    let locked: boolean;
    try {
      locked = file.tryLockSync(false);
    } catch {
      locked = true;
    }
    return !locked;
  } finally {
    closeUnlocked(file);
  }
}

/**
 * Releases the lock on `file`, then closes it. Closing alone frees the lock
 * only when no other copy of the file is open: a child process that another
 * thread starts holds a copy of every open file from its start to its
 * `exec`, and the lock with it, so the job would look running (and refuse
 * its next run) for that moment. An unlock frees it whatever copies exist.
 * Where locks are unsupported there is nothing to release.
 */
function closeUnlocked(file: Deno.FsFile): void {
  try {
    file.unlockSync();
  } catch {
    // Not locked, or locks unsupported here: closing is all there is to do.
  } finally {
    file.close();
  }
}

/**
 * Adds a line break after a last line cut short (a power loss), so the next
 * line stands alone. In this thread, as the lock and the flush: an
 * asynchronous call runs on a worker thread, which may hold the file a
 * moment after it answered, and so keep the lock past `close()`.
 */
function endWithLineBreak(file: Deno.FsFile): void {
  const { size } = file.statSync();
  if (size === 0) return;
  file.seekSync(size - 1, Deno.SeekMode.Start);
  const last = new Uint8Array(1);
  file.readSync(last);
  if (last[0] !== 0x0a) file.writeSync(new Uint8Array([0x0a]));
}

/**
 * Every line of a journal, in order: results with their id and whether they
 * failed, and the line numbers of lines that are not a result (a line cut
 * by a power loss). A missing journal has no lines.
 */
export async function* readJournal(path: string): AsyncGenerator<JournalEntry> {
  const opened = await openPrivateFile(path, { access: "read", label: "job journal" });
  if (opened === undefined) return;
  const file = opened.file;
  let lineNumber = 0;
  for await (const line of readLines(file.readable)) {
    lineNumber++;
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      yield { kind: "unreadable", lineNumber };
      continue;
    }
    const record = typeof value === "object" && value !== null
      ? value as Record<string, unknown>
      : {};
    const id = record.id;
    if (typeof id !== "string" && typeof id !== "number") {
      yield { kind: "unreadable", lineNumber };
      continue;
    }
    const error = record.error as { error_type?: unknown } | undefined;
    const notRun = typeof error === "object" && error !== null &&
      error.error_type === "budget_exceeded";
    yield {
      kind: "result",
      id,
      failed: "error" in record,
      ...(notRun ? { notRun } : {}),
      line,
      lineNumber,
    };
  }
}
