/**
 * How `deno run` runs omn in a given working directory: the bundle that
 * `deno task build` writes, under the release permission set. Shared by
 * `deno task omn`, the end-to-end tests and the benchmarks.
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { configPaths } from "../src/config/paths.ts";
import { parseExtraHosts, permissionFlags, RUN_FLAGS } from "../src/permissions/permission_set.ts";
import { grantedPaths } from "../src/permissions/granted_paths.ts";

/** The directory of the bundle (`deno task build`). */
export const BUILD_DIR = fileURLToPath(new URL("../build/", import.meta.url));

/** The bundle's entry point: the program that is tested, measured and compiled. */
export const PROGRAM = join(BUILD_DIR, "main.js");

/**
 * Flags for a `deno run` of the bundle: `RUN_FLAGS`, then the permission
 * set: the config directory (`OMNIMANCER_HOME`, else `~/.omnimancer`) read
 * and write, `<cwd>/.env` read, the bundle read (its chunks load on demand),
 * the provider hosts, loopback and `OMNIMANCER_EXTRA_HOSTS`. The config
 * directory and `./.env` are granted as written and as the links above them
 * resolve them (`grantedPaths`).
 */
export function launchFlags(env: (name: string) => string | undefined, cwd: string): string[] {
  return [
    ...RUN_FLAGS,
    ...permissionFlags({
      configDirs: grantedPaths(configPaths(env).dir),
      dotenvFiles: grantedPaths(join(cwd, ".env")),
      programDirs: [BUILD_DIR],
      extraHosts: parseExtraHosts(env("OMNIMANCER_EXTRA_HOSTS")),
    }),
  ];
}

/** The arguments of `deno` that run `omn` (then append omn's own arguments). */
export function runArgs(env: (name: string) => string | undefined, cwd: string): string[] {
  return ["run", "-q", ...launchFlags(env, cwd), PROGRAM];
}
