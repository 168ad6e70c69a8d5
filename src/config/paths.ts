/**
 * Where omn keeps its config: one directory, `OMNIMANCER_HOME` or
 * `~/.omnimancer`, holding everything omn writes.
 *
 * @module
 */
import { posix, win32 } from "node:path";
import { RefusalError } from "../core/errors.ts";

/** The files and folders of the config directory. */
export interface ConfigPaths {
  /** The config directory (mode 0700). */
  dir: string;
  /** `config.json` (mode 0600). */
  file: string;
  /** `backups/`, earlier versions of `config.json` (mode 0700, files 0600). */
  backups: string;
  /** `config.lock`, locked while the config is being changed. */
  lock: string;
  /** `.env` in the config directory. */
  dotenv: string;
}

/** Options of {@linkcode configPaths}. */
export interface ConfigPathsOptions {
  /** The operating system whose conventions apply; defaults to `Deno.build.os`. */
  os?: typeof Deno.build.os;
}

/**
 * The config paths for an environment. `OMNIMANCER_HOME` wins; otherwise
 * `.omnimancer` in the home directory (`HOME`, or `USERPROFILE` then `HOME`
 * on Windows). Empty variables count as unset, except an empty
 * `OMNIMANCER_HOME`, which is refused rather than silently ignored. A
 * relative directory is refused: it would name another config directory in
 * each working directory, so a cloned repository could supply its own
 * config (and with it the endpoint a key is sent to).
 *
 * @example
 * ```ts
 * import { configPaths } from "./paths.ts";
 * const env: Record<string, string> = { HOME: "/home/ada" };
 * configPaths((name) => env[name], { os: "linux" }).file;
 * // "/home/ada/.omnimancer/config.json"
 * ```
 *
 * @throws {RefusalError} when no variable names a directory, or it names a relative one.
 */
export function configPaths(
  env: (name: string) => string | undefined,
  options: ConfigPathsOptions = {},
): ConfigPaths {
  const os = options.os ?? Deno.build.os;
  const path = os === "windows" ? win32 : posix;
  const override = env("OMNIMANCER_HOME");
  if (override === "") {
    throw new RefusalError(
      "Cannot locate the config directory: OMNIMANCER_HOME is set but empty: " +
        "set it to a directory or unset it",
    );
  }
  let dir: string;
  if (override !== undefined) {
    if (!path.isAbsolute(override)) {
      throw new RefusalError(
        `Cannot use OMNIMANCER_HOME "${override}": it is a relative path, which names another ` +
          "directory in each working directory (where a cloned repository could supply a config): " +
          `set it to an absolute path`,
      );
    }
    dir = withoutTrailingSeparator(path.normalize(override), path.sep);
  } else {
    const homeVariables = os === "windows" ? ["USERPROFILE", "HOME"] : ["HOME"];
    const home = homeVariables.map((name) => env(name)).find((value) => value);
    if (home === undefined) {
      throw new RefusalError(
        `Cannot locate the config directory: neither OMNIMANCER_HOME nor ${
          homeVariables.join(" nor ")
        } is set: set OMNIMANCER_HOME to the directory omn should use`,
      );
    }
    if (!path.isAbsolute(home)) {
      throw new RefusalError(
        `Cannot locate the config directory: the home directory "${home}" is a relative path, ` +
          "which names another directory in each working directory: " +
          `set ${homeVariables[0]} or OMNIMANCER_HOME to an absolute path`,
      );
    }
    dir = path.join(home, ".omnimancer");
  }
  return {
    dir,
    file: path.join(dir, "config.json"),
    backups: path.join(dir, "backups"),
    lock: path.join(dir, "config.lock"),
    dotenv: path.join(dir, ".env"),
  };
}

function withoutTrailingSeparator(dir: string, separator: string): string {
  let end = dir.length;
  while (end > 1 && dir[end - 1] === separator && dir[end - 2] !== ":") end--;
  return dir.slice(0, end);
}
