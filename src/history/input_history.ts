/**
 * The input history of `omn chat` on a terminal (what Up and Down recall):
 * `chat_history.jsonl` in the config directory, one JSON string per line,
 * the last {@linkcode MAX_INPUT_HISTORY} lines typed. Every line is
 * redacted before it is kept, in memory and on disk; the file is 0600 and
 * written atomically, and not at all when history is off.
 *
 * @module
 */
import { join } from "node:path";
import { ensurePrivateDir } from "../config/ensure_private_dir.ts";
import { readPrivateFile } from "../config/open_private_file.ts";
import { writeFileAtomic } from "../config/write_file_atomic.ts";
import { redact } from "../security/redact.ts";

/** How many lines are kept. */
export const MAX_INPUT_HISTORY = 500;

/** The input history file of a config directory. */
export function inputHistoryPath(configDir: string): string {
  return join(configDir, "chat_history.jsonl");
}

/** The lines typed into earlier sessions, and the lines typed into this one. */
export class InputHistory {
  #entries: string[];
  #configDir: string;
  #write: boolean;

  private constructor(configDir: string, entries: string[], write: boolean) {
    this.#configDir = configDir;
    this.#entries = entries;
    this.#write = write;
  }

  /**
   * Loads the history of a config directory; `write: false` (history off)
   * keeps new lines in memory only.
   *
   * @throws {RefusalError} when the file is a link or others can write it.
   */
  static async load(configDir: string, options: { write: boolean }): Promise<InputHistory> {
    const path = inputHistoryPath(configDir);
    const entries: string[] = [];
    const read = await readPrivateFile(path, { label: "chat history" });
    if (read !== undefined) {
      for (const line of new TextDecoder().decode(read.bytes).split("\n")) {
        try {
          const entry: unknown = JSON.parse(line);
          if (typeof entry === "string") entries.push(entry);
        } catch {
          // a torn or foreign line: skipped
        }
      }
    }
    return new InputHistory(configDir, entries.slice(-MAX_INPUT_HISTORY), options.write);
  }

  /** The lines, oldest first. */
  get entries(): readonly string[] {
    return this.#entries;
  }

  /** Adds a line (redacted; blank lines and repeats of the last one are skipped) and saves. */
  async add(line: string): Promise<void> {
    const entry = redact(line);
    if (entry.trim() === "" || entry === this.#entries.at(-1)) return;
    this.#entries.push(entry);
    if (this.#entries.length > MAX_INPUT_HISTORY) this.#entries.shift();
    if (!this.#write) return;
    await ensurePrivateDir(this.#configDir);
    const text = this.#entries.map((item) => JSON.stringify(item) + "\n").join("");
    await writeFileAtomic(inputHistoryPath(this.#configDir), text, { mode: 0o600 });
  }
}
