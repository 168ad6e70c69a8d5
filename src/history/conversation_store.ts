/**
 * The conversations on disk: one file per conversation,
 * `conversations/<id>.json` in the config directory.
 *
 * Guarantees:
 *
 * - ids are checked ({@linkcode checkConversationId}) before any path is
 *   built from them, so no id reaches outside the directory;
 * - the directory is created 0700 and every file 0600, whatever the umask,
 *   and each write is atomic ({@linkcode writeFileAtomic}): a reader, or a
 *   run that dies, sees the old file or the new one, never a part;
 * - writes are not flushed to disk (`durable: false`): a conversation is a
 *   record of what was printed, like the usage ledger, which is not flushed
 *   either, and flushing a new file cost every `ask` 1 to 2.5 ms. A power
 *   loss right after an exchange may lose it or leave its file empty; such a
 *   file is skipped by `list` with a warning naming it, and refused by the
 *   commands that read one conversation;
 * - every text is redacted before it is written ({@linkcode redactConversation});
 * - a directory or file that other users can write, or a symbolic link, is
 *   refused ({@linkcode checkPrivatePath}) before it is read or written.
 *
 * The owner check of `checkPrivatePath` is not repeated here: the config
 * directory around it has been checked, and only its owner can create
 * anything in it.
 *
 * @module
 */
import { join } from "node:path";
import { UsageError } from "../core/errors.ts";
import { ensurePrivateDir } from "../config/ensure_private_dir.ts";
import { checkPrivatePath, currentUid } from "../config/file_security.ts";
import { readPrivateFile } from "../config/open_private_file.ts";
import { writeFileAtomic } from "../config/write_file_atomic.ts";
import type { Conversation } from "./conversation.ts";
import { checkConversationId, conversationIdTime, isConversationId } from "./conversation_id.ts";
import { redactConversation } from "./redact_conversation.ts";

/** Mode of every conversation file. */
const FILE_MODE = 0o600;

/** A day in milliseconds. */
const DAY_MS = 24 * 60 * 60 * 1000;

/** Options of the {@linkcode ConversationStore} constructor. */
export interface ConversationStoreOptions {
  /** The clock that retention is measured against; injectable for tests. */
  now?: () => Date;
}

/** One conversation file found in the directory. */
interface ConversationFile {
  id: string;
  path: string;
  modified: number;
}

/**
 * Reads and writes the conversations of one config directory.
 *
 * @example
 * ```ts
 * import { ConversationStore } from "./conversation_store.ts";
 * import { newConversation } from "./conversation.ts";
 * const store = new ConversationStore(await Deno.makeTempDir());
 * await store.save(newConversation("notes", new Date()));
 * (await store.read("notes")).messages; // []
 * ```
 */
export class ConversationStore {
  /** The config directory. */
  readonly configDir: string;
  /** `conversations/` in the config directory. */
  readonly directory: string;
  #now: () => Date;

  constructor(configDir: string, options: ConversationStoreOptions = {}) {
    this.configDir = configDir;
    this.directory = join(configDir, "conversations");
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * The file of a conversation.
   *
   * @throws {UsageError} when `id` is not a valid conversation id.
   */
  pathOf(id: string): string {
    return join(this.directory, `${checkConversationId(id)}.json`);
  }

  /**
   * Reads one conversation.
   *
   * @throws {UsageError} when the id is invalid or no such conversation exists.
   * @throws {RefusalError} when the file is unsafe or not a valid conversation.
   */
  async read(id: string): Promise<Conversation> {
    const path = this.pathOf(id);
    const uid = await this.#checkDirectories();
    const read = await readPrivateFile(path, { uid, label: "conversation" });
    if (read === undefined) {
      throw new UsageError(`No conversation "${id}": list them with "omn history list"`);
    }
    const { parseConversation } = await import("./parse_conversation.ts");
    const conversation = parseConversation(new TextDecoder().decode(read.bytes), path);
    if (conversation.id !== id) {
      throw new UsageError(`Conversation file "${path}" holds the id "${conversation.id}"`);
    }
    return conversation;
  }

  /** Whether a conversation with this id exists. */
  async exists(id: string): Promise<boolean> {
    try {
      await Deno.lstat(this.pathOf(id));
      return true;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return false;
      throw error;
    }
  }

  /** The conversation changed last, if there is one. */
  async latest(): Promise<Conversation | undefined> {
    const files = await this.#files();
    const newest = files.sort((left, right) => right.modified - left.modified)[0];
    return newest === undefined ? undefined : await this.read(newest.id);
  }

  /**
   * Every conversation, changed last first; files that cannot be read are
   * left out and named in `warnings`.
   */
  async list(): Promise<{ conversations: Conversation[]; warnings: string[] }> {
    const conversations: Conversation[] = [];
    const warnings: string[] = [];
    for (const file of await this.#files()) {
      try {
        conversations.push(await this.read(file.id));
      } catch (error) {
        warnings.push(
          `Skipping conversation "${file.id}": ${error instanceof Error ? error.message : error}`,
        );
      }
    }
    conversations.sort((left, right) => right.updated_at.localeCompare(left.updated_at));
    return { conversations, warnings };
  }

  /** Writes a conversation, redacted, atomically and 0600. */
  async save(conversation: Conversation): Promise<void> {
    const path = this.pathOf(conversation.id);
    await ensurePrivateDir(this.configDir);
    await ensurePrivateDir(this.directory);
    await this.#checkDirectories();
    const text = `${JSON.stringify(redactConversation(conversation), null, 2)}\n`;
    // Not flushed to disk: see the module's doc.
    await writeFileAtomic(path, text, { mode: FILE_MODE, durable: false });
  }

  /**
   * Removes one conversation; whether it existed. The directories are
   * checked first: a delete through a linked directory would leave the
   * config directory (Deno checks the path as given).
   */
  async remove(id: string): Promise<boolean> {
    const path = this.pathOf(id);
    await this.#checkDirectories();
    try {
      await Deno.remove(path);
      return true;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return false;
      throw error;
    }
  }

  /** Removes every conversation, and the prune floor; how many there were. */
  async removeAll(): Promise<number> {
    const files = await this.#files();
    for (const file of files) await this.remove(file.id);
    try {
      // A directory in its place is none of omn's: the floor is only ever a file.
      if (!(await Deno.lstat(this.#floorPath)).isDirectory) await Deno.remove(this.#floorPath);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    return files.length;
  }

  /**
   * Removes the conversations not changed for more than `retentionDays`
   * days, except `options.keep` (the one just written); returns their ids.
   *
   * Every ask prunes, and reading each file's time made an ask with a
   * month of history (2,000 conversations) half again as slow. So:
   *
   * - after each full pass, the oldest time of a conversation kept is
   *   written to `conversations/.prune-floor`; while that time is within
   *   the retention (and not after now), no conversation can be old and
   *   the directory is not read. omn writes conversations with the time
   *   they are written, so the floor stays at or below every file's time
   *   until a pass writes the next one;
   * - in a full pass, a conversation whose id says it was created within
   *   the retention (and not after now) is passed over without reading its
   *   file's time: a file omn wrote was changed at or after its creation.
   *
   * A file given an older time by hand (`touch -d`, a copy that keeps
   * times) may thus stay until the floor or its id's time leaves the
   * retention: at most `retentionDays` more days.
   */
  async prune(retentionDays: number, options: { keep?: string } = {}): Promise<string[]> {
    const now = this.#now().getTime();
    const cutoff = now - retentionDays * DAY_MS;
    const within = (time: number | undefined): time is number =>
      time !== undefined && time >= cutoff && time <= now;
    if (within(await this.#readFloor())) return [];
    let floor = now;
    const createdWithin = (id: string) => {
      const created = conversationIdTime(id);
      if (!within(created)) return false;
      floor = Math.min(floor, created);
      return true;
    };
    const removed: string[] = [];
    for (const file of await this.#files(createdWithin)) {
      if (file.id === options.keep || file.modified >= cutoff) {
        floor = Math.min(floor, file.modified);
      } else if (await this.remove(file.id)) {
        removed.push(file.id);
      }
    }
    await this.#writeFloor(floor);
    return removed;
  }

  /** The time `.prune-floor` holds; `undefined` when there is none or it cannot be read. */
  async #readFloor(): Promise<number | undefined> {
    try {
      const uid = await this.#checkDirectories();
      const read = await readPrivateFile(this.#floorPath, {
        uid,
        label: "prune floor",
        maxBytes: 32,
      });
      const text = read === undefined ? "" : new TextDecoder().decode(read.bytes).trim();
      return /^[0-9]{1,16}$/.test(text) ? Number(text) : undefined;
    } catch {
      // Unreadable (refused, damaged, gone): the full pass reads the directory and writes it again.
      return undefined;
    }
  }

  /**
   * Writes the floor. It is only a shortcut, so a floor that cannot be
   * written (no directory, a directory in its place) fails nothing: the
   * conversations are saved and pruned already, and the next prune finds no
   * floor it can read and reads the directory. A floor left from before
   * stays a bound: every file written since has a later time.
   */
  async #writeFloor(floor: number): Promise<void> {
    try {
      await writeFileAtomic(this.#floorPath, `${Math.max(0, Math.floor(floor))}\n`, {
        mode: FILE_MODE,
        durable: false,
      });
    } catch {
      // See above: the next prune makes a full pass.
    }
  }

  get #floorPath(): string {
    return join(this.directory, ".prune-floor");
  }

  /**
   * The conversation files in the directory (none when it does not exist),
   * but those whose id `skip` passes over, whose time is not read.
   */
  async #files(skip?: (id: string) => boolean): Promise<ConversationFile[]> {
    const found: { id: string; path: string }[] = [];
    try {
      await this.#checkDirectories();
      // In this thread: one call for the whole listing, not a hop to Deno's pool (see below).
      for (const entry of Deno.readDirSync(this.directory)) {
        if (!entry.isFile || !entry.name.endsWith(".json")) continue;
        const id = entry.name.slice(0, -".json".length);
        if (!isConversationId(id) || skip?.(id)) continue;
        found.push({ id, path: join(this.directory, entry.name) });
      }
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return [];
      throw error;
    }
    // Each file's time in this thread, one call each (a few microseconds), not as async calls,
    // which would start a thread of Deno's pool for each one in flight at once and cost far more
    // than the calls themselves.
    const files: ConversationFile[] = [];
    for (const file of found) {
      const modified = modifiedAt(file);
      if (modified !== undefined) files.push(modified);
    }
    return files;
  }

  /** Checks the config and conversations directories; returns the user's id. */
  async #checkDirectories(): Promise<number | null> {
    const uid = await currentUid(this.configDir);
    await checkPrivatePath(this.configDir, { kind: "directory", uid });
    await checkPrivatePath(this.directory, {
      kind: "directory",
      uid,
      label: "conversations directory",
    });
    return uid;
  }
}

/** The file with its modification time, or `undefined` when it is gone. */
function modifiedAt(file: { id: string; path: string }): ConversationFile | undefined {
  try {
    const info = Deno.lstatSync(file.path);
    return { ...file, modified: info.mtime?.getTime() ?? 0 };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}
