/**
 * The one file lock of omn (config store, audit log, rate limits): an
 * exclusive `flock` on a lock file of the config directory, waited for a
 * bounded time, with the holder's process id written in the file.
 *
 * The OS releases a `flock` when its process ends, so a crash never leaves
 * a stale lock. A live process that hangs while holding it is the one case
 * left: omn then waits at most {@linkcode DEFAULT_LOCK_WAIT_MS}, and stops
 * with exit 3 naming the lock file and its holder's process id.
 *
 * @module
 */
import { RefusalError } from "../core/errors.ts";
import { openPrivateFile } from "./open_private_file.ts";

/** How long omn waits for a lock held by another process: 10 s. */
export const DEFAULT_LOCK_WAIT_MS = 10_000;

/** How often the lock is tried again while another process holds it. */
const POLL_MS = 50;

/** Options of {@linkcode withFileLock}. */
export interface FileLockOptions {
  /** What the lock protects, for messages ("config", "audit log"). */
  label: string;
  /** How long to wait for another holder; default {@linkcode DEFAULT_LOCK_WAIT_MS}. */
  waitMs?: number;
  /** The clock in ms; injectable for tests. */
  now?: () => number;
  /** Waits `ms`; injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Told once, when the lock is found held by another process, before the
   * wait: the holder's pid when known (to print "waiting for …").
   */
  onWait?: (holder: number | undefined, waitMs: number) => void;
  /** The user's id for the owner check of the lock file (see `openPrivateFile`). */
  uid?: number | null;
  /** What to do when the wait runs out; "wait for it to finish, or end it … if it hangs" by default. */
  fix?: string;
}

/**
 * Runs `work` holding the exclusive lock on `path` (created 0600 when
 * missing, opened like every file of the config directory: never through a
 * link, never another user's file). Where the file system cannot lock
 * (some network mounts), `work` runs unlocked.
 *
 * @example
 * ```ts
 * import { withFileLock } from "./with_file_lock.ts";
 * const dir = await Deno.makeTempDir();
 * await withFileLock(`${dir}/config.lock`, async () => {}, { label: "config" });
 * ```
 *
 * @throws {RefusalError} when another process holds the lock longer than the wait.
 */
export async function withFileLock<T>(
  path: string,
  work: () => Promise<T>,
  options: FileLockOptions,
): Promise<T> {
  const opened = await openPrivateFile(path, {
    access: "readWrite",
    create: true,
    label: `${options.label} lock`,
    readable: "narrow",
    ...(options.uid === undefined ? {} : { uid: options.uid }),
  });
  const file = opened!.file;
  try {
    const locked = await acquireFileLock(file, path, options);
    try {
      if (locked) await writeHolder(file);
      return await work();
    } finally {
      if (locked) {
        await file.truncate(0).catch(() => {});
        await file.unlock().catch(() => {});
      }
    }
  } finally {
    file.close();
  }
}

/**
 * Takes the exclusive lock on an open `file` within the wait (polling, on
 * the injected clock); `false` when the file system has no locks.
 *
 * @throws {RefusalError} when another holder keeps it longer than the wait.
 */
export async function acquireFileLock(
  file: Deno.FsFile,
  path: string,
  options: Omit<FileLockOptions, "uid">,
): Promise<boolean> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ??
    ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const waitMs = Math.max(0, options.waitMs ?? DEFAULT_LOCK_WAIT_MS);
  const deadline = now() + waitMs;
  let told = false;
  while (true) {
    try {
      if (await file.tryLock(true)) return true;
    } catch (error) {
      if (isLockUnsupported(error)) return false;
      throw error;
    }
    if (!told && waitMs > 0) {
      told = true;
      options.onWait?.(await readHolder(file), waitMs);
    }
    const left = deadline - now();
    if (left <= 0) break;
    await sleep(Math.min(POLL_MS, left));
  }
  const holder = await readHolder(file);
  throw new RefusalError(
    `Cannot take the ${options.label} lock "${path}": ${
      holder === undefined ? "another process" : `process ${holder}`
    } has held it for more than ${formatWait(waitMs)}: ${
      options.fix ??
        `wait for it to finish, or end it${
          holder === undefined ? "" : ` (kill ${holder})`
        } if it hangs`
    }`,
  );
}

/** Writes this process's id in the lock file, for whoever waits next. */
async function writeHolder(file: Deno.FsFile): Promise<void> {
  const bytes = new TextEncoder().encode(`${Deno.pid}\n`);
  await file.truncate(0);
  await file.seek(0, Deno.SeekMode.Start);
  let written = 0;
  while (written < bytes.length) written += await file.write(bytes.subarray(written));
}

/** The holder's process id as it wrote it, if the file holds one. */
async function readHolder(file: Deno.FsFile): Promise<number | undefined> {
  try {
    await file.seek(0, Deno.SeekMode.Start);
    const buffer = new Uint8Array(32);
    const count = await file.read(buffer);
    if (count === null) return undefined;
    const text = new TextDecoder().decode(buffer.subarray(0, count)).trim();
    return /^\d{1,10}$/.test(text) ? Number(text) : undefined;
  } catch {
    return undefined;
  }
}

/** What to tell the user while waiting for a lock another process holds. */
export function waitingMessage(
  label: string,
  holder: number | undefined,
  waitMs: number,
): string {
  return `Waiting for the ${label} lock held by ${
    holder === undefined ? "another process" : `process ${holder}`
  } (at most ${formatWait(waitMs)})`;
}

function formatWait(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Whether a lock call failed because the file system has no locks. */
export function isLockUnsupported(error: unknown): boolean {
  if (error instanceof Deno.errors.NotSupported) return true;
  return error instanceof Error && /not supported|no locks available/i.test(error.message);
}
