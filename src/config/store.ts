/**
 * The config store: reading `config.json`, changing it safely under a lock,
 * and keeping backups of every earlier version.
 *
 * A class rather than loose functions, because every operation shares the
 * same paths, clock and cached user id; it holds no config in memory, so a
 * store can be kept for the whole run and always sees the file as it is.
 *
 * Guarantees:
 *
 * - every change takes an exclusive `flock` on `config.lock` (released by the
 *   OS when a process dies, so a crash never leaves a stale lock; a hung
 *   holder is waited for at most 10 s, then named, `with_file_lock.ts`) and
 *   re-reads the file under it, so concurrent processes never lose updates;
 * - a malformed or invalid `config.json` is never written over by
 *   {@linkcode ConfigStore.update}; only a restore or an import replaces it,
 *   and both keep its bytes in a backup first;
 * - before `config.json` changes, its current bytes are copied to
 *   `backups/config-<UTC time>-<random>.json`; at most 10 are kept;
 * - every write is atomic ({@linkcode writeFileAtomic}) and every file is
 *   0600 and every directory 0700, whatever the umask;
 * - the directory, the file and the backups are checked
 *   ({@linkcode checkPrivatePath}) before they are trusted, and read with
 *   `readPrivateFile`: never through a link, always the file checked.
 *
 * @module
 */
import { join } from "node:path";
import { RefusalError, UsageError } from "../core/errors.ts";
import { randomHex } from "./_random_hex.ts";
import { ensurePrivateDir } from "./ensure_private_dir.ts";
import { checkPrivatePath, currentUid } from "./file_security.ts";
import { writeFileAtomic } from "./write_file_atomic.ts";
import { readPrivateFile } from "./open_private_file.ts";
import { type FileLockOptions, withFileLock } from "./with_file_lock.ts";
import { CONFIG_FIX_HINT } from "./read_config_json.ts";
import { loadConfig } from "./load_config.ts";
import type { ConfigPaths } from "./paths.ts";
import type { Config } from "./schema.ts";
import { emptyConfig } from "./config_constants.ts";
import { stripSecrets } from "./mask_config.ts";

/** How many backups are kept unless told otherwise. */
export const DEFAULT_MAX_BACKUPS = 10;

/** Mode of every file the store writes. */
const FILE_MODE = 0o600;

/**
 * Names of backup files: `config-20250102T030405.678Z-9abcdef0.json`, a UTC
 * time (so names sort by age) and 4 random bytes (so two backups made in
 * the same millisecond never collide).
 */
export const BACKUP_NAME_PATTERN: RegExp = /^config-(\d{8}T\d{6}\.\d{3}Z)-([0-9a-f]{8})\.json$/;

/** A change the store made, as told to {@linkcode ConfigStoreOptions.onChange}. */
export interface ConfigChange {
  /** What changed the config. */
  operation: "update" | "restore" | "import" | "purge";
  /** Why, as given by the caller (or derived for restore and import). */
  reason: string;
  /** The backup made of the previous `config.json`, if there was one. */
  backup?: string;
}

/** Options of the {@linkcode ConfigStore} constructor. */
export interface ConfigStoreOptions {
  /** The clock that names backups; injectable for tests. */
  now?: () => Date;
  /** How many backups to keep; default {@linkcode DEFAULT_MAX_BACKUPS}. */
  maxBackups?: number;
  /** Told of every change written, e.g. to append to an audit log. */
  onChange?: (change: ConfigChange) => void | Promise<void>;
  /** How long to wait for `config.lock` and the clock of that wait; injectable for tests. */
  lock?: Pick<FileLockOptions, "waitMs" | "now" | "sleep" | "onWait">;
}

/** The result of {@linkcode ConfigStore.read}. */
export interface ConfigReadResult {
  /** The config; the empty config when the file does not exist. */
  config: Config;
  /** Whether `config.json` exists. */
  exists: boolean;
  /** Problems worth telling the user (e.g. a file other users can read), each with its fix. */
  warnings: string[];
}

/** Options of {@linkcode ConfigStore.update}. */
export interface UpdateOptions {
  /** Why the config changes (`set settings.color`), for messages and {@linkcode ConfigStoreOptions.onChange}. */
  reason: string;
}

/** One backup of `config.json`. */
export interface BackupInfo {
  /** File name, the handle for {@linkcode ConfigStore.restoreBackup}. */
  name: string;
  /** Full path. */
  path: string;
  /** When the backup was made (from its name). */
  time: Date;
  /** Size in bytes. */
  size: number;
}

/** Options of {@linkcode ConfigStore.exportConfig}. */
export interface ExportConfigOptions {
  /** Keep secret fields in the export; default false. */
  includeSecrets?: boolean;
}

/**
 * Rewrites one backup for {@linkcode ConfigStore.purgeFromBackups}: returns
 * the config to keep, or `null` to delete the backup.
 */
export type BackupTransform = (config: Config, backup: BackupInfo) => Config | null;

/** Options of {@linkcode ConfigStore.purgeFromBackups}. */
export interface PurgeFromBackupsOptions {
  /**
   * Delete backups whose content cannot be parsed (a copy of a malformed
   * file kept by a restore or import), since the transform cannot be applied
   * to them; default false, which leaves them and reports them.
   */
  removeUnreadable?: boolean;
}

/** What {@linkcode ConfigStore.purgeFromBackups} did, by backup name. */
export interface PurgeFromBackupsResult {
  /** Backups rewritten with the transformed config. */
  rewritten: string[];
  /** Backups deleted (the transform returned `null`, or unreadable and `removeUnreadable`). */
  removed: string[];
  /** Backups that could not be parsed and were left as they are. */
  unreadable: string[];
}

/** What is on disk now, as loaded under the lock. */
interface LoadedFile {
  config: Config;
  exists: boolean;
  bytes?: Uint8Array;
  warnings: string[];
}

/**
 * Reads and changes the config in a {@linkcode ConfigPaths} directory.
 *
 * @example
 * ```ts
 * import { ConfigStore } from "./store.ts";
 * import { configPaths } from "./paths.ts";
 * import { setConfigValue } from "./schema.ts";
 *
 * const store = new ConfigStore(configPaths((name) => Deno.env.get(name)));
 * await store.update((config) => setConfigValue(config, "settings.color", "false"), {
 *   reason: "set settings.color",
 * });
 * const { config, warnings } = await store.read();
 * ```
 */
export class ConfigStore {
  /** The paths this store works on. */
  readonly paths: ConfigPaths;
  #now: () => Date;
  #maxBackups: number;
  #onChange?: (change: ConfigChange) => void | Promise<void>;
  #uid: number | null | undefined;
  #lock: Pick<FileLockOptions, "waitMs" | "now" | "sleep" | "onWait">;

  constructor(paths: ConfigPaths, options: ConfigStoreOptions = {}) {
    this.#lock = options.lock ?? {};
    this.paths = paths;
    this.#now = options.now ?? (() => new Date());
    this.#maxBackups = Math.max(1, options.maxBackups ?? DEFAULT_MAX_BACKUPS);
    this.#onChange = options.onChange;
  }

  /**
   * Reads the config after checking the directory and the file. A missing
   * directory or file gives the empty config with `exists: false`; nothing
   * is created.
   *
   * @throws {RefusalError} when the directory or file is unsafe, or the file
   * is malformed or invalid.
   */
  async read(): Promise<ConfigReadResult> {
    const directory = await this.#checkDirectory();
    if (!directory.exists) return { config: emptyConfig(), exists: false, warnings: [] };
    const loaded = await this.#loadFile();
    return {
      config: loaded.config,
      exists: loaded.exists,
      warnings: [...directory.warnings, ...loaded.warnings],
    };
  }

  /**
   * Changes the config: under the lock, reads the current file, passes a
   * copy of it to `mutate`, validates the result, backs up the current file
   * and writes the result atomically. When the file exists and the result
   * equals it, nothing is written and no backup made; a missing file is
   * always written (so `update((config) => config)` creates it).
   *
   * @returns the config as written.
   * @throws {RefusalError} when the current file is unsafe, malformed or
   * invalid (it is left as it is), or `mutate` returns an invalid config.
   */
  async update(
    mutate: (config: Config) => Config | Promise<Config>,
    options: UpdateOptions,
  ): Promise<Config> {
    return await this.#locked(async () => {
      const current = await this.#loadFile();
      const next = await validateForSave(await mutate(structuredClone(current.config)), {
        file: this.paths.file,
        reason: options.reason,
      });
      if (current.exists && serializeConfig(next) === serializeConfig(current.config)) {
        return next;
      }
      await this.#replaceFile(next, current, { operation: "update", reason: options.reason });
      return next;
    });
  }

  /** The backups, newest first. Files in `backups/` not named like a backup are ignored. */
  async listBackups(): Promise<BackupInfo[]> {
    const directory = await this.#checkDirectory();
    if (!directory.exists) return [];
    if (!(await this.#checkBackupsDirectory()).exists) return [];
    return await this.#listBackupFiles();
  }

  /**
   * Makes a backup the current config: validates the backup, then, under
   * the lock, backs up the current file (even a malformed one, since a
   * restore is how a broken config is fixed) and writes the backup's config
   * atomically.
   *
   * @returns the restored config.
   * @throws {UsageError} when `name` is not a backup name or no such backup exists.
   * @throws {RefusalError} when the backup is unsafe, malformed or invalid.
   */
  async restoreBackup(name: string): Promise<Config> {
    if (!BACKUP_NAME_PATTERN.test(name)) {
      throw new UsageError(
        `Invalid backup name "${name}": expected a name such as ` +
          `"config-20250102T030405.678Z-9abcdef0.json" from "omn config backups list"`,
      );
    }
    const path = join(this.paths.backups, name);
    return await this.#locked(async () => {
      await this.#checkBackupsDirectory();
      const check = await checkPrivatePath(path, {
        kind: "file",
        uid: await this.#currentUid(),
        label: "backup",
      });
      if (!check.exists) {
        throw new UsageError(
          `No backup named "${name}" in "${this.paths.backups}": run "omn config backups list"`,
        );
      }
      const config = await loadConfig(await readText(path, await this.#currentUid()), path);
      const current = await this.#loadFile({ allowMalformed: true });
      await this.#replaceFile(config, current, {
        operation: "restore",
        reason: `restore backup ${name}`,
      });
      return config;
    });
  }

  /**
   * Rewrites every backup with `transform`, atomically and at mode 0600,
   * e.g. to remove a rotated or deleted key from all of them. Backups the
   * transform leaves unchanged are not touched; `null` deletes a backup.
   *
   * @example
   * ```ts
   * import { ConfigStore } from "./store.ts";
   * import { unsetConfigValue } from "./schema.ts";
   * declare const store: ConfigStore;
   * await store.purgeFromBackups((config) =>
   *   config.providers?.openai ? unsetConfigValue(config, "providers.openai.api_key") : config
   * );
   * ```
   *
   * @throws {RefusalError} when a backup is unsafe or the transform returns an invalid config.
   */
  async purgeFromBackups(
    transform: BackupTransform,
    options: PurgeFromBackupsOptions = {},
  ): Promise<PurgeFromBackupsResult> {
    const result: PurgeFromBackupsResult = { rewritten: [], removed: [], unreadable: [] };
    const directory = await this.#checkDirectory();
    if (!directory.exists) return result;
    await this.#locked(async () => {
      await this.#checkBackupsDirectory();
      for (const backup of await this.#listBackupFiles()) {
        let config: Config;
        try {
          config = await loadConfig(
            await readText(backup.path, await this.#currentUid()),
            backup.path,
          );
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
      if (result.rewritten.length > 0 || result.removed.length > 0) {
        await this.#onChange?.({ operation: "purge", reason: "purge from backups" });
      }
    });
    return result;
  }

  /**
   * The config as JSON text, without secret fields unless `includeSecrets`.
   * A missing file exports the empty config.
   *
   * @throws {RefusalError} as {@linkcode ConfigStore.read} does.
   */
  async exportConfig(options: ExportConfigOptions = {}): Promise<string> {
    const { config } = await this.read();
    return serializeConfig(options.includeSecrets ? config : stripSecrets(config));
  }

  /**
   * Replaces the config with the JSON `text` (from `sourceName`, named in
   * errors): validates it first, then, under the lock, backs up the current
   * file (even a malformed one) and writes atomically.
   *
   * @returns the imported config.
   * @throws {RefusalError} when `text` is malformed or invalid; nothing changes then.
   */
  async importConfig(text: string, sourceName: string): Promise<Config> {
    const config = await loadConfig(text, sourceName);
    return await this.#locked(async () => {
      const current = await this.#loadFile({ allowMalformed: true });
      await this.#replaceFile(config, current, {
        operation: "import",
        reason: `import ${sourceName}`,
      });
      return config;
    });
  }

  /** The current uid, cached once known (see {@linkcode currentUid}). */
  async #currentUid(): Promise<number | null> {
    if (this.#uid === undefined || this.#uid === null) {
      this.#uid = await currentUid(this.paths.dir);
    }
    return this.#uid;
  }

  async #checkDirectory(): Promise<{ exists: boolean; warnings: string[] }> {
    const uid = await this.#currentUid();
    const check = await checkPrivatePath(this.paths.dir, { kind: "directory", uid });
    if (check.exists && uid === null && Deno.build.os !== "windows") {
      check.warnings.push(
        `Cannot check who owns the config directory "${this.paths.dir}": ` +
          `omn cannot create a file in it: run ls -ld "${this.paths.dir}" to check its owner`,
      );
    }
    return check;
  }

  async #checkBackupsDirectory(): Promise<{ exists: boolean; warnings: string[] }> {
    return await checkPrivatePath(this.paths.backups, {
      kind: "directory",
      uid: await this.#currentUid(),
      label: "backups directory",
    });
  }

  /**
   * Runs `work` holding the exclusive lock, after creating and checking the
   * directory. The lock is `flock` on `config.lock`, which the OS releases
   * when the process ends. Where the file system cannot lock, the work runs
   * unlocked: each write is still atomic, only concurrent changes could
   * overwrite each other.
   */
  async #locked<T>(work: () => Promise<T>): Promise<T> {
    await ensurePrivateDir(this.paths.dir);
    await this.#checkDirectory();
    return await withFileLock(this.paths.lock, work, {
      ...this.#lock,
      label: "config",
      uid: await this.#currentUid(),
    });
  }

  /** Loads `config.json` after checking it. */
  async #loadFile(options: { allowMalformed?: boolean } = {}): Promise<LoadedFile> {
    const check = await checkPrivatePath(this.paths.file, {
      kind: "file",
      uid: await this.#currentUid(),
    });
    const missing = { config: emptyConfig(), exists: false, warnings: check.warnings };
    if (!check.exists) return missing;
    const read = await readPrivateFile(this.paths.file, {
      uid: await this.#currentUid(),
      label: "config file",
    });
    if (read === undefined) return missing;
    const bytes = read.bytes;
    try {
      const config = await loadConfig(decodeText(bytes, this.paths.file), this.paths.file);
      return { config, exists: true, bytes, warnings: check.warnings };
    } catch (error) {
      if (!options.allowMalformed || !(error instanceof RefusalError)) throw error;
      return { config: emptyConfig(), exists: true, bytes, warnings: check.warnings };
    }
  }

  /** Backs up what is on disk, writes `config`, reports the change. Call under the lock. */
  async #replaceFile(
    config: Config,
    current: LoadedFile,
    change: Omit<ConfigChange, "backup">,
  ): Promise<void> {
    const backup = current.bytes === undefined ? undefined : await this.#backup(current.bytes);
    await writeFileAtomic(this.paths.file, serializeConfig(config), { mode: FILE_MODE });
    await this.#onChange?.({ ...change, ...(backup === undefined ? {} : { backup }) });
  }

  /** Saves `bytes` as a new backup and removes the oldest beyond the limit. */
  async #backup(bytes: Uint8Array): Promise<string> {
    await ensurePrivateDir(this.paths.backups);
    await this.#checkBackupsDirectory();
    const name = formatBackupName(this.#now(), randomHex(4));
    await writeFileAtomic(join(this.paths.backups, name), bytes, { mode: FILE_MODE });
    const older = (await this.#listBackupFiles()).filter((backup) => backup.name !== name);
    for (const backup of older.slice(Math.max(0, this.#maxBackups - 1))) {
      await Deno.remove(backup.path).catch((error) => {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      });
    }
    return name;
  }

  /** The backup files, newest first. */
  async #listBackupFiles(): Promise<BackupInfo[]> {
    const backups: BackupInfo[] = [];
    try {
      for await (const entry of Deno.readDir(this.paths.backups)) {
        const match = BACKUP_NAME_PATTERN.exec(entry.name);
        if (!match || !entry.isFile) continue;
        const path = join(this.paths.backups, entry.name);
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

/** The JSON text the store writes for a config. */
function serializeConfig(config: Config): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** `config` checked against the schema (zod is loaded here, for a change only). */
async function validateForSave(
  config: Config,
  context: { file: string; reason: string },
): Promise<Config> {
  const { ConfigSchema, describeIssues } = await import("./schema.ts");
  const result = ConfigSchema.safeParse(config);
  if (result.success) return result.data;
  throw new RefusalError(
    `Refusing to save an invalid config to "${context.file}" (${context.reason}): ` +
      describeIssues(result.error.issues),
  );
}

async function readText(path: string, uid: number | null): Promise<string> {
  const read = await readPrivateFile(path, { uid, label: "backup" });
  if (read === undefined) throw new Deno.errors.NotFound(`No such file "${path}"`);
  return decodeText(read.bytes, path);
}

function decodeText(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new RefusalError(
      `Cannot parse config "${path}": it is not UTF-8 text (${CONFIG_FIX_HINT})`,
    );
  }
}
