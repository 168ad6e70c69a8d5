/**
 * The backups of `config.json` in `backups/`: making one (and dropping the
 * oldest beyond the limit), listing them, loading one for a restore, and
 * rewriting them all (to purge a key). The config store (`store.ts`) calls
 * these under its lock; nothing here locks.
 *
 * Every backup is written atomically ({@linkcode writeFileAtomic}) at mode
 * 0600 in a 0700 directory, whatever the umask; the directory and each
 * backup are checked ({@linkcode checkPrivatePath}) before they are trusted,
 * and read with `readPrivateFile`: never through a link.
 *
 * @module
 */
import { join } from "node:path";
import { RefusalError, UsageError } from "../core/errors.ts";
import { randomHex } from "./_random_hex.ts";
import { ensurePrivateDir } from "./ensure_private_dir.ts";
import { checkPrivatePath } from "./file_security.ts";
import { writeFileAtomic } from "./write_file_atomic.ts";
import { readPrivateFile } from "./open_private_file.ts";
import { loadConfig } from "./load_config.ts";
import type { Config } from "./schema.ts";
import { decodeConfigText, serializeConfig, validateForSave } from "./config_text.ts";

/** How many backups are kept unless told otherwise. */
export const DEFAULT_MAX_BACKUPS = 10;

/** Mode of every backup file. */
const FILE_MODE = 0o600;

/**
 * Names of backup files: `config-20250102T030405.678Z-9abcdef0.json`, a UTC
 * time (so names sort by age) and 4 random bytes (so two backups made in
 * the same millisecond never collide).
 */
export const BACKUP_NAME_PATTERN: RegExp = /^config-(\d{8}T\d{6}\.\d{3}Z)-([0-9a-f]{8})\.json$/;

/** One backup of `config.json`. */
export interface BackupInfo {
  /** File name, the handle for `ConfigStore.restoreBackup`. */
  name: string;
  /** Full path. */
  path: string;
  /** When the backup was made (from its name). */
  time: Date;
  /** Size in bytes. */
  size: number;
}

/**
 * Rewrites one backup for {@linkcode ConfigBackups.purge}: returns the
 * config to keep, or `null` to delete the backup.
 */
export type BackupTransform = (config: Config, backup: BackupInfo) => Config | null;

/** Options of {@linkcode ConfigBackups.purge}. */
export interface PurgeFromBackupsOptions {
  /**
   * Delete backups whose content cannot be parsed (a copy of a malformed
   * file kept by a restore or import), since the transform cannot be applied
   * to them; default false, which leaves them and reports them.
   */
  removeUnreadable?: boolean;
}

/** What {@linkcode ConfigBackups.purge} did, by backup name. */
export interface PurgeFromBackupsResult {
  /** Backups rewritten with the transformed config. */
  rewritten: string[];
  /** Backups deleted (the transform returned `null`, or unreadable and `removeUnreadable`). */
  removed: string[];
  /** Backups that could not be parsed and were left as they are. */
  unreadable: string[];
}

/** Options of the {@linkcode ConfigBackups} constructor. */
export interface ConfigBackupsOptions {
  /** The owner the directory and files must have (`currentUid`), asked when needed. */
  uid: () => Promise<number | null>;
  /** The clock that names backups; injectable for tests. */
  now?: () => Date;
  /** How many backups to keep (at least 1); default {@linkcode DEFAULT_MAX_BACKUPS}. */
  maxBackups?: number;
}

/**
 * Refuses a name that is not a backup's name, before anything is read.
 *
 * @throws {UsageError} naming the expected shape and the command that lists the backups.
 */
export function checkBackupName(name: string): void {
  if (!BACKUP_NAME_PATTERN.test(name)) {
    throw new UsageError(
      `Invalid backup name "${name}": expected a name such as ` +
        `"config-20250102T030405.678Z-9abcdef0.json" from "omn config backups list"`,
    );
  }
}

/**
 * The backups in one `backups/` directory.
 *
 * @example
 * ```ts
 * import { ConfigBackups } from "./config_backups.ts";
 * const backups = new ConfigBackups("/home/ada/.omnimancer/backups", {
 *   uid: () => Promise.resolve(null),
 * });
 * const newestFirst = await backups.list();
 * ```
 */
export class ConfigBackups {
  /** The `backups/` directory. */
  readonly dir: string;
  #uid: () => Promise<number | null>;
  #now: () => Date;
  #maxBackups: number;

  constructor(dir: string, options: ConfigBackupsOptions) {
    this.dir = dir;
    this.#uid = options.uid;
    this.#now = options.now ?? (() => new Date());
    this.#maxBackups = Math.max(1, options.maxBackups ?? DEFAULT_MAX_BACKUPS);
  }

  /**
   * Checks the directory: whether it exists, and its warnings.
   *
   * @throws {RefusalError} when it is unsafe.
   */
  async checkDirectory(): Promise<{ exists: boolean; warnings: string[] }> {
    return await checkPrivatePath(this.dir, {
      kind: "directory",
      uid: await this.#uid(),
      label: "backups directory",
    });
  }

  /** The backup files, newest first; files not named like a backup are ignored. */
  async list(): Promise<BackupInfo[]> {
    const backups: BackupInfo[] = [];
    try {
      for await (const entry of Deno.readDir(this.dir)) {
        const match = BACKUP_NAME_PATTERN.exec(entry.name);
        if (!match || !entry.isFile) continue;
        const path = join(this.dir, entry.name);
        let size: number;
        try {
          size = (await Deno.lstat(path)).size;
        } catch (error) {
          if (error instanceof Deno.errors.NotFound) continue;
          throw error;
        }
        backups.push({ name: entry.name, path, time: parseBackupTime(match[1]), size });
      }
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return [];
      throw error;
    }
    return backups.sort((left, right) => right.name.localeCompare(left.name));
  }

  /** Saves `bytes` as a new backup and removes the oldest beyond the limit; returns its name. */
  async save(bytes: Uint8Array): Promise<string> {
    await ensurePrivateDir(this.dir);
    await this.checkDirectory();
    const name = formatBackupName(this.#now(), randomHex(4));
    await writeFileAtomic(join(this.dir, name), bytes, { mode: FILE_MODE });
    const older = (await this.list()).filter((backup) => backup.name !== name);
    for (const backup of older.slice(Math.max(0, this.#maxBackups - 1))) {
      await Deno.remove(backup.path).catch((error) => {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      });
    }
    return name;
  }

  /**
   * The config of the backup `name` (checked by {@linkcode checkBackupName}),
   * after checking the directory and the file.
   *
   * @throws {UsageError} when no such backup exists.
   * @throws {RefusalError} when the backup is unsafe, malformed or invalid.
   */
  async load(name: string): Promise<Config> {
    const path = join(this.dir, name);
    await this.checkDirectory();
    const check = await checkPrivatePath(path, {
      kind: "file",
      uid: await this.#uid(),
      label: "backup",
    });
    if (!check.exists) {
      throw new UsageError(
        `No backup named "${name}" in "${this.dir}": run "omn config backups list"`,
      );
    }
    return await loadConfig(await this.#readText(path), path);
  }

  /**
   * Rewrites every backup with `transform`, atomically and at mode 0600.
   * Backups the transform leaves unchanged are not touched; `null` deletes a
   * backup.
   *
   * @throws {RefusalError} when a backup is unsafe or the transform returns an invalid config.
   */
  async purge(
    transform: BackupTransform,
    options: PurgeFromBackupsOptions = {},
  ): Promise<PurgeFromBackupsResult> {
    const result: PurgeFromBackupsResult = { rewritten: [], removed: [], unreadable: [] };
    await this.checkDirectory();
    for (const backup of await this.list()) {
      let config: Config;
      try {
        config = await loadConfig(await this.#readText(backup.path), backup.path);
      } catch (error) {
        if (!(error instanceof RefusalError)) throw error;
        if (options.removeUnreadable) {
          await Deno.remove(backup.path);
          result.removed.push(backup.name);
        } else {
          result.unreadable.push(backup.name);
        }
        continue;
      }
      const transformed = transform(structuredClone(config), backup);
      if (transformed === null) {
        await Deno.remove(backup.path);
        result.removed.push(backup.name);
        continue;
      }
      const next = await validateForSave(transformed, {
        file: backup.path,
        reason: "purge from backups",
      });
      const text = serializeConfig(next);
      if (text === serializeConfig(config)) continue;
      await writeFileAtomic(backup.path, text, { mode: FILE_MODE });
      result.rewritten.push(backup.name);
    }
    return result;
  }

  async #readText(path: string): Promise<string> {
    const read = await readPrivateFile(path, { uid: await this.#uid(), label: "backup" });
    if (read === undefined) throw new Deno.errors.NotFound(`No such file "${path}"`);
    return decodeConfigText(read.bytes, path);
  }
}

/** `config-<UTC time>-<suffix>.json` for a time. */
function formatBackupName(time: Date, suffix: string): string {
  return `config-${time.toISOString().replace(/[-:]/g, "")}-${suffix}.json`;
}

function parseBackupTime(stamp: string): Date {
  const [, year, month, day, hour, minute, second, millisecond] =
    /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z$/.exec(stamp)!.map(Number);
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millisecond));
}
