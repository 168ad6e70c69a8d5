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
 *   `backups/config-<UTC time>-<random>.json`; at most 10 are kept
 *   (`config_backups.ts`);
 * - every write is atomic ({@linkcode writeFileAtomic}) and every file is
 *   0600 and every directory 0700, whatever the umask;
 * - the directory, the file and the backups are checked
 *   ({@linkcode checkPrivatePath}) before they are trusted, and read with
 *   `readPrivateFile`: never through a link, always the file checked.
 *
 * @module
 */
import { RefusalError } from "../core/errors.ts";
import { ensurePrivateDir } from "./ensure_private_dir.ts";
import { checkPrivatePath, currentUid } from "./file_security.ts";
import { writeFileAtomic } from "./write_file_atomic.ts";
import { readPrivateFile } from "./open_private_file.ts";
import { type FileLockOptions, withFileLock } from "./with_file_lock.ts";
import { loadConfig, loadStampedConfig } from "./load_config.ts";
import { CheckStamp } from "./check_stamp.ts";
import { CONFIG_CHECK_ID, isSchemaIdentity } from "./config_check_id.ts";
import type { ConfigPaths } from "./paths.ts";
import type { Config } from "./schema.ts";
import { emptyConfig } from "./config_constants.ts";
import { stripSecrets } from "./mask_config.ts";
import { decodeConfigText, serializeConfig, validateForSave } from "./config_text.ts";
import {
  type BackupInfo,
  type BackupTransform,
  checkBackupName,
  ConfigBackups,
  type PurgeFromBackupsOptions,
  type PurgeFromBackupsResult,
} from "./config_backups.ts";

/** Mode of `config.json`. */
const FILE_MODE = 0o600;

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
  /** How many backups to keep (at least 1); default `DEFAULT_MAX_BACKUPS` (10) of `config_backups.ts`. */
  maxBackups?: number;
  /** Told of every change written, e.g. to append to an audit log. */
  onChange?: (change: ConfigChange) => void | Promise<void>;
  /** How long to wait for `config.lock` and the clock of that wait; injectable for tests. */
  lock?: Pick<FileLockOptions, "waitMs" | "now" | "sleep" | "onWait">;
  /**
   * The schema identity check stamps are written and trusted under
   * (`config_check_id.ts`); tests give one, since the source's vouches for nothing.
   */
  checkId?: string;
}

/** Options of {@linkcode ConfigStore.read}. */
export interface ReadOptions {
  /**
   * Trust the check stamp (`check_stamp.ts`): a config it vouches for is
   * not checked against the schema again, and comes with its keys in the
   * file's order, not the schema's. For the commands that only use the
   * config (`ask`, `chat`, `batch`), never for those that print or write it.
   */
  stamped?: boolean;
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

/** Options of {@linkcode ConfigStore.exportConfig}. */
export interface ExportConfigOptions {
  /** Keep secret fields in the export; default false. */
  includeSecrets?: boolean;
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
  #backups: ConfigBackups;
  #onChange?: (change: ConfigChange) => void | Promise<void>;
  #uid: number | null | undefined;
  #lock: Pick<FileLockOptions, "waitMs" | "now" | "sleep" | "onWait">;
  #checkId: string;

  constructor(paths: ConfigPaths, options: ConfigStoreOptions = {}) {
    this.#lock = options.lock ?? {};
    this.paths = paths;
    this.#backups = new ConfigBackups(paths.backups, {
      uid: () => this.#currentUid(),
      now: options.now,
      maxBackups: options.maxBackups,
    });
    this.#onChange = options.onChange;
    this.#checkId = options.checkId ?? CONFIG_CHECK_ID;
  }

  /**
   * Reads the config after checking the directory and the file. A missing
   * directory or file gives the empty config with `exists: false`; nothing
   * is created.
   *
   * @throws {RefusalError} when the directory or file is unsafe, or the file
   * is malformed or invalid.
   */
  async read(options: ReadOptions = {}): Promise<ConfigReadResult> {
    const directory = await this.#checkDirectory();
    if (!directory.exists) return { config: emptyConfig(), exists: false, warnings: [] };
    const loaded = await this.#loadFile({ stamped: options.stamped });
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
    if (!(await this.#backups.checkDirectory()).exists) return [];
    return await this.#backups.list();
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
    checkBackupName(name);
    return await this.#locked(async () => {
      const config = await this.#backups.load(name);
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
    const directory = await this.#checkDirectory();
    if (!directory.exists) return { rewritten: [], removed: [], unreadable: [] };
    return await this.#locked(async () => {
      const result = await this.#backups.purge(transform, options);
      if (result.rewritten.length > 0 || result.removed.length > 0) {
        await this.#onChange?.({ operation: "purge", reason: "purge from backups" });
      }
      return result;
    });
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

  /** The check stamp, when this omn has a schema identity (a bundle, not the source). */
  #checkStamp(): CheckStamp | undefined {
    if (!isSchemaIdentity(this.#checkId)) return undefined;
    return new CheckStamp(this.paths.dir, () => this.#currentUid(), this.#checkId);
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
  async #loadFile(
    options: { allowMalformed?: boolean; stamped?: boolean } = {},
  ): Promise<LoadedFile> {
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
      const text = decodeConfigText(bytes, this.paths.file);
      const stamp = options.stamped ? this.#checkStamp() : undefined;
      const config = stamp
        ? await loadStampedConfig(text, this.paths.file, stamp)
        : await loadConfig(text, this.paths.file);
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
    const backup = current.bytes === undefined
      ? undefined
      : await this.#backups.save(current.bytes);
    await writeFileAtomic(this.paths.file, serializeConfig(config), { mode: FILE_MODE });
    // The stamp vouches for the old text only; gone, it keeps no hash of a text that held a key
    // just removed or rotated (the next stamped read checks and stamps the new text).
    await new CheckStamp(this.paths.dir, () => this.#currentUid(), this.#checkId).remove();
    await this.#onChange?.({ ...change, ...(backup === undefined ? {} : { backup }) });
  }
}
