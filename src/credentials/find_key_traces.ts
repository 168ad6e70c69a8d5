/**
 * Looks for a compromised key in omn's own files: conversations, the chat
 * input history, logs, the audit log, the usage ledger, batch journals,
 * doctor reports, the config directory's `.env` and temporary files left by
 * an interrupted write — every file of the config directory except the
 * config and its backups, which the revocation rewrites. Each file is searched for the key in every form the redaction
 * module masks it in; only file names and counts come out, never the key.
 *
 * @module
 */
import { basename, join, relative } from "node:path";
import type { ConfigPaths } from "../config/paths.ts";
import { countSecretOccurrences } from "../security/count_secret_occurrences.ts";

/** Files larger than this are reported as not searched rather than read whole. */
export const MAX_SEARCH_BYTES = 64 * 1024 * 1024;

/** One file that holds the key. */
export interface KeyTrace {
  /** The file, relative to the config directory (`conversations/abc.json`). */
  file: string;
  /** How many times the key occurs in it, in any form. */
  count: number;
}

/** What {@linkcode findKeyTraces} found. */
export interface KeyTraces {
  /** The files that hold one of the values, in name order. */
  traces: KeyTrace[];
  /** How many files were searched. */
  searched: number;
  /** Files too large to search (relative names). */
  skipped: string[];
}

/**
 * Whether `path` is left out of the search: the config, its backups, locks
 * and uid probes. Temporary files are searched: one that an interrupted
 * write left behind is a copy the revocation does not rewrite.
 */
function leftOut(paths: ConfigPaths, path: string): boolean {
  if (path === paths.file) return true;
  const inBackups = relative(paths.backups, path);
  if (inBackups === "" || !inBackups.startsWith("..")) return true;
  const name = basename(path);
  return name.endsWith(".lock") || name.startsWith(".uid-probe-");
}

async function filesUnder(dir: string, depth: number): Promise<string[]> {
  const files: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isFile) files.push(path);
      else if (entry.isDirectory && depth > 0) files.push(...await filesUnder(path, depth - 1));
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return files;
}

/**
 * Searches every file of the config directory but the config and its
 * backups for `values` (the key's secret fields), and counts them.
 */
export async function findKeyTraces(
  paths: ConfigPaths,
  values: readonly string[],
): Promise<KeyTraces> {
  const files = (await filesUnder(paths.dir, 4)).filter((path) => !leftOut(paths, path)).sort();
  const traces: KeyTrace[] = [];
  const skipped: string[] = [];
  let searched = 0;
  for (const path of files) {
    const file = relative(paths.dir, path);
    if ((await Deno.stat(path)).size > MAX_SEARCH_BYTES) {
      skipped.push(file);
      continue;
    }
    const text = new TextDecoder().decode(await Deno.readFile(path));
    searched++;
    const count = values.reduce((sum, value) => sum + countSecretOccurrences(text, value), 0);
    if (count > 0) traces.push({ file, count });
  }
  return { traces, searched, skipped };
}
