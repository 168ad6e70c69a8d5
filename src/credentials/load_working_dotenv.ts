/**
 * Reading `./.env`, the `.env` of the working directory, which may have come
 * with a cloned repository and so decides nothing by itself.
 *
 * The file is read only when it is a regular file (not a symbolic link, a
 * FIFO or a device), owned by the user, not writable by others and at most
 * {@linkcode DOTENV_MAX_BYTES}; it is opened with `openPrivateFile`, so what
 * is read is the file that was checked. Anything else is ignored with a
 * one-line warning, and every command still runs.
 *
 * Its credentials are used only in a trusted directory (`omn trust`, or
 * `OMNIMANCER_TRUST_DOTENV=1`): otherwise a `.env` shipped with a repository
 * could send your prompts to someone else's account. An untrusted `./.env`
 * that holds credentials gets one warning naming `omn trust`; its values are
 * still registered with the redaction module, so they are never printed.
 *
 * @module
 */
import { join } from "node:path";
import { RefusalError } from "../core/errors.ts";
import { ensurePrivateDir } from "../config/ensure_private_dir.ts";
import { currentUid } from "../config/file_security.ts";
import { readPrivateFile } from "../config/open_private_file.ts";
import type { Config } from "../config/schema.ts";
import { type DotenvResult, parseDotenv } from "./load_dotenv.ts";
import { type DotenvTrust, dotenvTrust, TRUST_DOTENV_VARIABLE } from "./trusted_directories.ts";

/** The largest `./.env` omn reads: 64 KiB (a `.env` of keys is a few hundred bytes). */
export const DOTENV_MAX_BYTES = 64 * 1024;

/** Options of {@linkcode loadWorkingDotenv}. */
export interface LoadWorkingDotenvOptions {
  /** The working directory (as `Deno.cwd()` reports it). */
  cwd: string;
  /** The config directory: its owner is the user (the uid probe runs there). */
  configDir: string;
  /** The config, for its trusted directories and custom providers. */
  config: Pick<Config, "trusted_directories" | "providers">;
  /** The environment, for `OMNIMANCER_TRUST_DOTENV`. */
  env: (name: string) => string | undefined;
  /** The user's id; found in the config directory when absent (tests inject it). */
  uid?: number | null;
}

/** What `./.env` supplied. */
export interface WorkingDotenv extends DotenvResult {
  /** Why its values may be used; absent when they may not (then `values` is empty). */
  trust?: DotenvTrust;
  /** Every credential value the file holds, trusted or not, for the redaction module. */
  secrets: Record<string, string>;
}

const SOURCE = "./.env";

/**
 * Why a `./.env` in a directory whose path holds a comma is not read: the
 * permission set leaves it out, as Deno splits a path list at every comma.
 */
export const COMMA_IN_PATH = `Not reading "${SOURCE}", if there is one: the path of this ` +
  "directory holds a comma, which omn's permission set cannot grant (Deno reads it as a " +
  "separator between paths)";

/**
 * Reads `./.env` as the module doc describes. Never throws for a file it
 * refuses: that is a warning.
 *
 * @example
 * ```ts
 * import { loadWorkingDotenv } from "./load_working_dotenv.ts";
 * const dotenv = await loadWorkingDotenv({
 *   cwd: Deno.cwd(),
 *   configDir: `${Deno.env.get("HOME")}/.omnimancer`,
 *   config: { trusted_directories: [Deno.cwd()] },
 *   env: (name) => Deno.env.get(name),
 * });
 * ```
 */
export async function loadWorkingDotenv(options: LoadWorkingDotenvOptions): Promise<WorkingDotenv> {
  const path = join(options.cwd, ".env");
  const empty = (warnings: string[] = []): WorkingDotenv => ({
    values: {},
    warnings,
    ignored: [],
    secrets: {},
  });
  try {
    // In this thread: one call of a few microseconds, on every ask, less than a hop to Deno's pool.
    Deno.lstatSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return empty();
    if (error instanceof Deno.errors.NotCapable && path.includes(",")) {
      // The permission set leaves such a ./.env out: Deno would read the comma as a separator.
      return empty([COMMA_IN_PATH]);
    }
    if (error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable) {
      return empty([`Ignoring "${SOURCE}": permission to read it was denied`]);
    }
    throw error;
  }
  const uid = options.uid !== undefined ? options.uid : await probeUid(options.configDir);
  if (uid === null && Deno.build.os !== "windows") {
    return empty([
      `Ignoring "${SOURCE}": omn cannot check who owns it, as it cannot create a file in its ` +
      `config directory "${options.configDir}": check that directory's owner and mode`,
    ]);
  }
  let bytes: Uint8Array;
  try {
    const read = await readPrivateFile(path, {
      uid,
      label: SOURCE,
      checkParent: false,
      maxBytes: DOTENV_MAX_BYTES,
      linkFix: "replace the link with a copy of the file, or set the keys another way",
    });
    if (read === undefined) return empty();
    bytes = read.bytes;
  } catch (error) {
    if (error instanceof RefusalError) {
      return empty([error.message.replace(/^Refusing to (use|read) /, "Ignoring ")]);
    }
    if (error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable) {
      return empty([`Ignoring "${SOURCE}": permission to read it was denied`]);
    }
    throw error;
  }
  const parsed = parseDotenv(new TextDecoder().decode(bytes), SOURCE, {
    customProviders: Object.keys(options.config.providers ?? {}),
  });
  const trust = dotenvTrust(options.cwd, options.config, options.env);
  if (trust !== undefined) return { ...parsed, trust, secrets: parsed.values };
  const names = Object.keys(parsed.values);
  if (names.length === 0) return empty();
  return {
    ...empty([
      `Ignoring the credentials in "${SOURCE}" (${names.join(", ")}): "${options.cwd}" is not ` +
      `a trusted directory: run "omn trust" to use them, or set ${TRUST_DOTENV_VARIABLE}=1`,
    ]),
    secrets: parsed.values,
  };
}

/** The user's id from a probe in the config directory, created (0700) if needed. */
async function probeUid(configDir: string): Promise<number | null> {
  if (Deno.build.os === "windows") return null;
  try {
    await ensurePrivateDir(configDir);
  } catch {
    return null;
  }
  return await currentUid(configDir);
}
