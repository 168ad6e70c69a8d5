/**
 * The permission flags for running omn from source in a given working
 * directory, shared by `deno task omn` and the end-to-end tests.
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { configPaths } from "../src/config/paths.ts";
import { parseExtraHosts, permissionFlags } from "../src/security/permission_set.ts";

/**
 * Flags for a source run: the config directory (`OMNIMANCER_HOME`, else
 * `~/.omnimancer`) read and write, `<cwd>/.env` read, omn's own `src/` read
 * (its modules load on demand), the provider hosts, loopback and
 * `OMNIMANCER_EXTRA_HOSTS`.
 */
export function launchFlags(env: (name: string) => string | undefined, cwd: string): string[] {
  return permissionFlags({
    configDirs: [configPaths(env).dir],
    dotenvFiles: [join(cwd, ".env")],
    sourceDirs: [fileURLToPath(new URL("../src/", import.meta.url))],
    extraHosts: parseExtraHosts(env("OMNIMANCER_EXTRA_HOSTS")),
  });
}
